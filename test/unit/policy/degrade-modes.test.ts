import { describe, expect, it } from 'vitest';
import { decideRoute, type RoutePlan } from '../../../src/policy/decide-route.js';
import { reducedScopePlan } from '../../../src/policy/degrade-plan.js';
import { bestPartial, type PartialSource } from '../../../src/policy/partial-answer.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const source = (n: number, text: string, errorType = 'OutputFormatInvalid'): PartialSource => ({
  n,
  model: 'fast',
  errorType,
  text,
});

const SCHEMA = {
  type: 'json' as const,
  schema: {
    type: 'object',
    required: ['status', 'eta', 'items'],
    properties: {
      status: { type: 'string', enum: ['shipped', 'pending'] },
      eta: { type: 'string' },
      items: { type: 'integer' },
    },
  },
};

describe('bestPartial (what counts as a partial answer)', () => {
  it('repairs JSON cut at the output cap and keeps only the fields valid under the schema', () => {
    const cut = '{"status": "shipped", "items": "three", "note": "x", "eta": "2026-12-0';
    const partial = bestPartial([source(2, cut, 'OutputTruncated')], SCHEMA);
    expect(partial).toEqual({
      ok: true,
      answer: {
        n: 2,
        model: 'fast',
        text: '{"status":"shipped","eta":"2026-12-0"}',
        finish: 'length',
        kept: ['status', 'eta'],
        dropped: ['items', 'note'],
      },
    });
  });

  it('takes the newest valid source and says why the others failed', () => {
    const partial = bestPartial(
      [source(3, 'Sure! in prose'), source(1, '```json\n{"status": "pending"}\n```')],
      SCHEMA,
    );
    expect(partial.ok && partial.answer).toMatchObject({ n: 1, text: '{"status":"pending"}', finish: 'stop' });
    const none = bestPartial([source(3, '{"status": "lost"}')], SCHEMA);
    expect(none).toEqual({ ok: false, reason: 'attempt 3: no field valid under the schema' });
    expect(bestPartial([], SCHEMA)).toEqual({ ok: false, reason: 'no failed attempt produced text' });
  });

  it('without a schema needs a non-empty JSON object or array; prose needs 20 characters', () => {
    expect(bestPartial([source(1, '{}')], { type: 'json' }).ok).toBe(false);
    expect(bestPartial([source(1, '[1, 2')], { type: 'json' })).toMatchObject({ ok: true, answer: { text: '[1,2]' } });
    expect(bestPartial([source(1, 'too short')], null).ok).toBe(false);
    expect(
      bestPartial([source(1, '  A long enough prose answer, cut at the cap  ', 'OutputTruncated')], null),
    ).toMatchObject({ ok: true, answer: { text: 'A long enough prose answer, cut at the cap', finish: 'length' } });
  });
});

const DEGRADE_YAML = BASE_POLICY_YAML.replace(
  '  - name: default\n    primary: strong\n    fallbacks: [fast, local]',
  '  - name: default\n    primary: strong\n    fallbacks: [fast, local]\n    degrade: { mode: reduced-scope, model: fast, instruction: Acknowledge it. }',
);

describe('degrade config and the reduced-scope plan', () => {
  const policy = testPolicy(DEGRADE_YAML);
  const decide = (dataClass: 'public' | 'restricted', rules = { failoverByKind: true, fitPrompt: true }) => {
    const decision = decideRoute(
      policy,
      { messages: [{ role: 'user', content: 'hello' }] },
      { classification: classification({ intent: 'unknown', confidence: 0.2 }), dataClass, metadata: {} },
      rules,
    );
    if (decision.kind !== 'plan') throw new Error('no plan');
    return decision.plan;
  };

  it('the plan carries the route degrade config only under the latest rules', () => {
    expect(decide('public').degrade).toEqual({ mode: 'reduced-scope', model: 'fast', instruction: 'Acknowledge it.' });
    expect(decide('public', { failoverByKind: true, fitPrompt: false }).degrade).toBeUndefined();
  });

  it('runs the instruction on the degrade model, prose, no retries, the remaining deadline', () => {
    const plan = reducedScopePlan(policy, decide('public'), decide('public').degrade!, {
      dataClass: 'public',
      inputTokens: 10,
      elapsedMs: 1200,
    }) as RoutePlan;
    expect(plan.candidates.map((candidate) => candidate.model)).toEqual(['fast']);
    expect(plan).toMatchObject({ system: 'Acknowledge it.', responseFormat: null, upfrontReview: null });
    expect(plan.limits).toMatchObject({ retries: 0, deadlineMs: 3800, maxOutputTokens: 100 });
    expect(plan.degrade).toBeUndefined();
  });

  it('never widens the data class: a provider that may not see it is refused', () => {
    const plan = decide('restricted');
    expect(
      reducedScopePlan(policy, plan, plan.degrade!, { dataClass: 'restricted', inputTokens: 10, elapsedMs: 0 }),
    ).toBe('provider cloud may not see restricted data');
    expect(
      reducedScopePlan(policy, plan, plan.degrade!, { dataClass: 'public', inputTokens: 10, elapsedMs: 4900 }),
    ).toBe('deadline of 5000 ms reached');
  });

  it('policy check: reduced-scope needs a model, and the model must exist', () => {
    expect(() => testPolicy(DEGRADE_YAML.replace('model: fast, instruction', 'instruction'))).toThrow(
      /routes\[2\]\.degrade\.model: reduced-scope needs a model/,
    );
    expect(() => testPolicy(DEGRADE_YAML.replace('model: fast, instruction', 'model: nope, instruction'))).toThrow(
      /routes\[2\]\.degrade\.model: unknown model "nope"/,
    );
  });
});
