import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { type CallAheadFacts, callAhead } from '../../../activities/first-attempt.js';
import type { CallModelOutput, ModelFailureDetails } from '../../../activities/types.js';
import { callFingerprint } from '../../../src/policy/call-fingerprint.js';
import { DEFAULT_FAST_PATH } from '../../../src/policy/fast-path.js';
import type { CallModelInput } from '../../../src/policy/model-call-input.js';
import { BASE_POLICY_YAML, classification, testPolicy } from '../../support/policies.js';

const answer: CallModelOutput = {
  text: 'It ships tomorrow.',
  inputTokens: 12,
  outputTokens: 5,
  costUsd: 0.0001,
  latencyMs: 40,
  firstTokenMs: 20,
  providerModel: 'fast-2026',
  finishReason: 'stop',
  finish: 'stop',
};

function facts(overrides: Partial<CallAheadFacts> = {}, yaml = BASE_POLICY_YAML): CallAheadFacts {
  return {
    workflowId: 'wf-ahead',
    policy: testPolicy(yaml),
    policyHash: 'hash-ahead',
    request: { messages: [{ role: 'user', content: 'where is my order?' }] },
    caller: { name: null, problem: null },
    inspection: {
      classification: classification(),
      privacy: { dataClass: 'public', findings: [], entityTypes: [] },
    },
    grant: DEFAULT_FAST_PATH,
    ...overrides,
  };
}

/** A fake callModel: records every input it receives and answers with `respond`. */
function fakeCallModel(respond: (input: CallModelInput) => Promise<CallModelOutput>) {
  const inputs: CallModelInput[] = [];
  const callModel = (input: CallModelInput) => {
    inputs.push(input);
    return respond(input);
  };
  return { callModel, inputs };
}

const expectedCall = { n: 1, role: 'primary', modelKey: 'fast', timeoutMs: 1000 };

describe('callAhead: no call when the workflow would not make it at once', () => {
  it('returns null and never calls the model when firstAttemptInput has nothing (a route cache)', async () => {
    const cached = BASE_POLICY_YAML.replace(
      '    fallbacks: [strong, local]\n',
      '    fallbacks: [strong, local]\n    cache: { ttlSeconds: 60 }\n',
    );
    const fake = fakeCallModel(async () => answer);
    await expect(callAhead(fake.callModel, facts({}, cached))).resolves.toBeNull();
    expect(fake.inputs).toHaveLength(0);
  });

  it('returns null without a call when the grant is below the attempt limit', async () => {
    const fake = fakeCallModel(async () => answer);
    await expect(callAhead(fake.callModel, facts({ grant: { maxTimeoutMs: 10 } }))).resolves.toBeNull();
    expect(fake.inputs).toHaveLength(0);
  });

  it('never throws, even when the facts themselves are broken: null and no call', async () => {
    const fake = fakeCallModel(async () => answer);
    const broken = { ...facts(), policy: undefined } as unknown as CallAheadFacts;
    await expect(callAhead(fake.callModel, broken)).resolves.toBeNull();
    expect(fake.inputs).toHaveLength(0);
  });
});

