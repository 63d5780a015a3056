import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateAttackCases } from '../../src/eval/privacy-eval-attack.js';
import type { ChatMessage, RouteResult } from '../../src/policy/types.js';
import { normalizeText } from '../../src/privacy/normalize.js';
import { type Harness, startHarness } from '../support/harness.js';
import { cardNumber, email, iban, phone, seededRandom, ssn } from '../support/identifiers.js';

/**
 * Enforcement at volume: thousands of generated prompts carrying identifiers run through the real
 * workflow, and the fake provider's wire log proves that restricted text never reached a provider that
 * may not see it — including when the primary fails and the ladder falls back.
 */
const POLICY = `
version: enforcement-1
defaults: { timeoutMs: 3000, deadlineMs: 20000, retries: 1, retryDelayMs: 10, maxOutputTokens: 100 }
providers:
  public-cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public] }
  partner: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal] }
  private: { kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  public-down: { provider: public-cloud, id: '503', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } }
  public-ok: { provider: public-cloud, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } }
  partner-ok: { provider: partner, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } }
  private-ok: { provider: private, id: 'ok:latency=1', contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 } }
routes:
  - name: flaky-public-first
    when: { metadata: { lane: flaky } }
    primary: public-down
    fallbacks: [public-ok, partner-ok, private-ok]
  - name: public-first
    primary: public-ok
    fallbacks: [partner-ok, private-ok]
privacy: { onNoAllowedProvider: degrade }
access: { metadataKeys: [lane] }
`;

const REQUESTS = 2000;
const TEMPLATES: [
  kind: 'restricted' | 'internal' | 'public',
  make: (random: () => number) => { text: string; secret?: string },
][] = [
  ['restricted', (r) => ((s) => ({ text: `Please charge card ${s} for order 7781.`, secret: s }))(cardNumber(r))],
  ['restricted', (r) => ((s) => ({ text: `Refund to my account IBAN ${s} please`, secret: s }))(iban(r))],
  ['restricted', (r) => ((s) => ({ text: `My SSN is ${s}, can you update my tax form?`, secret: s }))(ssn(r))],
  ['internal', (r) => ((s) => ({ text: `Send the invoice to ${s} today`, secret: s }))(email(r))],
  ['internal', (r) => ((s) => ({ text: `Call me back on ${s} about the delivery`, secret: s }))(phone(r))],
  ['public', () => ({ text: 'Where is my order? It has been a week.' })],
];

describe('privacy enforcement at volume', () => {
  let harness: Harness;
  const sent: { workflowId: string; kind: string; secret?: string; result: RouteResult }[] = [];

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    const random = seededRandom(20261121);
    const limit = pLimit(40);
    await Promise.all(
      Array.from({ length: REQUESTS }, (_, index) => {
        const [kind, make] = TEMPLATES[index % TEMPLATES.length]!;
        const { text, secret } = make(random);
        const metadata: Record<string, string> = index % 3 === 0 ? { lane: 'flaky' } : {};
        return limit(async () => {
          const result = await harness.router.route({ messages: [{ role: 'user', content: text }], metadata });
          sent.push({ workflowId: result.workflowId, kind, ...(secret ? { secret } : {}), result });
        });
      }),
    );
  }, 600_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it(`routed ${REQUESTS} requests, every one answered`, () => {
    expect(sent).toHaveLength(REQUESTS);
    expect(sent.filter((item) => item.result.outcome !== 'answered')).toEqual([]);
  });

  it('classified each request by the identifiers it carries', () => {
    const misclassified = sent.filter((item) => item.result.privacy?.dataClass !== item.kind);
    expect(misclassified.map((item) => [item.kind, item.result.privacy])).toEqual([]);
  });

  it('never sent restricted or internal text to a provider whose data classes exclude it', () => {
    const wire = harness.fake.attempts();
    const byWorkflow = new Map<string, typeof wire>();
    for (const attempt of wire)
      byWorkflow.set(attempt.workflowId ?? '', [...(byWorkflow.get(attempt.workflowId ?? '') ?? []), attempt]);
    let publicAttempts = 0;
    const leaks: string[] = [];
    for (const item of sent) {
      for (const attempt of byWorkflow.get(item.workflowId) ?? []) {
        const provider =
          attempt.wire === 'anthropic' ? 'partner' : attempt.model === 'ok:latency=1' ? 'private' : 'public-cloud';
        if (provider === 'public-cloud') publicAttempts += 1;
        const allowed = {
          'public-cloud': ['public'],
          partner: ['public', 'internal'],
          private: ['public', 'internal', 'restricted'],
        }[provider]!;
        if (!allowed.includes(item.kind)) leaks.push(`${item.kind} request ${item.workflowId} reached ${provider}`);
        if (item.secret && !allowed.includes(item.kind) && attempt.text.includes(item.secret))
          leaks.push(`secret of ${item.workflowId} on the wire to ${provider}`);
      }
    }
    expect(leaks).toEqual([]);
    expect(publicAttempts).toBeGreaterThan(REQUESTS / 10); // public traffic did flow to the public provider
    expect(wire.length).toBeGreaterThanOrEqual(REQUESTS);
  });

  it('fell back past a failing public primary without widening the data class', () => {
    const flaky = sent.filter((item) => item.result.route === 'flaky-public-first');
    expect(flaky.length).toBeGreaterThan(REQUESTS / 4);
    for (const item of flaky) {
      const expected = { public: 'public-ok', internal: 'partner-ok', restricted: 'private-ok' }[item.kind];
      expect(item.result.model, item.workflowId).toBe(expected);
    }
  });
});

