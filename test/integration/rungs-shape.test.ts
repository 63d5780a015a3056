import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditReport } from '../../src/audit/build-audit.js';
import { decodeHistory } from '../../src/audit/decode-history.js';
import { formatAudit } from '../../src/audit/format-audit.js';
import type { ChatMessage, RouteResult } from '../../src/policy/types.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

/**
 * Issue 18 items 2 and 3 on a real dev server against the fake provider over HTTP: fitting the prompt to the model
 * (after a provider's context-length error, and when our own estimate says it does not fit) and the degrade modes
 * (reduced scope, partial result). `context-length:max=N` answers only prompts of at most N tokens (characters / 4).
 */
const POLICY = `
version: rungs-shape-test-1
defaults: { timeoutMs: 5000, firstTokenTimeoutMs: 3000, deadlineMs: 20000, retries: 0, retryDelayMs: 50, maxOutputTokens: 200 }
providers:
  fake: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
  public-only: { kind: openai-compatible, fakeProvider: true, dataClasses: [public] }
  fake-eu: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted], region: eu }
models:
  small: { provider: fake, id: 'context-length:max=1500', contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  small-eu: { provider: fake-eu, id: 'context-length:max=1500', contextTokens: 200000, price: { inputPer1M: 1, outputPer1M: 2 } }
  small-window: { provider: fake, id: 'context-length:max=2600', contextTokens: 3000, maxOutputTokens: 1000, price: { inputPer1M: 1, outputPer1M: 2 } }
  cheap: { provider: fake, id: 'ok', contextTokens: 100000, price: { inputPer1M: 0.1, outputPer1M: 0.2 } }
  cheap-public: { provider: public-only, id: 'ok:latency=1', contextTokens: 100000, price: { inputPer1M: 0.5, outputPer1M: 0.5 } }
  down: { provider: fake, id: '503', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  broken: { provider: fake, id: 'error:status=500', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  json-model: { provider: fake, id: 'ok:latency=2', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
intents:
  order_status: { risk: low, keywords: [order] }
routes:
  - { name: shrink-after-error, primary: small, fitPrompt: drop-oldest }
  - name: prune-low-risk
    primary: cheap
    fitPrompt: { strategy: drop-oldest, maxInputTokens: 400, when: { risk: low } }
  - { name: no-prune, primary: cheap }
  - { name: shrink-precheck, primary: small-window, fitPrompt: truncate-middle }
  - { name: summarize, primary: small, fitPrompt: summarize }
  - { name: summarize-eu, primary: small-eu, regions: [eu], fitPrompt: summarize }
  - name: reduced-scope
    primary: down
    fallbacks: [broken]
    degrade: { mode: reduced-scope, model: cheap, instruction: "Summarise the request and acknowledge it." }
  - name: reduced-scope-public-only
    primary: down
    degrade: { mode: reduced-scope, model: cheap-public }
  - name: partial
    primary: json-model
    maxOutputTokens: 10
    responseFormat:
      type: json
      schema: { type: object, required: [status, eta, items], properties: { status: { type: string, enum: [shipped, pending] }, eta: { type: string }, items: { type: integer } } }
    degrade: { mode: partial }
  - { name: partial-none, primary: down, degrade: { mode: partial } }
access: { forceRoutes: all }
`;

const sentence = (i: number) =>
  `Turn ${i}: the parcel with the blue label left the warehouse on Monday and the courier said it would arrive soon. `;
/** About 2400 characters a turn: eight older turns and a short latest question (~5000 prompt tokens). */
function longConversation(): ChatMessage[] {
  const older = Array.from(
    { length: 8 },
    (_, i): ChatMessage => ({
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: sentence(i).repeat(20),
    }),
  );
  return [...older, { role: 'user', content: 'So where is my order now?' }];
}

