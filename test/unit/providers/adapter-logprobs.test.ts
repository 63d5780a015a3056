import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { adapterFor, callRequest, limits, newWorkflowId, WIRES } from './fake-harness.js';

/** Token log-probabilities for the verifier's min-logprob check (docs/router.md#cascade). */
describe('adapter logprobs against the fake', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('the OpenAI-compatible adapter asks for logprobs and returns their mean over the answer tokens', async () => {
    const adapter = adapterFor(fake, WIRES[0], 'ok:confidence=0.5');
    const asked = await adapter.generate(callRequest(newWorkflowId('logprobs'), { logprobs: true }), limits());
    expect(asked.meanLogprob).toBeCloseTo(Math.log(0.5), 10);
    const plain = await adapter.generate(callRequest(newWorkflowId('logprobs')), limits());
    expect(plain.meanLogprob).toBeUndefined();
  });

  it('the Anthropic adapter has none to give', async () => {
    const adapter = adapterFor(fake, WIRES[1], 'ok:confidence=0.5');
    const result = await adapter.generate(callRequest(newWorkflowId('logprobs'), { logprobs: true }), limits());
    expect(result.meanLogprob).toBeUndefined();
  });
});
