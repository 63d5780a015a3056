import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MODEL_FORMAT } from '../../../src/classify/types.js';
import { registerClassifyCommand } from '../../../src/cli/commands/classify.js';
import { registerEvalIntentsCommand } from '../../../src/cli/commands/eval-intents.js';
import { registerTrainCommand } from '../../../src/cli/commands/train.js';
import { syntheticExamples } from './synthetic.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-classify-cli-'));
const jsonl = (name: string, rows: unknown[]): string => {
  const path = join(dir, name);
  writeFileSync(path, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  return path;
};

async function run(...args: string[]): Promise<string> {
  const program = new Command('switchyard').exitOverride();
  registerTrainCommand(program);
  registerClassifyCommand(program);
  registerEvalIntentsCommand(program.command('eval'));
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(`${String(line)}\n`));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  await program.parseAsync(args, { from: 'user' });
  vi.restoreAllMocks();
  return out.join('');
}

afterEach(() => vi.restoreAllMocks());

describe('switchyard train / classify / eval intents', () => {
  const trainFile = jsonl('train.jsonl', syntheticExamples(30, 31, { oosCount: 30 }));
  const modelFile = join(dir, 'model.json');

  it('trains with defaults and prints a summary', async () => {
    const text = await run('train', '--input', trainFile, '--out', modelFile);
    expect(text).toMatch(/trained intent model → .*model\.json/);
    expect(text).toMatch(/examples 150, labels 5 \(out-of-scope label "oos"\)/);
    expect(JSON.parse(readFileSync(modelFile, 'utf8')).format).toBe(MODEL_FORMAT);
    const summary = JSON.parse(await run('train', '--input', trainFile, '--out', modelFile, '--json', '--seed', '3'));
    expect(summary).toMatchObject({ examples: 150, labels: 5, oosLabel: 'oos', seed: 3 });
    expect(summary.unknownThreshold).toBeGreaterThan(0);
  });

  it('classifies JSONL in order, one line per input line', async () => {
    const input = jsonl('in.jsonl', [
      { text: 'where is my parcel' },
      { text: 'tell me a joke', label: 'ignored' },
      { messages: [{ role: 'user', content: 'i forgot my password' }] },
    ]);
    const lines = (await run('classify', '--model', modelFile, '--input', input)).trim().split('\n');
    const results = lines.map((l) => JSON.parse(l) as { label: string; confidence: number });
    expect(results.map((r) => r.label)).toEqual(['order_status', 'oos', 'password']);
    expect(Object.keys(results[0]!)).toEqual(['label', 'confidence']);
    const strict = (await run('classify', '--model', modelFile, '--input', input, '--threshold', '1')).trim();
    expect(strict.split('\n').map((l) => JSON.parse(l).label)).toEqual(['unknown', 'oos', 'unknown']);
  });

  it('fails with a one-line error naming the file and line', async () => {
    const bad = jsonl('bad.jsonl', [{ text: 'ok' }, { nope: 1 }]);
    await expect(run('classify', '--model', modelFile, '--input', bad)).rejects.toThrow(
      `${bad}:2: expected "text" (string) or "messages" (array)`,
    );
    const badTrain = jsonl('bad-train.jsonl', [{ text: 'x', label: 'a' }, { text: 'y' }]);
    await expect(run('train', '--input', badTrain, '--out', modelFile)).rejects.toThrow(`${badTrain}:2: "label"`);
    await expect(run('classify', '--model', trainFile, '--input', bad)).rejects.toThrow(/model is not valid JSON/);
    await expect(run('classify', '--model', modelFile, '--input', bad, '--threshold', '2')).rejects.toThrow(
      /--threshold must be a number from 0 to 1/,
    );
  });

  it('evaluates the sets found in a directory', async () => {
    const data = mkdtempSync(join(tmpdir(), 'switchyard-intents-'));
    writeFileSync(
      join(data, 'hint3-sofmattress.train.jsonl'),
      syntheticExamples(20, 41)
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const report = JSON.parse(await run('eval', 'intents', '--data', data, '--json'));
    expect(report.results).toHaveLength(1);
    expect(report.results[0]).toMatchObject({ dataset: 'hint3-sofmattress', trainExamples: 64, items: 16 });
    expect(report.results[0].inScopeAccuracy).toBeGreaterThan(0.9);
    expect(report.skipped).toContain('banking77');
    expect(await run('eval', 'intents', '--data', data)).toMatch(/hint3-sofmattress/);
  });
});
