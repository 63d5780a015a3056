import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerRouterCommand } from '../../../src/cli/commands/router.js';
import { readRouterModel } from '../../../src/router/model-json.js';
import { qualityCurve } from '../../../src/router/quality-curve.js';
import { StrongGainScorer, trainStrongGain } from '../../../src/router/strong-gain-model.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-router-'));
const jsonl = (name: string, rows: unknown[]): string => {
  const path = join(dir, name);
  writeFileSync(path, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
  return path;
};

/**
 * Synthetic outcomes with a learnable signal: proofs and multi-step word problems defeat the weak model (the
 * strong one gets them), small talk and lookups both get right; a few coin-flip items add noise.
 */
function outcomes(count: number, offset = 0) {
  const hard = ['prove that the series converges', 'derive the closed form of the recurrence', 'a train leaves at'];
  const easy = ['what is the capital of', 'say hello to', 'translate the word'];
  return Array.from({ length: count }, (_, index) => {
    const n = index + offset;
    const isHard = n % 2 === 0;
    const topic = (isHard ? hard : easy)[n % 3]!;
    const noise = n % 11 === 0;
    return {
      prompt: `${topic} item ${n} with some words ${n % 7}`,
      weak_correct: isHard ? noise : true,
      strong_correct: isHard ? !noise : true,
    };
  });
}

async function run(...args: string[]): Promise<{ out: string; err: string }> {
  const program = new Command('switchyard').exitOverride();
  registerRouterCommand(program);
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(`${String(line)}\n`));
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    vi.restoreAllMocks();
  }
  return { out: out.join(''), err: err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('switchyard router train / score / eval', () => {
  const trainFile = jsonl('train.jsonl', outcomes(400));
  const testFile = jsonl('test.jsonl', outcomes(200, 1000));

  it('train is deterministic and score ranks the hard prompts above the easy ones', async () => {
    const first = join(dir, 'a.json');
    const second = join(dir, 'b.json');
    await run('router', 'train', '--input', trainFile, '--out', first);
    await run('router', 'train', '--input', trainFile, '--out', second);
    expect(readFileSync(first, 'utf8')).toBe(readFileSync(second, 'utf8'));
    const prompts = jsonl('prompts.jsonl', [
      { prompt: 'prove that the series converges item 5000' },
      { messages: [{ role: 'user', content: 'what is the capital of item 5001' }] },
      { messages: [{ role: 'user', content: [{ type: 'text', text: 'derive the closed form of the recurrence' }] }] },
    ]);
    const { out } = await run('router', 'score', '--model', first, '--input', prompts);
    const scores = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { strongGain: number });
    expect(scores).toHaveLength(3);
    expect(Object.keys(scores[0]!)).toEqual(['strongGain']);
    expect(scores[0]!.strongGain).toBeGreaterThan(scores[1]!.strongGain);
    expect(scores[2]!.strongGain).toBeGreaterThan(scores[1]!.strongGain);
    for (const score of scores) expect(Math.abs(score.strongGain)).toBeLessThanOrEqual(1);
  });

  it('eval prints the curve; a learned router beats random on held-out lines', async () => {
    const model = join(dir, 'eval.json');
    await run('router', 'train', '--input', trainFile, '--out', model);
    const { out } = await run('router', 'eval', '--model', model, '--input', testFile, '--json');
    const curve = JSON.parse(out) as { apgr: number; cpt50: number; points: unknown[] };
    expect(curve.apgr).toBeGreaterThan(0.65); // random ≈ 0.5; perfect order here ≈ 0.75
    expect(curve.cpt50).toBeLessThan(0.5);
    expect(curve.points).toHaveLength(21);
    expect((await run('router', 'eval', '--model', model, '--input', testFile)).out).toContain('APGR');
  });

  it('bad lines name the file and line; a model file that is not a router is refused by field', async () => {
    const broken = jsonl('broken.jsonl', [
      { prompt: 'ok', weak_correct: true, strong_correct: false },
      { prompt: 'x' },
    ]);
    await expect(run('router', 'train', '--input', broken, '--out', join(dir, 'x.json'))).rejects.toThrow(
      `${broken}:2: expected "weak_correct" and "strong_correct"`,
    );
    const notJson = join(dir, 'bad.jsonl');
    writeFileSync(notJson, '{"prompt": "a", "weak_correct": true, "strong_correct": true}\n{oops\n');
    await expect(run('router', 'train', '--input', notJson, '--out', join(dir, 'y.json'))).rejects.toThrow(
      `${notJson}:2: invalid JSON`,
    );
    const wrongModel = jsonl('wrong-model.json', [{ format: 'something-else' }]);
    expect(() => readRouterModel(wrongModel)).toThrow(/wrong-model\.json: format/);
  });
});

describe('quality curve', () => {
  it('APGR is highest for the oracle order, lower reversed, and CPT reads off the curve', () => {
    const items = [
      { score: 3, weakCorrect: false, strongCorrect: true },
      { score: 2, weakCorrect: false, strongCorrect: true },
      { score: 1, weakCorrect: true, strongCorrect: true },
      { score: 0, weakCorrect: true, strongCorrect: true },
    ];
    const oracle = qualityCurve(items);
    expect(oracle.weakOnly).toBe(0.5);
    expect(oracle.strongOnly).toBe(1);
    expect(oracle.cpt50).toBe(0.25);
    expect(oracle.cpt80).toBe(0.5);
    expect(oracle.apgr).toBeCloseTo(0.75); // trapezoids: 0.25·(0.25 + 0.75 + 1 + 1)
    const reversed = qualityCurve(items.map((item) => ({ ...item, score: -item.score })));
    expect(reversed.apgr).toBeLessThan(oracle.apgr);
    expect(reversed.cpt50).toBe(0.75);
  });

  it('a scorer built from a trained model is sub-millisecond-sized work: scoring 1000 prompts reuses one featurizer', () => {
    const model = trainStrongGain(
      outcomes(100).map((row) => ({
        text: row.prompt,
        weakCorrect: row.weak_correct,
        strongCorrect: row.strong_correct,
      })),
    );
    const scorer = new StrongGainScorer(model);
    const first = scorer.strongGain('prove that the series converges');
    for (let index = 0; index < 1000; index += 1) scorer.strongGain(`prompt ${index}`);
    expect(scorer.strongGain('prove that the series converges')).toBe(first);
  });
});
