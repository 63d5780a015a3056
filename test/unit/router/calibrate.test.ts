import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { describe, expect, it, vi } from 'vitest';
import { registerRouterCommand } from '../../../src/cli/commands/router.js';
import { mulberry32 } from '../../../src/random/mulberry32.js';
import { calibrateThreshold, recordedScores } from '../../../src/router/calibrate.js';
import { writeRouterModel } from '../../../src/router/model-json.js';
import { StrongGainScorer, trainStrongGain } from '../../../src/router/strong-gain-model.js';

const shareAtOrAbove = (scores: readonly number[], threshold: number) =>
  scores.filter((score) => score >= threshold).length / scores.length;

describe('calibrateThreshold', () => {
  const random = mulberry32(7);
  const scores = Array.from({ length: 997 }, () => random() * 2 - 1);

  it('hits the target within one item on distinct scores, measured at the printed threshold', () => {
    for (const target of [0, 0.01, 0.2, 0.5, 0.73, 0.999, 1]) {
      const calibration = calibrateThreshold(scores, target);
      expect(calibration.requests).toBe(997);
      expect(Math.abs(calibration.realisedShareAtThreshold - target)).toBeLessThanOrEqual(1 / 997);
      expect(calibration.realisedShareAtThreshold).toBe(shareAtOrAbove(scores, calibration.threshold));
      expect(calibration.threshold).toBeGreaterThanOrEqual(-1);
      expect(calibration.threshold).toBeLessThanOrEqual(1);
    }
  });

  it('does not depend on the order of the scores', () => {
    const reversed = [...scores].reverse();
    expect(calibrateThreshold(reversed, 0.3)).toEqual(calibrateThreshold(scores, 0.3));
  });

  it('ties: picks the reachable share nearest the target, the smaller one when two are as near', () => {
    const tied = [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.1, 0.1, 0.1, 0.1]; // reachable shares 0, 0.6, 1
    expect(calibrateThreshold(tied, 0.5).realisedShareAtThreshold).toBe(0.6);
    expect(calibrateThreshold(tied, 0.85).realisedShareAtThreshold).toBe(1);
    const even = calibrateThreshold(tied, 0.3);
    expect(even.realisedShareAtThreshold).toBe(0);
    expect(even.threshold).toBeGreaterThan(0.5);
    expect(calibrateThreshold(tied, 0.8).realisedShareAtThreshold).toBe(0.6);
    const all = calibrateThreshold(tied, 0.81);
    expect(all.realisedShareAtThreshold).toBe(1);
    expect(all.threshold).toBeLessThanOrEqual(0.1);
    const cut = calibrateThreshold(tied, 0.6);
    expect(cut.threshold).toBeGreaterThan(0.1);
    expect(cut.threshold).toBeLessThanOrEqual(0.5);
  });

  it('reports the share within the unsure margin, and refuses bad input', () => {
    const calibration = calibrateThreshold([0.2, 0.21, 0.5, 0.9], 0.5, { unsureMargin: 0.05 });
    expect(calibration.threshold).toBeCloseTo(0.355, 6);
    expect(calibration.unsureShare).toBe(0);
    expect(calibrateThreshold([0.2, 0.21, 0.22, 0.9], 0.5, { unsureMargin: 0.05 }).unsureShare).toBe(0.75);
    expect(() => calibrateThreshold([], 0.5)).toThrow('no strongGain scores');
    expect(() => calibrateThreshold([0.1], 1.5)).toThrow('within 0..1');
  });

  it('a score of 1 cannot be cut above: share 0 is then out of reach and reported as it is', () => {
    expect(calibrateThreshold([1, 0.2], 0).realisedShareAtThreshold).toBe(0.5);
  });
});

describe('recordedScores', () => {
  const result = (route: string | null, score?: number) => ({
    route,
    classification: score === undefined ? null : ({ strongGain: { score, rank: 0.5 } } as never),
  });

  it('reads the recorded strongGain scores, of one route when named', () => {
    const results = [result('a', 0.3), result('b', -0.2), result('a'), result(null)];
    expect(recordedScores(results)).toEqual({ scores: [0.3, -0.2], withoutScore: 2 });
    expect(recordedScores(results, 'a')).toEqual({ scores: [0.3], withoutScore: 1 });
  });
});

describe('switchyard router calibrate --input --model (offline)', () => {
  it('scores the prompts with the router and prints the threshold as JSON', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-calibrate-'));
    const topics = ['prove that the series converges', 'what is the capital of', 'a train leaves at', 'say hello'];
    const model = trainStrongGain(
      Array.from({ length: 200 }, (_, n) => ({
        text: `${topics[n % 4]} item ${n}`,
        weakCorrect: n % 4 !== 0 && (n % 4 !== 2 || n % 3 === 0),
        strongCorrect: true,
      })),
    );
    const router = join(dir, 'router.json');
    writeRouterModel(router, model);
    const prompts = Array.from({ length: 40 }, (_, n) => `${topics[n % 4]} item ${1000 + n}`);
    const input = join(dir, 'prompts.jsonl');
    writeFileSync(input, `${prompts.map((prompt) => JSON.stringify({ prompt })).join('\n')}\n`);
    const program = new Command('switchyard').exitOverride();
    registerRouterCommand(program);
    const out: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => void out.push(String(line)));
    try {
      await program.parseAsync(
        ['router', 'calibrate', '--target', '0.25', '--input', input, '--model', router, '--json'],
        {
          from: 'user',
        },
      );
    } finally {
      vi.restoreAllMocks();
    }
    const printed = JSON.parse(out.join('')) as { threshold: number; requests: number; source: string };
    const scorer = new StrongGainScorer(model);
    expect(printed).toEqual({
      ...calibrateThreshold(
        prompts.map((prompt) => scorer.strongGain(prompt)),
        0.25,
      ),
      withoutScore: 0,
      route: null,
      source: input,
    });
    expect(printed.requests).toBe(40);
  });
});