describe('callAhead: the recorded outcome', () => {
  it('an answer: the digest of the input sent, and the output stamped with the call', async () => {
    const fake = fakeCallModel(async () => answer);
    const record = await callAhead(fake.callModel, facts());
    expect(fake.inputs).toHaveLength(1);
    const sent = fake.inputs[0]!;
    expect(sent).toMatchObject({ workflowId: 'wf-ahead', policyHash: 'hash-ahead', n: 1, role: 'primary' });
    expect(record).toEqual({ inputFingerprint: callFingerprint(sent), result: { ...answer, call: expectedCall } });
    expect(record?.failure).toBeUndefined();
  });

  it('the digest is that of the input firstAttemptInput builds: the same facts give the same digest', async () => {
    const first = await callAhead(fakeCallModel(async () => answer).callModel, facts());
    const second = await callAhead(fakeCallModel(async () => ({ ...answer, text: 'other' })).callModel, facts());
    expect(first?.inputFingerprint).toBe(second?.inputFingerprint);
    const other = await callAhead(fakeCallModel(async () => answer).callModel, facts({ workflowId: 'wf-other' }));
    expect(other?.inputFingerprint).not.toBe(first?.inputFingerprint);
  });

  it('an ApplicationFailure: its type, message and nonRetryable, details stamped with the call', async () => {
    const details: ModelFailureDetails = {
      kind: 'transient',
      status: 503,
      retryAfterMs: null,
      latencyMs: 30,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      formatFailure: false,
    };
    const fake = fakeCallModel(async () => {
      throw ApplicationFailure.create({
        type: 'ServerError',
        message: 'provider answered 503',
        nonRetryable: false,
        details: [details],
      });
    });
    const record = await callAhead(fake.callModel, facts());
    expect(fake.inputs).toHaveLength(1);
    expect(record).toEqual({
      inputFingerprint: callFingerprint(fake.inputs[0]),
      failure: {
        type: 'ServerError',
        message: 'provider answered 503',
        nonRetryable: false,
        details: { ...details, call: expectedCall },
      },
    });
    expect(record?.result).toBeUndefined();
  });

  it('a non-retryable ApplicationFailure stays non-retryable', async () => {
    const fake = fakeCallModel(async () => {
      throw ApplicationFailure.create({ type: 'BadRequest', message: 'no such model', nonRetryable: true });
    });
    const record = await callAhead(fake.callModel, facts());
    expect(record?.failure).toMatchObject({ type: 'BadRequest', message: 'no such model', nonRetryable: true });
    expect(record?.failure?.details.call).toEqual(expectedCall);
    expect(record?.failure?.timedOut).toBeUndefined();
  });

  it('a plain Error: type Unknown, its message, retryable, details with the call', async () => {
    const fake = fakeCallModel(async () => {
      throw new Error('socket hang up');
    });
    const record = await callAhead(fake.callModel, facts());
    expect(record).toEqual({
      inputFingerprint: callFingerprint(fake.inputs[0]),
      failure: { type: 'Unknown', message: 'socket hang up', nonRetryable: false, details: { call: expectedCall } },
    });
  });

  it('a cancellation (worker shutdown) is not recorded: the local activity stays cancelled', async () => {
    const fake = fakeCallModel(async () => {
      throw new CancelledFailure('worker shutting down');
    });
    await expect(callAhead(fake.callModel, facts())).rejects.toBeInstanceOf(CancelledFailure);
    expect(fake.inputs).toHaveLength(1);
  });

  it('a throw that is not an Error at all is still recorded, never rethrown', async () => {
    const fake = fakeCallModel(() => Promise.reject('just a string'));
    const record = await callAhead(fake.callModel, facts());
    expect(record?.failure).toMatchObject({ type: 'Unknown', message: 'just a string', nonRetryable: false });
  });

  it('a callModel that throws synchronously is recorded too', async () => {
    const fake = fakeCallModel(() => {
      throw new Error('thrown before any promise');
    });
    const record = await callAhead(fake.callModel, facts());
    expect(fake.inputs).toHaveLength(1);
    expect(record?.failure).toMatchObject({ type: 'Unknown', message: 'thrown before any promise' });
  });

  it('a call that never settles: recorded as a timed-out failure after its limit plus the grace', async () => {
    const quick = BASE_POLICY_YAML.replace('timeoutMs: 1000', 'timeoutMs: 50');
    const fake = fakeCallModel(() => new Promise<CallModelOutput>(() => {}));
    const record = await callAhead(fake.callModel, facts({}, quick));
    expect(fake.inputs).toHaveLength(1);
    expect(fake.inputs[0]?.timeouts.timeoutMs).toBe(50);
    expect(record).toEqual({
      inputFingerprint: callFingerprint(fake.inputs[0]),
      failure: {
        type: 'ActivityTimeout',
        message: 'activity start-to-close timeout',
        nonRetryable: false,
        details: { call: { ...expectedCall, timeoutMs: 50 } },
        timedOut: true,
      },
    });
  });
});
