import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidRequestError } from '../../src/client/router-client.js';
import { type Harness, startHarness } from '../support/harness.js';
import { replayFailures } from '../support/replay.js';

const POLICY = `
version: rules-test-1
defaults: { timeoutMs: 2000, firstTokenTimeoutMs: 1500, idleTimeoutMs: 1000, deadlineMs: 15000, retries: 1, retryDelayMs: 50, maxOutputTokens: 200 }
providers:
  public-cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public] }
  partner: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal] }
  private: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  cloud-ok: { provider: public-cloud, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 } }
  cloud-bad-json: { provider: public-cloud, id: bad-json, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 2 }, capabilities: [json] }
  partner-ok: { provider: partner, id: ok, contextTokens: 100000, price: { inputPer1M: 3, outputPer1M: 15 }, capabilities: [json] }
  private-ok: { provider: private, id: 'ok:latency=20', contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 } }
  private-slow: { provider: private, id: no-response, contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 } }
  pricey: { provider: public-cloud, id: ok, contextTokens: 100000, price: { inputPer1M: 5000, outputPer1M: 5000 } }
access: { forceRoutes: all, forceModels: all, metadataKeys: [task] }
routes:
  - name: json
    when: { metadata: { task: triage } }
    primary: cloud-bad-json
    fallbacks: [partner-ok]
    responseFormat: { type: json, schema: { type: object, required: [answer], properties: { answer: { type: string } } } }
  - name: budget
    when: { metadata: { task: budget } }
    primary: cloud-ok
    fallbacks: [pricey]
    maxCostUsd: 0.01
  - name: redacted
    when: { metadata: { task: summarise } }
    primary: cloud-ok
    redact: true
  - name: deadline
    when: { metadata: { task: deadline } }
    primary: private-slow
    fallbacks: [private-ok]
    deadlineMs: 2500
  - name: public-first
    primary: cloud-ok
    fallbacks: [partner-ok, private-ok]
privacy: { onNoAllowedProvider: degrade }
`;

describe('routing rules on a real server', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
  });
  afterAll(async () => {
    if (harness) expect(await replayFailures(harness.client, harness.started)).toEqual([]);
    await harness?.stop();
  });

  it('sends restricted data only to a provider that allows it', async () => {
    const card = '4111 1111 1111 1111';
    const result = await harness.router.route({
      messages: [{ role: 'user', content: `Please refund my card ${card}, thanks` }],
    });
    expect(result.privacy).toEqual({ dataClass: 'restricted', entityTypes: ['credit_card'] });
    expect(result).toMatchObject({ outcome: 'answered', model: 'private-ok', route: 'public-first' });
    const wire = harness.fake.attempts({ workflowId: result.workflowId });
    expect(wire.map((attempt) => attempt.model)).toEqual(['ok:latency=20']);
    expect(result.trail.find((entry) => entry.step === 'precheck')?.reason).toBe(
      'cloud-ok: provider public-cloud may not see restricted data; partner-ok: provider partner may not see restricted data',
    );
  });

  it('sends a redacted copy to a public provider when the route allows redaction', async () => {
    const card = '4111 1111 1111 1111';
    const result = await harness.router.route({
      messages: [{ role: 'user', content: `Summarise: customer paid with ${card} and wrote from jane@example.com` }],
      metadata: { task: 'summarise' },
    });
    expect(result).toMatchObject({ outcome: 'answered', model: 'cloud-ok', route: 'redacted' });
    expect(result.privacy?.dataClass).toBe('restricted');
    const [sent] = harness.fake.attempts({ workflowId: result.workflowId });
    expect(sent?.text).toContain('[CREDIT_CARD]');
    expect(sent?.text).toContain('[EMAIL]');
    expect(sent?.text).not.toContain('4111');
    expect(sent?.text).not.toContain('jane@example.com');
    expect(result.trail.find((entry) => entry.step === 'route')?.reason).toContain('cloud-ok (redacted copy)');
  });

  it('keeps internal data off public-only providers but lets it reach the partner', async () => {
    const result = await harness.router.route({
      messages: [{ role: 'user', content: 'Write to me at jane.doe@example.com please' }],
    });
    expect(result.privacy?.dataClass).toBe('internal');
    expect(result.model).toBe('partner-ok');
  });

  it('counts a malformed structured answer as a failed attempt, reported as a format failure', async () => {
    const result = await harness.router.route({
      messages: [{ role: 'user', content: 'triage this' }],
      metadata: { task: 'triage' },
    });
    expect(result.outcome).toBe('answered');
    expect(result.model).toBe('partner-ok');
    expect(result.attempts.map((attempt) => [attempt.model, attempt.errorType, attempt.formatFailure])).toEqual([
      ['cloud-bad-json', 'OutputFormatInvalid', true],
      ['cloud-bad-json', 'OutputFormatInvalid', true],
      ['partner-ok', null, false],
    ]);
    expect(JSON.parse(result.answer!)).toHaveProperty('answer');
    expect(result.trail.filter((entry) => entry.outcome === 'format-failure')).toHaveLength(2);
  });

  it('never plans a model whose worst case exceeds the cost cap', async () => {
    const result = await harness.router.route({
      messages: [{ role: 'user', content: 'cheap please' }],
      metadata: { task: 'budget' },
    });
    expect(result.model).toBe('cloud-ok');
    expect(result.trail.find((entry) => entry.step === 'precheck')?.reason).toMatch(
      /^pricey: one attempt may cost \$[\d.]+ > cap \$0.01$/,
    );
    expect(result.costUsd).toBeLessThanOrEqual(0.01);
  });

  it('never runs past the deadline: attempts are cut to the time left', async () => {
    const result = await harness.router.route({
      messages: [{ role: 'user', content: 'hurry' }],
      metadata: { task: 'deadline' },
    });
    expect(result.latencyMs).toBeLessThan(2500 + 1500);
    expect(['answered', 'degraded']).toContain(result.outcome);
    expect(result.attempts[0]).toMatchObject({ model: 'private-slow', ok: false });
  });

  it('degrades when no allowed provider is left (policy: onNoAllowedProvider degrade)', async () => {
    const result = await harness.router.route({
      messages: [{ role: 'user', content: 'my card 4111 1111 1111 1111' }],
      models: ['cloud-ok', 'partner-ok'],
    });
    expect(result.outcome).toBe('degraded');
    expect(result.attempts).toEqual([]);
    expect(harness.fake.attempts({ workflowId: result.workflowId })).toEqual([]);
    expect(result.trail.at(-1)?.reason).toContain('provider public-cloud may not see restricted data');
  });

  it('rejects an unknown forced route inside the workflow, with the reason', async () => {
    const result = await harness.router.route({ route: 'nope', messages: [{ role: 'user', content: 'x' }] });
    expect(result).toMatchObject({ outcome: 'rejected', answer: null, model: null, route: null });
    expect(result.trail.at(-1)?.reason).toBe('route: unknown route "nope" in policy rules-test-1');
  });

  it('rejects a malformed request at the edge, naming the field', async () => {
    await expect(harness.router.route({ messages: [] })).rejects.toThrow(
      new InvalidRequestError('invalid request: messages: at least one message is required'),
    );
  });
});