/**
 * The attacker's generator end to end: a few hundred restricted identifiers written every way people paste
 * them (no-break/thin spaces, dots, slashes, Unicode digits, zero-width characters, JSON bodies, other
 * roles, split over two messages) routed through public-first routing; the wire log must show none of
 * them, in any normalisation, at a provider that may not see restricted data.
 */
describe('privacy enforcement against the attacker generator', () => {
  let harness: Harness;
  const cases = generateAttackCases(20261206, 12);
  const sent: { workflowId: string; compact: string; format: string; variant: string; result: RouteResult }[] = [];
  /** Letters and digits of a text after normalisation, upper case: how an identifier is searched for. */
  const alnum = (text: string) =>
    normalizeText(text)
      .text.replace(/[^A-Za-z0-9]/g, '')
      .toUpperCase();

  beforeAll(async () => {
    harness = await startHarness({ policyYaml: POLICY });
    const limit = pLimit(20);
    await Promise.all(
      cases.map((item, index) =>
        limit(async () => {
          // Requests carry system, user and assistant turns; a tool result travels as a user turn.
          const messages: ChatMessage[] = item.messages.map((m) => ({
            role: m.role === 'system' || m.role === 'assistant' ? m.role : 'user',
            content: m.content,
          }));
          const metadata: Record<string, string> = index % 3 === 0 ? { lane: 'flaky' } : {};
          const result = await harness.router.route({ messages, metadata });
          sent.push({
            workflowId: result.workflowId,
            compact: item.compact,
            format: item.format,
            variant: item.variant,
            result,
          });
        }),
      ),
    );
  }, 600_000);

  afterAll(async () => {
    await harness?.stop();
  });

  it(`classed all ${cases.length} generated prompts restricted`, () => {
    expect(sent).toHaveLength(cases.length);
    const missed = sent.filter((item) => item.result.privacy?.dataClass !== 'restricted');
    expect(missed.map((item) => `${item.format} ${item.variant}`)).toEqual([]);
  });

  it('never put a restricted identifier, in any normalisation, on the wire to a public or partner provider', () => {
    const wire = harness.fake.attempts();
    const leaks: string[] = [];
    let privateAttempts = 0;
    for (const item of sent) {
      for (const attempt of wire.filter((a) => a.workflowId === item.workflowId)) {
        const isPrivate = attempt.wire === 'openai' && attempt.model === 'ok:latency=1';
        if (isPrivate) {
          privateAttempts += 1;
          continue;
        }
        leaks.push(`${item.format} ${item.variant}: request reached ${attempt.wire}/${attempt.model}`);
        if (alnum(attempt.text).includes(item.compact.slice(-8)))
          leaks.push(`${item.workflowId}: identifier on the wire`);
      }
    }
    expect(leaks).toEqual([]);
    expect(privateAttempts).toBeGreaterThanOrEqual(sent.length);
  });
});
