import { createReadStream, readFileSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseModel, serializeModel } from './model-codec.js';
import type { LabelledExample, TrainedModel } from './types.js';

/** Reads and validates a model artifact; errors name the file. */
export function readModelFile(path: string): TrainedModel {
  let json: string;
  try {
    json = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(
      code === 'ENOENT' ? `${path}: model file not found` : `${path}: cannot read model: ${code ?? String(error)}`,
    );
  }
  try {
    return parseModel(json);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** Writes the artifact; returns its size in bytes. */
export function writeModelFile(path: string, model: TrainedModel): number {
  const json = serializeModel(model);
  writeFileSync(path, json);
  return Buffer.byteLength(json);
}

/** Parses one JSONL line as a JSON object (with a string `text` unless `requireText` is false); errors name `file:line`. */
export function parseJsonlRecord(raw: string, file: string, line: number, requireText = true): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new Error(`${file}:${line}: not valid JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`${file}:${line}: expected a JSON object`);
  }
  const record = value as Record<string, unknown>;
  if (requireText && typeof record.text !== 'string') throw new Error(`${file}:${line}: "text" must be a string`);
  return record;
}

/** Parses one `{"text","label"}` training line. */
export function parseExampleLine(raw: string, file: string, line: number): LabelledExample {
  const record = parseJsonlRecord(raw, file, line);
  if (typeof record.label !== 'string' || record.label === '') {
    throw new Error(`${file}:${line}: "label" must be a non-empty string`);
  }
  return { text: record.text as string, label: record.label };
}

/** Reads a whole `{"text","label"}` JSONL file (blank lines are skipped). */
export function readExamplesFile(path: string): LabelledExample[] {
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(code === 'ENOENT' ? `${path}: file not found` : `${path}: cannot read: ${code ?? String(error)}`);
  }
  const examples: LabelledExample[] = [];
  content.split('\n').forEach((raw, i) => {
    if (raw.trim() !== '') examples.push(parseExampleLine(raw, path, i + 1));
  });
  return examples;
}

/** Streams the non-blank lines of a file (or stream) with their 1-based line numbers. */
export async function* readLines(
  input: string | NodeJS.ReadableStream,
  source = typeof input === 'string' ? input : 'input',
): AsyncGenerator<{ raw: string; line: number }> {
  const stream = typeof input === 'string' ? createReadStream(input, { encoding: 'utf8' }) : input;
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const raw of lines) {
      line++;
      if (raw.trim() !== '') yield { raw, line };
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new Error(code === 'ENOENT' ? `${source}: file not found` : `${source}: cannot read: ${code}`);
  } finally {
    lines.close();
  }
}
