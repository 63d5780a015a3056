import { describe, expect, it } from 'vitest';
import { switchyardHeaders } from '../../../src/gateway/gateway-answer.js';

const meta = {
  workflowId: 'route-1',
  outcome: 'answered' as const,
  route: 'main',
  model: 'ok',
  attempts: 1,
  costUsd: 0.001,
  overheadMs: 12,
  policyVersion: 'candidate-2',
};

describe('rollout headers', () => {
  it('name the deciding version, the rollout role and its reason (printable ASCII)', () => {
    const headers = switchyardHeaders({
      ...meta,
      rollout: { role: 'canary', reason: 'slice 10 % by requestId (bucket 42) — ok' },
    });
    expect(headers).toMatchObject({
      'x-switchyard-policy-version': 'candidate-2',
      'x-switchyard-rollout-role': 'canary',
      'x-switchyard-rollout-reason': 'slice 10 % by requestId (bucket 42) ? ok',
    });
  });

  it('are left out when the result has no rollout record (older results, pending review)', () => {
    expect(Object.keys(switchyardHeaders(meta))).not.toContain('x-switchyard-rollout-role');
  });
});
