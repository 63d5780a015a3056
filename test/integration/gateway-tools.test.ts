import { createOpenAI } from '@ai-sdk/openai';
import * as ai from 'ai';
import OpenAI from 'openai';
import type { ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import type { FunctionTool, ResponseInputItem } from 'openai/resources/responses/responses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { type Harness, startHarness } from '../support/harness.js';

/**
 * Tool calling and the Responses API through the gateway, driven by the unmodified official `openai` SDK
 * (v6) against a real worker and the fake provider (which calls the first offered tool with arguments
 * sampled from its schema, and answers text after a tool result). Fake model ids tell the models apart in
 * the fake's attempt log: `ok` (public, OpenAI wire), `ok:latency=1` (private, Anthropic wire), `ok:latency=2`
 * (no tools capability).
 */
const POLICY = `
version: tools-1
defaults: { timeoutMs: 3000, deadlineMs: 20000, retries: 1, retryDelayMs: 10, maxOutputTokens: 200 }
providers:
  public-cloud: { kind: openai-compatible, fakeProvider: true, dataClasses: [public] }
  private: { kind: anthropic, fakeProvider: true, dataClasses: [public, internal, restricted] }
models:
  openai-tools: { provider: public-cloud, id: ok, contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 }, capabilities: [json, tools] }
  parallel-tools: { provider: public-cloud, id: 'ok:parallel=2', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 }, capabilities: [tools] }
  no-tools: { provider: public-cloud, id: 'ok:latency=2', contextTokens: 100000, price: { inputPer1M: 1, outputPer1M: 1 } }
  anthropic-tools: { provider: private, id: 'ok:latency=1', contextTokens: 100000, price: { inputPer1M: 0, outputPer1M: 0 }, capabilities: [json, tools] }
routes:
  - name: openai
    primary: openai-tools
  - name: anthropic
    primary: anthropic-tools
  - name: parallel
    primary: parallel-tools
  - name: mixed
    primary: no-tools
    fallbacks: [anthropic-tools]
  - name: public-first
    primary: openai-tools
    fallbacks: [anthropic-tools]
  - name: redacting
    primary: openai-tools
    redact: true
  - name: default
    primary: openai-tools
privacy: { onNoAllowedProvider: degrade }
access: { forceRoutes: all, forceModels: all }
`;

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
      required: ['city', 'unit'],
    },
  },
};
const timeTool: ChatCompletionTool = {
  type: 'function',
  function: { name: 'get_time', parameters: { type: 'object', properties: {} } },
};
const responsesWeather: FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: weatherTool.type === 'function' ? (weatherTool.function.parameters ?? null) : null,
  strict: false,
};

/**
 * The Vercel AI SDK (`ai` 6 + `@ai-sdk/openai` 3, devDependencies; both run on Node 20): its default
 * `openai(model)` provider calls `/v1/responses`.
 */
const aiSdk = { ai, provider: { createOpenAI } };

let harness: Harness;
let gateway: Gateway;
let openai: OpenAI;

beforeAll(async () => {
  harness = await startHarness({ policyYaml: POLICY });
  gateway = await startGateway({
    router: harness.router,
    client: harness.client,
    policy: harness.policy,
    port: 0,
    keepAliveMs: 50,
  });
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'not-checked', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await harness?.stop();
});

