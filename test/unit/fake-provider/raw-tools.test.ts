import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import { parseSse, postJson } from './sse.js';

/** The fake's tool answers in both wires' real shapes, non-stream (the adapters cover the streamed ones). */
const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };

describe('fake provider tool calls over plain HTTP', () => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('OpenAI wire: message.tool_calls with null content and finish_reason tool_calls', async () => {
    const response = await postJson(`${fake.url}/v1/chat/completions`, {
      model: 'ok:parallel=2',
      messages: [{ role: 'user', content: 'Weather in Paris and Rome?' }],
      tools: [{ type: 'function', function: { name: 'get_weather', parameters } }],
    });
    const body = await response.json();
    expect(body.choices[0].finish_reason).toBe('tool_calls');
    expect(body.choices[0].message.content).toBeNull();
    expect(body.choices[0].message.tool_calls).toEqual([
      {
        id: expect.stringMatching(/^call_/),
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"sample 1"}' },
      },
      {
        id: expect.stringMatching(/^call_/),
        type: 'function',
        function: { name: 'get_weather', arguments: '{"city":"sample 2"}' },
      },
    ]);
  });

  it('Anthropic wire: tool_use blocks and stop_reason tool_use; tool_result turns are logged', async () => {
    const response = await postJson(`${fake.url}/v1/messages`, {
      model: 'ok',
      max_tokens: 100,
      tools: [{ name: 'get_weather', input_schema: parameters }],
      tool_choice: { type: 'any' },
      messages: [{ role: 'user', content: 'Weather in Paris?' }],
    });
    const body = await response.json();
    expect(body.stop_reason).toBe('tool_use');
    expect(body.content).toEqual([
      { type: 'tool_use', id: expect.stringMatching(/^toolu_/), name: 'get_weather', input: { city: 'sample 1' } },
    ]);
    const events = parseSse(
      await (
        await postJson(
          `${fake.url}/v1/messages`,
          {
            model: 'ok',
            max_tokens: 100,
            stream: true,
            tools: [{ name: 'get_weather', input_schema: parameters }],
            messages: [
              { role: 'user', content: 'Weather in Paris?' },
              {
                role: 'assistant',
                content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }],
              },
              { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny in Paris' }] },
            ],
          },
          { 'x-switchyard-workflow-id': 'raw-tools-1' },
        )
      ).text(),
    );
    const deltas = events
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => JSON.parse(event.data));
    expect(deltas.map((delta) => delta.delta.text).join('')).toMatch(/result of tool call toolu_1/);
    const [attempt] = fake.attempts({ workflowId: 'raw-tools-1' });
    expect(attempt?.text).toContain('{"city":"Paris"}');
    expect(attempt?.text).toContain('Sunny in Paris');
  });
});
