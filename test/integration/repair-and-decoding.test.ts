import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditWorkflow } from '../../src/audit/audit-workflow.js';
import type { FakeAttempt } from '../../src/fake-provider/index.js';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { STRICT_FORMAT_INSTRUCTION } from '../../src/output/strict-format-instruction.js';
import type { RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * Issue 18, items 1 and 4, on a real dev server with the fake provider over HTTP: an almost-JSON answer repaired
 * without a second paid call (one request at the provider, a `repair` trail step); the retry after a format failure
 * sent with the adjusted values (temperature 0, the stricter instruction); decoding values reaching the OpenAI and
 * Anthropic wires as the policy sets them, and a caller's values through the gateway ignored or clamped as the route
 * says. Every history replays.
 */
const SCHEMA = '{ type: object, required: [answer], properties: { answer: { type: string } } }';
const POLICY = `
version: repair-decoding-1
defaults:
  timeoutMs: 5000
  firstTokenTimeoutMs: 5000
  deadlineMs: 20000
  retries: 1
  retryDelayMs: 0
  maxOutputTokens: 100
  decoding: { topP: 0.95 }
providers:
  oa: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  an: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  almost-oa: { provider: oa, id: almost-json, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  almost-an: { provider: an, id: "almost-json:latency=1", contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  prose-oa: { provider: oa, id: "bad-json:once=1", contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  prose-an: { provider: an, id: "bad-json:once=1,latency=1", contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  tools-oa: { provider: oa, id: "bad-json:once=1,latency=2", contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json, tools] }
  tools-an: { provider: an, id: "bad-json:once=1,latency=2", contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json, tools] }
  hopeless: { provider: oa, id: bad-json, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  ok-oa: { provider: oa, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, decoding: { seed: 11, temperature: 0.6 } }
  ok-an: { provider: an, id: "ok:latency=1", contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
routes:
  - { name: repair-oa, primary: almost-oa, responseFormat: { type: json, schema: ${SCHEMA} } }
  - { name: repair-an, primary: almost-an, responseFormat: { type: json, schema: ${SCHEMA} } }
  - { name: no-repair, primary: almost-oa, responseFormat: { type: json }, repair: false, retries: 0 }
  - { name: hopeless, primary: hopeless, responseFormat: { type: json }, retries: 0 }
  - name: adjusted-oa
    primary: prose-oa
    responseFormat: { type: json, schema: ${SCHEMA} }
    decoding: { temperature: 0.8 }
    adjustedRetry: { temperature: 0, strictFormat: true }
  - name: adjusted-an
    primary: prose-an
    responseFormat: { type: json }
    decoding: { temperature: 0.8 }
    adjustedRetry: { temperature: 0, strictFormat: true }
  - { name: tool-oa, primary: tools-oa, responseFormat: { type: json, schema: ${SCHEMA} }, adjustedRetry: { schemaTool: true } }
  - { name: tool-an, primary: tools-an, responseFormat: { type: json, schema: ${SCHEMA} }, adjustedRetry: { schemaTool: true } }
  - name: clamp-oa
    primary: ok-oa
    decoding: { temperature: 0.2, topP: 0.9, stop: ["###"], seed: 7 }
    callerDecoding: clamp
    decodingLimits: { temperature: { max: 1 }, topP: { min: 0.5 }, maxStop: 1 }
  - name: clamp-an
    primary: ok-an
    decoding: { temperature: 0.2, topP: 0.9, stop: ["###"], seed: 7 }
    callerDecoding: clamp
    decodingLimits: { temperature: { max: 1 }, topP: { min: 0.5 }, maxStop: 1 }
  - { name: ignore-oa, primary: ok-oa, decoding: { temperature: 0.2, topP: 0.9, stop: ["###"], seed: 7 } }
  - { name: ignore-an, primary: ok-an, decoding: { temperature: 0.2, topP: 0.9, stop: ["###"], seed: 7 } }
  - { name: model-values, primary: ok-oa }
  - { name: default, primary: ok-oa }
access: { forceRoutes: all }
`;

let harness: Harness;
let gateway: Gateway;
let openai: OpenAI;

beforeAll(async () => {
  harness = await startHarness({ policyYaml: POLICY });
  gateway = await startGateway({ router: harness.router, client: harness.client, policy: harness.policy, port: 0 });
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'not-checked', maxRetries: 0 });
});

