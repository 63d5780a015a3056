import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteResult } from '../../src/policy/types.js';
import { writeRouterModel } from '../../src/router/model-json.js';
import { trainStrongGain } from '../../src/router/strong-gain-model.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const HARD = ['prove that the series converges', 'derive the closed form of the recurrence'];
const EASY = ['what is the capital of', 'say hello to'];

/** Outcomes where the weak model fails the proofs and derivations and both models get the small talk right. */
function outcomes() {
  return Array.from({ length: 300 }, (_, n) => {
    const hard = n % 2 === 0;
    const topic = (hard ? HARD : EASY)[n % 2 === 0 ? (n / 2) % 2 : ((n - 1) / 2) % 2]!;
    return { text: `${topic} item ${n}`, weakCorrect: !hard, strongCorrect: true };
  });
}

/**
 * Routing on the strong-gain router on a real dev server: the worker scores each request in the inspection, the
 * strong model goes first for requests that need it and the cheap one for the rest (attempts asserted at the fake
 * provider); the score and the reason are in the result; histories replay.
 */
describe('strong-gain routing', () => {
  let harness: Harness;
  const results: RouteResult[] = [];

  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-strong-gain-'));
    const router = join(dir, 'router.json');
    writeRouterModel(router, trainStrongGain(outcomes()));
    harness = await startHarness({
      policyYaml: `
version: strong-gain-test-1
defaults: { timeoutMs: 10000, firstTokenTimeoutMs: 10000, deadlineMs: 60000, retries: 0, maxOutputTokens: 64, bias: cost }
providers:
  fake: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cheap: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  strong: { provider: fake, id: ok, contextTokens: 200000, price: { inputPer1M: 10, outputPer1M: 20 } }
classifier: { router: ${JSON.stringify(router)} }
routes:
  - { name: general, primary: cheap, fallbacks: [strong], strongGain: { model: strong, threshold: 0.5 } }
`,
    });
  });
  afterAll(async () => {
    await harness?.stop();
  });

  it('the strong model answers first where the router says it is needed, the cheap one elsewhere', async () => {
    const ask = (content: string) => harness.router.route({ messages: [{ role: 'user', content }] });
    const hard = await Promise.all(HARD.map((topic) => ask(`${topic} item 9001`)));
    const easy = await Promise.all(EASY.map((topic) => ask(`${topic} item 9002`)));
    results.push(...hard, ...easy);
    for (const result of hard) {
      expect(result.model).toBe('strong');
      expect(result.classification?.strongGain?.score).toBeGreaterThan(0.5);
      expect(result.trail.find((entry) => entry.step === 'route')?.reason).toMatch(
        /strongGain [\d.]+ vs threshold 0.5: strong first/,
      );
      expect(harness.fake.attempts({ workflowId: result.workflowId }).length).toBe(1);
    }
    for (const result of easy) {
      expect(result.model).toBe('cheap');
      expect(result.classification?.strongGain?.score).toBeLessThan(0.5);
      expect(result.trail.find((entry) => entry.step === 'route')?.reason).toContain('cheap first');
    }
  }, 60_000);

  it('histories replay', async () => {
    expect(
      await replayFailures(
        harness.client,
        results.map((result) => result.workflowId),
      ),
    ).toEqual([]);
  }, 60_000);
});
