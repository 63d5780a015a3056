import { describe, expect, it } from 'vitest';
import { completionBody } from '../../../src/gateway/completion-body.js';
import { answerFromResult, switchyardHeaders } from '../../../src/gateway/gateway-answer.js';
import { renderOutcome } from '../../../src/gateway/render-outcome.js';
import type { RouteResult } from '../../../src/policy/types.js';
import { testPolicy } from '../../support/policies.js';

const policy = testPolicy();

function result(overrides: Partial<RouteResult>): RouteResult {
  return {
    workflowId: 'route-1',
    outcome: 'degraded',
    answer: '{"status":"shipped"}',
    route: 'default',
    model: 'fast',
    attempts: [],
    trail: [],
    costUsd: 0.0001,
    latencyMs: 40,
    policyVersion: 'test-1',
    policyHash: 'h',
    classification: null,
    privacy: null,
    review: null,
    usage: { inputTokens: 10, outputTokens: 6 },
    finish: 'length',
    toolCalls: null,
    ...overrides,
  };
}

describe('degrade modes at the gateway', () => {
  it('a partial answer: 203, the partial text, `partial` and the mode in the switchyard field and headers', () => {
    const rendered = renderOutcome(
      { kind: 'result', result: result({ degradeMode: 'partial', partial: true }) },
      policy,
      'route-1',
      performance.now(),
    );
    if (rendered.kind !== 'answer') throw new Error('expected an answer');
    expect(rendered.status).toBe(203);
    expect(rendered.answer).toMatchObject({
      content: '{"status":"shipped"}',
      finishReason: 'length',
      responseModel: 'switchyard/degraded',
      meta: { outcome: 'degraded', model: 'fast', degradeMode: 'partial', partial: true },
    });
    expect(completionBody(rendered.answer, 0).switchyard).toMatchObject({ degradeMode: 'partial', partial: true });
    expect(switchyardHeaders(rendered.answer.meta)).toMatchObject({
      'x-switchyard-outcome': 'degraded',
      'x-switchyard-degrade-mode': 'partial',
      'x-switchyard-partial': 'true',
    });
  });

  it('a reduced-scope answer names its mode and is not marked partial; results without a mode add nothing', () => {
    const reduced = answerFromResult(result({ degradeMode: 'reduced-scope', finish: 'stop' }), policy, 5);
    expect(reduced.meta).toMatchObject({ degradeMode: 'reduced-scope' });
    expect(switchyardHeaders(reduced.meta)).not.toHaveProperty('x-switchyard-partial');
    const plain = answerFromResult(result({ answer: null, model: null }), policy, 5);
    expect(Object.keys(plain.meta)).not.toContain('degradeMode');
    expect(Object.keys(switchyardHeaders(plain.meta))).not.toContain('x-switchyard-degrade-mode');
  });
});