/** Attempts and cost per request of the repair and adjusted-retry cases, printed at the end (not asserted). */
const figures: { route: string; attempts: number; providerRequests: number; costUsd: number }[] = [];
const keep = (route: string, result: RouteResult): void => {
  figures.push({
    route,
    attempts: result.attempts.length,
    providerRequests: wireOf(result.workflowId).length,
    costUsd: result.costUsd,
  });
};

afterAll(async () => {
  if (figures.length > 0) console.log(`repair and adjusted retries:\n${JSON.stringify(figures, null, 1)}`);
  await gateway?.close();
  await harness?.stop();
});

const ask = (route: string, content = 'Give me the answer as JSON'): Promise<RouteResult> =>
  harness.router.route({ messages: [{ role: 'user', content }], route });
const wireOf = (workflowId: string): FakeAttempt[] => harness.fake.attempts({ workflowId });

describe('repair before a format failure counts', () => {
  it.each(['repair-oa', 'repair-an'])(
    '%s: an almost-JSON answer is repaired and answered with one request at the provider',
    async (route) => {
      const result = await ask(route);
      keep(route, result);
      expect(result.outcome).toBe('answered');
      expect(JSON.parse(result.answer ?? '')).toEqual({ answer: expect.stringMatching(/^Simulated answer/) });
      expect(result.attempts).toHaveLength(1);
      expect(result.attempts[0]).toMatchObject({ ok: true, formatFailure: false });
      expect(wireOf(result.workflowId)).toHaveLength(1);
      const repair = result.trail.filter((entry) => entry.step === 'repair');
      expect(repair).toHaveLength(1);
      expect(repair[0]).toMatchObject({
        outcome: 'repaired',
        detail: { changes: ['code fence', 'trailing comma', 'single quotes'] },
      });
      expect(repair[0]!.reason).toMatch(
        /^attempt 1 primary\/almost-(oa|an): answer repaired \(code fence, trailing comma, single quotes\) and valid$/,
      );
      expect(repair[0]!.reason).not.toContain('Simulated');
    },
    30_000,
  );

  it('with repair: false the same answer is a format failure (no repair step)', async () => {
    const result = await ask('no-repair');
    keep('no-repair', result);
    expect(result.outcome).toBe('degraded');
    expect(result.attempts).toMatchObject([{ ok: false, formatFailure: true, errorType: 'OutputFormatInvalid' }]);
    expect(result.trail.some((entry) => entry.step === 'repair')).toBe(false);
  }, 30_000);

  it('the audit rebuilds the repair step from the history, before the attempt it belongs to', async () => {
    const [repaired, hopeless] = await Promise.all([ask('repair-oa'), ask('hopeless')]);
    for (const [result, outcome] of [
      [repaired, 'repaired'],
      [hopeless, 'failed'],
    ] as const) {
      const steps = (await auditWorkflow(harness.client, result.workflowId)).steps;
      const at = steps.findIndex((step) => step.step === 'repair');
      expect(steps[at]).toMatchObject({ outcome, source: 'history' });
      expect(steps[at]!.reason).toBe(result.trail.find((entry) => entry.step === 'repair')?.reason);
      expect(steps[at + 1]?.step).toBe('attempt');
    }
  }, 30_000);

  it('prose that no repair can fix: repair failed, counted as a format failure', async () => {
    const result = await ask('hopeless');
    expect(result.outcome).toBe('degraded');
    expect(result.attempts).toMatchObject([{ ok: false, formatFailure: true }]);
    expect(result.attempts[0]!.message).toMatch(/repair failed: no JSON object or array in the answer/);
    expect(result.trail.filter((entry) => entry.step === 'repair')).toMatchObject([
      { outcome: 'failed', reason: 'attempt 1 primary/hopeless: no JSON object or array in the answer' },
    ]);
  }, 30_000);
});

describe('the adjusted retry after a format failure', () => {
  it.each([
    ['adjusted-oa', 'openai'],
    ['adjusted-an', 'anthropic'],
  ])(
    '%s: the retry goes out at temperature 0 with the stricter instruction (%s wire)',
    async (route, wire) => {
      const result = await ask(route);
      keep(route, result);
      expect(result.outcome).toBe('answered');
      expect(result.attempts.map(({ role, ok, formatFailure }) => ({ role, ok, formatFailure }))).toEqual([
        { role: 'primary', ok: false, formatFailure: true },
        { role: 'retry', ok: true, formatFailure: false },
      ]);
      const retryLine = result.trail.find((entry) => entry.step === 'retry');
      expect(retryLine?.reason).toMatch(/; adjusted: temperature 0, stricter format instruction$/);
      const [first, retry] = wireOf(result.workflowId);
      expect(first).toMatchObject({ wire, attempt: 1, decoding: { temperature: 0.8 } });
      expect(first!.text).not.toContain(STRICT_FORMAT_INSTRUCTION);
      expect(retry).toMatchObject({ wire, attempt: 2, decoding: { temperature: 0 } });
      expect(retry!.text).toContain(STRICT_FORMAT_INSTRUCTION);
      if (route === 'adjusted-oa') expect(retry!.text).toContain('"required":["answer"]');
    },
    30_000,
  );
});

