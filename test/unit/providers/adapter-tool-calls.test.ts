import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeProvider, startFakeProvider } from '../../../src/fake-provider/server.js';
import type { ToolDefinition } from '../../../src/policy/types.js';
import type { ModelDelta } from '../../../src/providers/types.js';
import { adapterFor, callRequest, limits, newWorkflowId, WIRES } from './fake-harness.js';

/** Both adapters against the real fake provider over HTTP: tools out, streamed tool calls back in. */
const WEATHER: ToolDefinition = {
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city', 'unit'],
  },
};
const TIME: ToolDefinition = { name: 'get_time', parameters: { type: 'object', properties: {} } };

describe.each(WIRES)('$name adapter: tool calls', (wire) => {
  let fake: FakeProvider;
  beforeAll(async () => {
    fake = await startFakeProvider();
  });
  afterAll(() => fake.close());

  it('sends the tools, assembles the streamed call and hands on tool-call deltas (id and name first)', async () => {
    const workflowId = newWorkflowId('tools');
    const deltas: ModelDelta[] = [];
    const result = await adapterFor(fake, wire, 'ok').generate(
      callRequest(workflowId, { tools: [WEATHER, TIME] }),
      limits({ onDelta: (delta) => deltas.push(delta) }),
    );
    expect(result.finishReason.unified).toBe('tool-calls');
    expect(result.text).toBe('');
    expect(result.toolCalls).toHaveLength(1);
    const [call] = result.toolCalls!;
    expect(call!.name).toBe('get_weather');
    expect(call!.id).toMatch(wire.name === 'openai' ? /^call_/ : /^toolu_/);
    expect(JSON.parse(call!.arguments)).toEqual({ city: 'sample 1', unit: 'celsius' });
    expect(result.firstTokenMs).not.toBeNull();
    const toolDeltas = deltas.filter((delta) => delta.kind === 'tool-call');
    expect(toolDeltas[0]).toMatchObject({ kind: 'tool-call', index: 0, id: call!.id, name: 'get_weather' });
    expect(toolDeltas.length).toBeGreaterThan(2);
    expect(toolDeltas.map((delta) => delta.argumentsDelta ?? '').join('')).toBe(call!.arguments);
  });

  it('makes parallel calls when the model does, and one when the request forbids parallel calls', async () => {
    const adapter = adapterFor(fake, wire, 'ok:parallel=2');
    const parallel = await adapter.generate(
      callRequest(newWorkflowId('parallel'), { tools: [WEATHER, TIME] }),
      limits(),
    );
    expect(parallel.toolCalls?.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
    expect(parallel.toolCalls?.[1]?.arguments).toBe('{}');
    const serial = await adapter.generate(
      callRequest(newWorkflowId('serial'), { tools: [WEATHER, TIME], parallelToolCalls: false }),
      limits(),
    );
    expect(serial.toolCalls).toHaveLength(1);
  });

  it('honours a forced tool and tool choice none', async () => {
    const adapter = adapterFor(fake, wire, 'ok');
    const forced = await adapter.generate(
      callRequest(newWorkflowId('forced'), { tools: [WEATHER, TIME], toolChoice: { name: 'get_time' } }),
      limits(),
    );
    expect(forced.toolCalls?.map((call) => call.name)).toEqual(['get_time']);
    const none = await adapter.generate(
      callRequest(newWorkflowId('none'), { tools: [WEATHER], toolChoice: 'none' }),
      limits(),
    );
    expect(none.toolCalls ?? []).toEqual([]);
    expect(none.text).toMatch(/simulated answer/);
  });

  it('sends the assistant tool calls and the tool results back, and the model answers in text', async () => {
    const workflowId = newWorkflowId('result');
    const result = await adapterFor(fake, wire, 'ok').generate(
      callRequest(workflowId, {
        tools: [WEATHER],
        messages: [
          { role: 'system', content: 'You are a support assistant.' },
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: '',
            toolCalls: [
              { id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
              { id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome","unit":"celsius"}' },
            ],
          },
          { role: 'tool', toolCallId: 'call_1', content: 'Paris: 18 degrees' },
          { role: 'tool', toolCallId: 'call_2', content: 'Rome: 24 degrees' },
        ],
      }),
      limits(),
    );
    expect(result.finishReason.unified).toBe('stop');
    expect(result.toolCalls ?? []).toEqual([]);
    expect(result.text).toMatch(/result of tool call call_2/);
    const [attempt] = fake.attempts({ workflowId });
    // The attempt log holds the tool payloads like message text.
    expect(attempt?.text).toContain('Paris');
    expect(attempt?.text).toContain('Rome: 24 degrees');
  });
});
