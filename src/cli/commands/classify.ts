import { once } from 'node:events';
import type { Command } from '@commander-js/extra-typings';
import { createClassifier } from '../../classify/classifier.js';
import { parseJsonlRecord, readLines, readModelFile } from '../../classify/model-file.js';
import { parseThreshold } from './train.js';

/**
 * `switchyard classify --model M --input in.jsonl [--threshold T] [--alternatives N]`: one
 * `{"label","confidence"}` JSONL line per non-blank input line, in order, streamed. Input lines are
 * `{"text"}` (any other fields, such as a gold `label`, are ignored) or `{"messages":[…]}` (the last user
 * message is classified). Label `unknown` when the confidence is below the threshold; `oos` when the model
 * learned an out-of-scope class and it wins.
 */
export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('classify JSONL lines ({"text"} or {"messages"}) with a trained model; prints {"label","confidence"}')
    .requiredOption('--model <file>', 'model artifact written by `switchyard train`')
    .requiredOption('--input <file>', 'JSONL to classify ("-" for standard input)')
    .option('--threshold <t>', "unknown threshold 0..1 (default: the model's learned one)", parseThreshold)
    .option('--alternatives <n>', 'also print the N next best labels', parseCount)
    .option('--json', 'print JSONL (the default and only format)')
    .action(async (options) => {
      const model = readModelFile(options.model);
      const classifier = createClassifier(model, {
        ...(options.threshold === undefined ? {} : { unknownThreshold: options.threshold }),
        alternatives: options.alternatives ?? 0,
      });
      const source = options.input === '-' ? 'stdin' : options.input;
      for await (const { raw, line } of readLines(options.input === '-' ? process.stdin : options.input, source)) {
        const text = textOf(parseJsonlRecord(raw, source, line, false), source, line);
        const result = classifier.classify(text);
        const out: Record<string, unknown> = { label: result.label, confidence: round(result.confidence) };
        if (options.alternatives) {
          out.alternatives = result.alternatives.map((a) => ({ label: a.label, confidence: round(a.confidence) }));
        }
        if (!process.stdout.write(`${JSON.stringify(out)}\n`)) await once(process.stdout, 'drain');
      }
    });
}

/** The text to classify: `text`, else the last user message of `messages`. */
function textOf(record: Record<string, unknown>, source: string, line: number): string {
  if (typeof record.text === 'string') return record.text;
  if (Array.isArray(record.messages)) {
    for (let i = record.messages.length - 1; i >= 0; i--) {
      const m = record.messages[i] as { role?: unknown; content?: unknown } | null;
      if (m && m.role === 'user' && typeof m.content === 'string') return m.content;
    }
    throw new Error(`${source}:${line}: "messages" has no user message with string content`);
  }
  throw new Error(`${source}:${line}: expected "text" (string) or "messages" (array)`);
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

function parseCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 50)
    throw new Error(`--alternatives must be an integer 0..50, got "${value}"`);
  return n;
}