describe('the schema as a tool on the adjusted retry', () => {
  it.each([
    ['tool-oa', 'openai'],
    ['tool-an', 'anthropic'],
  ])(
    '%s: the retry offers the schema as a forced tool and answers with its arguments (%s wire)',
    async (route) => {
      const result = await ask(route);
      keep(route, result);
      expect(result.outcome).toBe('answered');
      expect(result.attempts.map(({ role, ok }) => ({ role, ok }))).toEqual([
        { role: 'primary', ok: false },
        { role: 'retry', ok: true },
      ]);
      expect(result.trail.find((entry) => entry.step === 'retry')?.reason).toMatch(
        /adjusted: schema as a tool where the model takes tools$/,
      );
      // The fake calls a forced tool with arguments sampled from its schema: the answer is the call's arguments.
      expect(JSON.parse(result.answer ?? '')).toEqual({ answer: 'sample 1' });
      expect(result.finish).toBe('stop');
      expect(result.toolCalls).toBeNull();
      expect(wireOf(result.workflowId)).toHaveLength(2);
    },
    30_000,
  );
});

describe('decoding parameters on the wire', () => {
  const callerValues = { temperature: 1.7, top_p: 0.2, stop: ['END', '@@'], seed: 42 };

  it.each([
    ['clamp-oa', 'openai', 42],
    ['clamp-an', 'anthropic', null],
  ])(
    '%s: the caller’s values pass, clamped to the route’s limits (%s wire)',
    async (route, wire, seed) => {
      const completion = await openai.chat.completions.create({
        model: `route:${route}`,
        messages: [{ role: 'user', content: 'hello there' }],
        ...callerValues,
        max_tokens: 500,
      });
      expect(completion.choices[0]?.finish_reason).toBe('stop');
      const sent = harness.fake
        .attempts()
        .filter((attempt) => attempt.text.includes('hello there') && attempt.wire === wire);
      // temperature 1.7 → the route's max 1; top_p 0.2 → its min 0.5; one stop added to the route's; the cap 100.
      expect(sent.at(-1)?.decoding).toEqual({ temperature: 1, topP: 0.5, stop: ['###', 'END'], seed, maxTokens: 100 });
    },
    30_000,
  );

  it.each([
    ['ignore-oa', 'openai', 7],
    ['ignore-an', 'anthropic', null],
  ])(
    '%s: the caller’s values are ignored, the route’s reach the wire (%s wire)',
    async (route, wire, seed) => {
      await openai.chat.completions.create({
        model: `route:${route}`,
        messages: [{ role: 'user', content: `ignore me ${route}` }],
        ...callerValues,
        max_tokens: 40,
      });
      const sent = harness.fake.attempts().filter((attempt) => attempt.text.includes(`ignore me ${route}`));
      expect(sent).toHaveLength(1);
      // A caller's output cap only ever lowers the route's (40 < 100), in both modes.
      expect(sent[0]).toMatchObject({ wire });
      expect(sent[0]!.decoding).toEqual({ temperature: 0.2, topP: 0.9, stop: ['###'], seed, maxTokens: 40 });
    },
    30_000,
  );

  it('a route without decoding sends the model’s values over the defaults’', async () => {
    const result = await ask('model-values', 'plain request');
    expect(wireOf(result.workflowId)[0]!.decoding).toEqual({
      temperature: 0.6,
      topP: 0.95,
      stop: null,
      seed: 11,
      maxTokens: 100,
    });
  }, 30_000);
});

describe('histories', () => {
  it('every request of this file replays against the current workflow bundle', async () => {
    const ids = [...new Set(harness.fake.attempts().map((attempt) => attempt.workflowId ?? ''))].filter(Boolean);
    expect(ids.length).toBeGreaterThanOrEqual(15);
    expect(await replayFailures(harness.client, ids)).toEqual([]);
  }, 60_000);
});
