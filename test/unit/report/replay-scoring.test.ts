import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { baselineTraffic } from '../../../src/bench/replay.js';
import { replaySavings, summarizeRun } from '../../../src/bench/replay-summary.js';
import { cheapSubjects, readRouteLlm, routeLlmTraffic, splitRouteLlm } from '../../../src/bench/routellm.js';
import { routeLlmPolicyYaml } from '../../../src/bench/routellm-policy.js';
import { scaleProfiles } from '../../../src/bench/scale-profiles.js';
import { correctnessLabels, judgeSuccess, modelsByPrice, parseTiers, tiersByPrice } from '../../../src/bench/tiers.js';
import { parsePolicyText } from '../../../src/config/load-policy.js';
import { readTraffic } from '../../../src/traffic/read-traffic.js';
import { result } from './fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'switchyard-replay-'));

/** Writes a small RouteLLM-shaped file: subject `easy` the weak model gets right, `hard` it does not. */
function routeLlmFile(): string {
  const lines = [];
  for (let index = 0; index < 40; index += 1) {
    lines.push({ subject: 'easy', prompt: `easy question ${index}?`, weak_correct: true, strong_correct: true });
    lines.push({
      subject: 'hard',
      prompt: `hard question ${index}?`,
      weak_correct: index % 4 === 0,
      strong_correct: true,
    });
  }
  const path = join(dir, 'routellm.jsonl');
  writeFileSync(path, lines.map((line) => JSON.stringify(line)).join('\n'));
  return path;
}

describe('RouteLLM conversion', () => {
  it('splits, calibrates a subject table, and writes labelled traffic the replay reads', () => {
    const items = readRouteLlm(routeLlmFile());
    const { calibration, evaluation } = splitRouteLlm(items, 0.5, 1);
    expect(calibration.length + evaluation.length).toBe(80);
    expect(splitRouteLlm(items, 0.5, 1).calibration).toEqual(calibration);
    expect(cheapSubjects(calibration, 0.05, 5)).toEqual(['easy']);
    const trafficPath = join(dir, 'traffic.jsonl');
    writeFileSync(trafficPath, routeLlmTraffic(evaluation, 10).join('\n'));
    const traffic = readTraffic(trafficPath);
    expect(traffic).toHaveLength(10);
    expect(correctnessLabels(traffic[0]!)).toEqual({ strong: true, weak: expect.any(Boolean) });
    expect(traffic[0]?.request.metadata?.subject).toMatch(/easy|hard/);
    const policy = parsePolicyText(routeLlmPolicyYaml(['easy']), '/virtual/p.yaml').policy;
    expect(policy.routes.map((route) => route.name)).toEqual(['weak-subjects', 'default']);
    expect(tiersByPrice(policy)).toEqual({ weak: 'weak', strong: 'strong' });
  });

  it('names the line of a malformed file', () => {
    const path = join(dir, 'bad.jsonl');
    writeFileSync(path, '{"subject":"x","prompt":"p","weak_correct":true,"strong_correct":true}\n{"subject":1}\n');
    expect(() => readRouteLlm(path)).toThrow(/bad\.jsonl:2:/);
  });
});

describe('replay scoring', () => {
  const policy = parsePolicyText(routeLlmPolicyYaml([]), '/virtual/p.yaml').policy;

  it('maps models to tiers by price or by flag', () => {
    expect(modelsByPrice(policy)).toEqual(['weak', 'strong']);
    expect(parseTiers('weak=strong', policy)).toEqual({ weak: 'strong', strong: 'strong' });
    expect(() => parseTiers('nope=weak', policy)).toThrow(/--tiers: unknown model/);
  });

  it('counts a success only when the answering tier got the item right', () => {
    const tiers = { strong: 'strong', weak: 'weak' };
    const labels = { strong: true, weak: false };
    expect(judgeSuccess(result({ model: 'strong' }), labels, tiers)).toBe(true);
    expect(judgeSuccess(result({ model: 'weak' }), labels, tiers)).toBe(false);
    expect(judgeSuccess(result({ model: null, outcome: 'reviewed' }), labels, tiers)).toBe(false);
    expect(judgeSuccess(result({ outcome: 'degraded', model: null }), null, tiers)).toBe(false);
    expect(judgeSuccess(result({ model: 'weak' }), null, tiers)).toBe(true);
  });

  it('forces one model per request in baselines', () => {
    const items = [0, 1, 2].map((line) => ({
      request: { messages: [{ role: 'user' as const, content: 'q' }] },
      expect: {},
      line,
    }));
    expect(
      baselineTraffic('all-premium', items, ['weak', 'strong']).traffic.map((item) => item.request.models),
    ).toEqual([['strong'], ['strong'], ['strong']]);
    expect(
      baselineTraffic('round-robin', items, ['weak', 'strong']).traffic.map((item) => item.request.models),
    ).toEqual([['weak'], ['strong'], ['weak']]);
    expect(baselineTraffic('router', items, ['weak']).traffic[0]?.request.models).toBeUndefined();
  });

  it('computes the saving at equal success against a premium/cheap mix', () => {
    const run = (name: string, successes: number, costEach: number) =>
      summarizeRun(
        name,
        name,
        10,
        Array.from({ length: 10 }, (_, index) => result({ costUsd: costEach, answer: index < successes ? 'a' : null })),
        (item) => item.answer !== null,
      );
    const savings = replaySavings([run('router', 8, 0.5), run('all-premium', 9, 1), run('all-cheap', 5, 0.1)]);
    expect(savings.successDeltaVsPremium).toBeCloseTo(-0.1);
    expect(savings.equalSuccessPremiumShare).toBeCloseTo(0.75);
    // The mix costs 0.75 × 1 + 0.25 × 0.1 = 0.775 per request; the router 0.5.
    expect(savings.atEqualSuccess).toBeCloseTo(1 - 0.5 / 0.775);
    expect(savings.costPerSuccessVsPremium).toBeCloseTo(1 - 0.5 / 0.8 / (1 / 0.9));
  });

  it('scales simulated latencies', () => {
    const scaled = scaleProfiles({ m: { latencyMs: { p50: 100, p95: 300 }, errorRate: 0.1 } }, 0.5);
    expect(scaled.m).toEqual({ latencyMs: { p50: 50, p95: 150 }, errorRate: 0.1 });
  });
});
