import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { adapterFor, callRequest, limits, newWorkflowId, WIRES } from './fake-harness.js';

describe.each(WIRES)('$name adapter: decoding values on the wire', (wire) => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('sends temperature, top_p, stop sequences and seed as the wire names them (Anthropic: no seed, temperature ≤ 1)', async () => {
    const workflowId = newWorkflowId('decoding');
    await adapterFor(fake, wire, 'ok').generate(
      callRequest(workflowId, { temperature: 1.5, topP: 0.7, stop: ['###', 'END'], seed: 9, maxOutputTokens: 77 }),
      limits(),
    );
    const [sent] = fake.attempts({ workflowId });
    expect(sent?.decoding).toEqual(
      wire.name === 'openai'
        ? { temperature: 1.5, topP: 0.7, stop: ['###', 'END'], seed: 9, maxTokens: 77 }
        : { temperature: 1, topP: 0.7, stop: ['###', 'END'], seed: null, maxTokens: 77 },
    );
  });

  it('sends none of them when unset: the provider’s defaults apply', async () => {
    const workflowId = newWorkflowId('no-decoding');
    await adapterFor(fake, wire, 'ok').generate(callRequest(workflowId), limits());
    expect(fake.attempts({ workflowId })[0]?.decoding).toEqual({
      temperature: null,
      topP: null,
      stop: null,
      seed: null,
      maxTokens: 200,
    });
  });
});