describe('fit the prompt and degrade modes (real dev server, fake provider over HTTP)', () => {
  let harness: Harness;
  const results = new Map<string, RouteResult>();

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    const pasted = `Please check this log:\n${'ERROR disk quota exceeded on volume 7 at 12:00:01\n'.repeat(400)}THE END`;
    const requests: [string, string, ChatMessage[]][] = [
      ['shrink-after-error', 'shrink-after-error', longConversation()],
      ['shrink-precheck', 'shrink-precheck', [{ role: 'user', content: pasted }]],
      ['summarize', 'summarize', longConversation()],
      ['summarize-eu', 'summarize-eu', longConversation()],
      ['reduced-scope', 'reduced-scope', [{ role: 'user', content: 'Please explain my invoice in detail.' }]],
      [
        'reduced-scope-restricted',
        'reduced-scope-public-only',
        [{ role: 'user', content: 'My card 4111 1111 1111 1111 was charged twice, please explain.' }],
      ],
      ['partial', 'partial', [{ role: 'user', content: 'What is the status of order 42?' }]],
      ['partial-none', 'partial-none', [{ role: 'user', content: 'What is the status of order 43?' }]],
      ['prune-low-risk', 'prune-low-risk', longConversation()],
      ['no-prune', 'no-prune', longConversation()],
    ];
    const settled = await Promise.all(requests.map(([, route, messages]) => harness.router.route({ route, messages })));
    requests.forEach(([name], index) => {
      results.set(name, settled[index]!);
    });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  const attemptsOf = (name: string) =>
    results.get(name)!.attempts.map((attempt) => `${attempt.role}:${attempt.model}:${attempt.errorType ?? 'ok'}`);
  const wireOf = (name: string) => harness.fake.attempts({ workflowId: results.get(name)!.workflowId });
  const fitEntry = (name: string) => results.get(name)!.trail.find((entry) => entry.step === 'fit-prompt');

  it('a context-length failure is answered by the same small model after dropping the oldest turns', () => {
    const result = results.get('shrink-after-error')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'small' });
    expect(attemptsOf('shrink-after-error')).toEqual(['primary:small:ContextLengthExceeded', 'retry:small:ok']);
    const fit = fitEntry('shrink-after-error')!;
    expect(fit).toMatchObject({ outcome: 'drop-oldest', detail: { model: 'small', cause: 'context-error' } });
    expect(fit.detail!.tokensRemoved as number).toBeGreaterThan(0);
    // What reached the wire: the whole conversation first, then a shrunk one that keeps the latest question.
    const [first, second] = wireOf('shrink-after-error');
    expect(first!.status).toBe(400);
    expect(second!.status).toBe(200);
    expect(second!.text.length).toBeLessThan(first!.text.length / 2 + 200);
    expect(second!.text).toContain('So where is my order now?');
    expect(second!.text).toContain('[Earlier conversation shortened:');
  });

  it('a prompt our estimate says does not fit the small model is shrunk for it instead of skipping it', () => {
    const result = results.get('shrink-precheck')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'small-window' });
    expect(attemptsOf('shrink-precheck')).toEqual(['primary:small-window:ok']);
    expect(result.trail.some((entry) => entry.step === 'precheck')).toBe(false);
    const fit = fitEntry('shrink-precheck')!;
    expect(fit).toMatchObject({ outcome: 'truncate-middle', detail: { cause: 'context', messagesTruncated: 1 } });
    expect(fit.detail!.tokensRemoved as number).toBeGreaterThan(0);
    const [sent] = wireOf('shrink-precheck');
    expect(sent!.text).toMatch(/^Please check this log:/);
    expect(sent!.text).toMatch(/THE END$/);
    expect(sent!.text).toMatch(/characters left out to fit the context window/);
  });

  it('summarize: the older turns become a summary from the cheapest allowed model, an attempt of its own', () => {
    const result = results.get('summarize')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'small' });
    expect(attemptsOf('summarize')).toEqual([
      'primary:small:ContextLengthExceeded',
      'summarize:cheap:ok',
      'retry:small:ok',
    ]);
    expect(fitEntry('summarize')).toMatchObject({ outcome: 'summarize', detail: { messagesDropped: 8 } });
    const wire = wireOf('summarize');
    expect(wire[1]!.text).toContain('Summarise the conversation below');
    expect(wire[2]!.text).toContain('[Summary of the earlier conversation (8 message(s))');
    expect(wire[2]!.text).not.toContain('Turn 0:');
    // The summary's usage is not the answer's.
    expect(result.usage).toEqual({
      inputTokens: result.attempts[2]!.inputTokens,
      outputTokens: result.attempts[2]!.outputTokens,
    });
  });

  it('summarize within the route regions; a failed summary falls back to drop-oldest', () => {
    const result = results.get('summarize-eu')!;
    expect(result).toMatchObject({ outcome: 'answered', model: 'small-eu' });
    // Only small-eu runs in eu: it is the summariser too, and its window (at the fake) refuses the transcript.
    expect(attemptsOf('summarize-eu')).toEqual([
      'primary:small-eu:ContextLengthExceeded',
      'summarize:small-eu:ContextLengthExceeded',
      'retry:small-eu:ok',
    ]);
    const fit = fitEntry('summarize-eu')!;
    expect(fit).toMatchObject({ outcome: 'drop-oldest', detail: { strategy: 'drop-oldest', fits: true } });
    expect(fit.reason).toContain('summary not used (small-eu failed (ContextLengthExceeded)): drop-oldest instead');
    expect(wireOf('summarize-eu').map((attempt) => attempt.model)).toEqual(Array(3).fill('context-length:max=1500'));
  });

  it('reduced-scope degrade when every full-scope attempt fails', () => {
    const result = results.get('reduced-scope')!;
    expect(result).toMatchObject({ outcome: 'degraded', model: 'cheap', degradeMode: 'reduced-scope', finish: 'stop' });
    expect(result.partial).toBeUndefined();
    expect(attemptsOf('reduced-scope')).toEqual([
      'primary:down:Overloaded',
      'fallback:broken:ServerError',
      'degrade:cheap:ok',
    ]);
    expect(result.answer).toMatch(/simulated answer from model ok/);
    expect(result.trail.at(-1)).toMatchObject({ step: 'degrade', outcome: 'reduced-scope' });
    const last = wireOf('reduced-scope').at(-1)!;
    expect(last.text.startsWith('Summarise the request and acknowledge it.')).toBe(true);
  });

  it('reduced scope never goes to a provider the data class forbids: the degrade message instead', () => {
    const result = results.get('reduced-scope-restricted')!;
    expect(result.privacy?.dataClass).toBe('restricted');
    expect(result).toMatchObject({ outcome: 'degraded', model: null, degradeMode: 'message' });
    expect(result.answer).toBe(harness.policy.policy.defaults.degradeMessage);
    expect(attemptsOf('reduced-scope-restricted')).toEqual(['primary:down:Overloaded']);
    expect(wireOf('reduced-scope-restricted').map((attempt) => attempt.model)).toEqual(['503']);
    expect(result.trail.at(-1)!.reason).toContain('provider public-only may not see restricted data');
  });

  it('partial: a JSON answer cut at the output cap becomes a validated partial answer, marked partial', () => {
    const result = results.get('partial')!;
    expect(attemptsOf('partial')).toEqual(['primary:json-model:OutputTruncated']);
    expect(result).toMatchObject({ outcome: 'degraded', model: 'json-model', degradeMode: 'partial', partial: true });
    expect(result.finish).toBe('length');
    const answer = JSON.parse(result.answer!);
    expect(answer.status).toBe('shipped');
    expect(Object.keys(answer).every((key) => ['status', 'eta', 'items'].includes(key))).toBe(true);
    expect(result.trail.at(-1)).toMatchObject({ step: 'degrade', outcome: 'partial' });
    expect(result.usage).toEqual({
      inputTokens: result.attempts[0]!.inputTokens,
      outputTokens: result.attempts[0]!.outputTokens,
    });
  });

  it('the audit of a partial result shows the degrade mode and the fit-prompt line from the history', async () => {
    const { workflowId } = results.get('partial')!;
    const events = await decodeHistory(await harness.client.workflow.getHandle(workflowId).fetchHistory());
    const report = buildAuditReport(workflowId, events, {});
    expect(report.completion).toMatchObject({ outcome: 'degraded', degradeMode: 'partial', partial: true });
    expect(formatAudit(report)).toContain('partial (a validated partial answer)');
    const reduced = results.get('reduced-scope')!.workflowId;
    const reducedEvents = await decodeHistory(await harness.client.workflow.getHandle(reduced).fetchHistory());
    const reducedSteps = buildAuditReport(reduced, reducedEvents, {}).steps.map(
      (step) => `${step.step}:${step.outcome}`,
    );
    expect(reducedSteps).toContain('route:cheap');
    expect(reducedSteps.at(-1)).toBe('degrade:reduced-scope');
    const shrunk = results.get('shrink-after-error')!.workflowId;
    const fitted = buildAuditReport(
      shrunk,
      await decodeHistory(await harness.client.workflow.getHandle(shrunk).fetchHistory()),
      {},
    );
    const fitStep = fitted.steps.find((step) => step.step === 'fit-prompt');
    expect(fitStep).toMatchObject({ outcome: 'drop-oldest', detail: { cause: 'context-error' } });
    // It stands before the attempt it shrank the prompt for.
    expect(fitted.steps[fitted.steps.indexOf(fitStep!) + 1]).toMatchObject({
      step: 'attempt',
      reason: expect.stringMatching(/^attempt 2 retry\/small/),
    });
  });

  it('partial with nothing valid to show: the degrade message', () => {
    const result = results.get('partial-none')!;
    expect(result).toMatchObject({ outcome: 'degraded', model: null, degradeMode: 'message' });
    expect(result.partial).toBeUndefined();
    expect(result.trail.at(-1)!.reason).toContain('partial not possible (no failed attempt produced text)');
  });

  it('low-risk requests are pruned to maxInputTokens to save cost (same model, same answer shape)', () => {
    const pruned = results.get('prune-low-risk')!;
    const whole = results.get('no-prune')!;
    expect(pruned.classification).toMatchObject({ intent: 'order_status', risk: 'low' });
    expect(pruned).toMatchObject({ outcome: 'answered', model: 'cheap' });
    expect(fitEntry('prune-low-risk')).toMatchObject({
      outcome: 'drop-oldest',
      detail: { cause: 'cost', targetTokens: 400, fits: true },
    });
    expect(fitEntry('no-prune')).toBeUndefined();
    expect(pruned.attempts[0]!.inputTokens).toBeLessThan(whole.attempts[0]!.inputTokens / 4);
    expect(pruned.costUsd).toBeLessThan(whole.costUsd);
  });

  it('every history replays against the current workflow bundle', async () => {
    expect(harness.started.length).toBe(10);
    expect(await replayFailures(harness.client, harness.started)).toEqual([]);
  });
});
