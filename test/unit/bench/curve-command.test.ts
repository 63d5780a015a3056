import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CurveBenchResult } from '../../../src/bench/replay-curve.js';
import { registerBenchCommand } from '../../../src/cli/commands/bench.js';
import { writeRouterModel } from '../../../src/router/model-json.js';
import { trainStrongGain } from '../../../src/router/strong-gain-model.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-curve-'));

/**
 * A labelled file in the router's training format, mixing `prompt` and `messages` lines and 0/1 flags: the weak
 * model fails proofs and derivations (the strong one gets them), both get small talk right, some items are noise.
 */
function labelledFile(count: number): string {
  const hard = ['prove that the series converges', 'derive the closed form of the recurrence'];
  const easy = ['what is the capital of', 'say hello to', 'translate the word'];
  const lines = Array.from({ length: count }, (_, n) => {
    const isHard = n % 2 === 0;
    const text = `${(isHard ? hard : easy)[n % (isHard ? 2 : 3)]} item ${n}`;
    const noise = n % 7 === 0;
    const labels = { weak_correct: isHard ? noise : !noise, strong_correct: isHard ? !noise : 1 };
    return JSON.stringify(
      n % 3 === 0 ? { messages: [{ role: 'user', content: text }], ...labels } : { prompt: text, ...labels },
    );
  });
  const path = join(dir, `labelled-${count}.jsonl`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

async function bench(...args: string[]): Promise<string> {
  const program = new Command('switchyard').exitOverride();
  registerBenchCommand(program);
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(`${String(line)}\n`));
  try {
    await program.parseAsync(['bench', 'replay', '--curve', ...args], { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return out.join('');
}

afterEach(() => vi.restoreAllMocks());

describe('switchyard bench replay --curve', () => {
  const input = labelledFile(400);

  it('trains on a hashed half, scores the other and prints the curve as JSON, the same every run', async () => {
    const first = await bench('--input', input, '--json');
    expect(await bench('--input', input, '--json')).toBe(first);
    const result = JSON.parse(first) as CurveBenchResult;
    expect(result).toMatchObject({ input, lines: 400, mode: 'split', splitSeed: 1, folds: null });
    expect(result.trainItems + result.curve.items).toBe(400);
    expect(result.trainItems).toBeGreaterThan(150);
    expect(result.trainItems).toBeLessThan(250);
    const { curve } = result;
    expect(Object.keys(curve).sort()).toEqual(
      [
        'apgr',
        'costReductionAt95',
        'cpt50',
        'cpt80',
        'items',
        'oracle',
        'oraclePoints',
        'points',
        'random',
        'rows',
        'strongCostRatio',
        'strongOnly',
        'strongShareAt95',
        'weakOnly',
      ].sort(),
    );
    expect(curve.rows.map((row) => Math.round(row.strongShare * 100))).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100,
    ]);
    expect(curve.rows[0]).toMatchObject({ pgr: 0 });
    expect(curve.rows[10]).toMatchObject({ pgr: 1 });
    // The signal is learnable: well above the random band's APGR of about 0.5.
    expect(curve.apgr).toBeGreaterThan(0.6);
    expect(curve.random.apgr.high).toBeLessThan(curve.apgr);
    expect(curve.strongCostRatio).toBe(10);
    expect(curve.costReductionAt95).toBeCloseTo((1 - curve.strongShareAt95) * 0.9, 12);
  }, 30_000);

  it('prints the table and figures, writes the HTML chart, and cross-validates with --folds', async () => {
    const html = join(dir, 'curve.html');
    const text = await bench('--input', input, '--folds', '3', '--strong-cost-ratio', '5', '--html', html);
    expect(text).toMatch(/APGR 0\.\d{3} \(random 0\.\d{3}/);
    expect(text).toMatch(/CPT\(50%\) [\d.]+%, CPT\(80%\) [\d.]+%/);
    expect(text).toMatch(/cost [\d.]+% below strong-only \(strong 5× the weak price\)/);
    expect(text).toMatch(/3-fold APGR 0\.\d{3} ± 0\.\d{3} \(0\.\d{3}, 0\.\d{3}, 0\.\d{3}\)/);
    expect(text).toContain('strong share  quality    PGR  random  random range  oracle');
    expect(text.split('\n').filter((line) => /^\s+\d+\.\d%\s+\d+\.\d%\s+-?\d\.\d{3}/.test(line))).toHaveLength(11);
    const page = readFileSync(html, 'utf8');
    for (const part of ['<svg', 'class="router"', 'class="random-band"', 'class="random"', 'class="oracle"', '<table>'])
      expect(page).toContain(part);
  }, 60_000);

  it('scores every line with a given router', async () => {
    const model = join(dir, 'router.json');
    writeRouterModel(model, trainStrongGain([{ text: 'prove it', weakCorrect: false, strongCorrect: true }]));
    const result = JSON.parse(await bench('--input', input, '--model', model, '--json')) as CurveBenchResult;
    expect(result).toMatchObject({ mode: 'model', trainItems: 0, curve: { items: 400 } });
  }, 30_000);

  it('refuses a file that is not in the training format, naming the line', async () => {
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"prompt":"x","weak_correct":true,"strong_correct":true}\n{"text":"y"}\n');
    await expect(bench('--input', bad)).rejects.toThrow(`${bad}:2: expected "prompt"`);
  });
});
