import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBehaviour } from '../../../src/fake-provider/behaviours.js';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { postJson } from './sse.js';

describe('fake provider context-length:max=N (answers prompts of at most N tokens, characters / 4)', () => {
  let fake: FakeProvider;
  let endpoint: string;
  beforeAll(async () => {
    fake = await startFakeProvider();
    endpoint = `${fake.url}/v1/chat/completions`;
  });
  afterAll(() => fake.close());

  it('parses max and keeps the plain behaviour refusing everything', () => {
    expect(parseBehaviour('context-length:max=2000')).toMatchObject({
      success: true,
      spec: { params: { maxPromptTokens: 2000 } },
    });
    expect(parseBehaviour('context-length')).toMatchObject({
      success: true,
      spec: { params: { maxPromptTokens: null } },
    });
  });

  it('answers a prompt under the limit and refuses one over it with the limit in the message', async () => {
    const short = await postJson(endpoint, {
      model: 'context-length:max=10',
      messages: [{ role: 'user', content: 'x'.repeat(40) }],
    });
    expect(short.status).toBe(200);
    const long = await postJson(endpoint, {
      model: 'context-length:max=10',
      messages: [{ role: 'user', content: 'x'.repeat(44) }],
    });
    expect(long.status).toBe(400);
    const { error } = await long.json();
    expect(error).toMatchObject({ code: 'context_length_exceeded' });
    expect(error.message).toContain('maximum context length is 10 tokens');
    expect(error.message).toContain('resulted in 11 tokens');
  });
});