describe('chat completions with tools (official openai SDK)', () => {
  it.each(['openai', 'anthropic'])(
    'round-trips a tool call on the %s wire: tool_calls, then the tool result, then the final text',
    async (route) => {
      const messages: ChatCompletionMessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
      const first = await openai.chat.completions.create({ model: route, messages, tools: [weatherTool, timeTool] });
      const choice = first.choices[0]!;
      expect(choice.finish_reason).toBe('tool_calls');
      expect(choice.message.content).toBeNull();
      const [call] = choice.message.tool_calls ?? [];
      expect(call?.type).toBe('function');
      if (call?.type !== 'function') throw new Error('expected a function call');
      expect(call.function.name).toBe('get_weather');
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'sample 1', unit: 'celsius' });

      messages.push(choice.message, { role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 degrees' });
      const second = await openai.chat.completions.create({ model: route, messages, tools: [weatherTool, timeTool] });
      expect(second.choices[0]?.finish_reason).toBe('stop');
      expect(second.choices[0]?.message.content).toContain(`result of tool call ${call.id}`);
    },
  );

  it('streams tool calls as delta.tool_calls and makes parallel calls when the model does', async () => {
    const stream = await openai.chat.completions.create({
      model: 'parallel',
      messages: [{ role: 'user', content: 'Weather and time, please' }],
      tools: [weatherTool, timeTool],
      stream: true,
    });
    const calls: { id: string; name: string; arguments: string }[] = [];
    let finish: string | null = null;
    for await (const chunk of stream) {
      for (const piece of chunk.choices[0]?.delta.tool_calls ?? []) {
        calls[piece.index] ??= { id: '', name: '', arguments: '' };
        const call = calls[piece.index]!;
        if (piece.id) call.id = piece.id;
        if (piece.function?.name) call.name = piece.function.name;
        call.arguments += piece.function?.arguments ?? '';
      }
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect(calls.map((call) => call.name)).toEqual(['get_weather', 'get_time']);
    expect(JSON.parse(calls[0]!.arguments)).toEqual({ city: 'sample 1', unit: 'celsius' });
    expect(calls[1]!.arguments).toBe('{}');
  });

  it('sends a request with tools only to models with the tools capability', async () => {
    const { data, response } = await openai.chat.completions
      .create({ model: 'mixed', messages: [{ role: 'user', content: 'Weather?' }], tools: [weatherTool] })
      .withResponse();
    expect(data.choices[0]?.finish_reason).toBe('tool_calls');
    expect(response.headers.get('x-switchyard-model')).toBe('anthropic-tools');
    expect(response.headers.get('x-switchyard-attempts')).toBe('1');
    const workflowId = response.headers.get('x-switchyard-workflow-id')!;
    expect(harness.fake.attempts({ workflowId }).map((attempt) => attempt.model)).toEqual(['ok:latency=1']);
    const result = await harness.client.workflow.getHandle(workflowId).result();
    expect(JSON.stringify(result.trail)).toContain('lacks the tools capability');

    const plain = await openai.chat.completions
      .create({ model: 'mixed', messages: [{ role: 'user', content: 'Hello' }] })
      .withResponse();
    expect(plain.response.headers.get('x-switchyard-model')).toBe('no-tools');
  });
});

describe('tool payloads through the privacy gate', () => {
  const iban = 'DE89 3704 0044 0532 0130 00';

  it('an identifier only in a tool result makes the request restricted: it never reaches the public provider', async () => {
    const { data, response } = await openai.chat.completions
      .create({
        model: 'public-first',
        tools: [weatherTool],
        messages: [
          { role: 'user', content: 'Please look up my account' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              {
                id: 'call_1',
                type: 'function',
                function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
              },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: `Account holder IBAN ${iban}` },
        ],
      })
      .withResponse();
    expect(data.choices[0]?.message.content).toContain('result of tool call call_1');
    expect(response.headers.get('x-switchyard-model')).toBe('anthropic-tools');
    const workflowId = response.headers.get('x-switchyard-workflow-id')!;
    const attempts = harness.fake.attempts({ workflowId });
    expect(attempts.map((attempt) => [attempt.wire, attempt.model])).toEqual([['anthropic', 'ok:latency=1']]);
    expect(attempts[0]?.text).toContain(iban);
    const result = await harness.client.workflow.getHandle(workflowId).result();
    expect(result.privacy).toMatchObject({ dataClass: 'restricted', entityTypes: ['iban'] });
  });

  it('an identifier only in tool-call arguments counts too, and a redacting route sends placeholders', async () => {
    const messages: ChatCompletionMessageParam[] = [
      { role: 'user', content: 'Pay the invoice' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_9',
            type: 'function',
            function: { name: 'get_weather', arguments: JSON.stringify({ city: iban, unit: 'celsius' }) },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_9', content: 'paid' },
    ];
    const restricted = await openai.chat.completions
      .create({ model: 'public-first', tools: [weatherTool], messages })
      .withResponse();
    const restrictedId = restricted.response.headers.get('x-switchyard-workflow-id')!;
    expect(harness.fake.attempts({ workflowId: restrictedId }).map((attempt) => attempt.wire)).toEqual(['anthropic']);

    const redacted = await openai.chat.completions
      .create({ model: 'redacting', tools: [weatherTool], messages })
      .withResponse();
    expect(redacted.response.headers.get('x-switchyard-model')).toBe('openai-tools');
    const workflowId = redacted.response.headers.get('x-switchyard-workflow-id')!;
    const [attempt] = harness.fake.attempts({ workflowId });
    expect(attempt?.wire).toBe('openai');
    expect(attempt?.text).not.toContain('0532');
    expect(attempt?.text).toContain('{"city":"[IBAN]","unit":"celsius"}');
  });
});

describe('the Responses API (official openai SDK)', () => {
  it('answers text input without streaming', async () => {
    const response = await openai.responses.create({
      model: 'openai',
      input: 'Where is my order?',
      instructions: 'Be brief.',
    });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toMatch(/simulated answer from model ok/);
    expect(response.output[0]).toMatchObject({ type: 'message', role: 'assistant' });
    expect(response.usage?.total_tokens).toBeGreaterThan(0);
    expect((response as unknown as { switchyard: { outcome: string } }).switchyard.outcome).toBe('answered');
  });

  it.each(['openai', 'anthropic'])('round-trips a function call on the %s wire', async (route) => {
    const input: ResponseInputItem[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await openai.responses.create({ model: route, input, tools: [responsesWeather] });
    const call = first.output.find((item) => item.type === 'function_call');
    if (call?.type !== 'function_call') throw new Error('expected a function_call item');
    expect(call.name).toBe('get_weather');
    expect(JSON.parse(call.arguments)).toEqual({ city: 'sample 1', unit: 'celsius' });

    input.push(
      { type: 'function_call', call_id: call.call_id, name: call.name, arguments: call.arguments },
      { type: 'function_call_output', call_id: call.call_id, output: 'Sunny, 21 degrees' },
    );
    const second = await openai.responses.create({ model: route, input, tools: [responsesWeather] });
    expect(second.status).toBe('completed');
    expect(second.output_text).toContain(`result of tool call ${call.call_id}`);
  });

  it('streams text as the Responses event sequence', async () => {
    const stream = await openai.responses.create({ model: 'anthropic', input: 'Hello there', stream: true });
    const types: string[] = [];
    let text = '';
    let final = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') final = event.response.output_text;
    }
    expect(types.slice(0, 2)).toEqual(['response.created', 'response.in_progress']);
    expect(types).toContain('response.output_text.done');
    expect(types.at(-1)).toBe('response.completed');
    expect(text).toMatch(/simulated answer from model ok:latency=1/);
    expect(final).toBe(text);
  });

  it('streams function calls with argument deltas', async () => {
    const stream = openai.responses.stream({ model: 'openai', input: 'Weather in Paris?', tools: [responsesWeather] });
    let args = '';
    for await (const event of stream) {
      if (event.type === 'response.function_call_arguments.delta') args += event.delta;
    }
    const response = await stream.finalResponse();
    const call = response.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: args });
    expect(JSON.parse(args)).toEqual({ city: 'sample 1', unit: 'celsius' });
  });

  it('refuses previous_response_id with a clear 400', async () => {
    const error = await openai.responses
      .create({ model: 'openai', input: 'hi', previous_response_id: 'resp_123' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toMatch(/previous_response_id/);
  });
});

describe('the Vercel AI SDK default OpenAI provider (Responses API)', () => {
  const weather = () =>
    aiSdk.ai.tool({
      description: 'Current weather for a city',
      inputSchema: aiSdk.ai.jsonSchema<{ city: string }>({
        type: 'object',
        properties: { city: { type: 'string' } },
        required: ['city'],
      }),
      execute: async ({ city }: { city: string }) => `Sunny in ${city}`,
    });
  const model = (name: string) => aiSdk.provider.createOpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'x' })(name);

  it('generates text', async () => {
    const result = await aiSdk.ai.generateText({ model: model('openai'), prompt: 'Where is my order?' });
    expect(result.text).toMatch(/simulated answer from model ok/);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.totalTokens).toBeGreaterThan(0);
  });

  it.each(['openai', 'anthropic'])('runs a tool loop on the %s wire, streamed and not', async (route) => {
    const options = {
      model: model(route),
      prompt: 'Weather in Paris?',
      tools: { weather: weather() },
      stopWhen: aiSdk.ai.stepCountIs(3),
    };
    const generated = await aiSdk.ai.generateText(options);
    expect(generated.steps.map((step: { finishReason: string }) => step.finishReason)).toEqual(['tool-calls', 'stop']);
    expect(generated.steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: 'sample 1' } });
    expect(generated.text).toMatch(/result of tool call/);

    const streamed = aiSdk.ai.streamText(options);
    const types = new Set<string>();
    let text = '';
    for await (const part of streamed.fullStream) {
      types.add(part.type);
      if (part.type === 'text-delta') text += part.text;
    }
    expect(types.has('tool-call')).toBe(true);
    expect(types.has('tool-result')).toBe(true);
    expect(types.has('error')).toBe(false);
    expect(text).toMatch(/result of tool call/);
  });
});
