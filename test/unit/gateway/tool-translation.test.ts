import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { completionBody, completionChunks } from '../../../src/gateway/completion-body.js';
import { answerFromResult } from '../../../src/gateway/gateway-answer.js';
import type { GatewayError } from '../../../src/gateway/openai-error.js';
import { toRouteRequest } from '../../../src/gateway/to-route-request.js';
import type { RouteResult } from '../../../src/policy/types.js';
import { PACKAGE_ROOT } from '../../../src/temporal/paths.js';
import { gatewayErrorOf } from '../../support/gateway-error-of.js';

const { policy } = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

const failure = (body: unknown): GatewayError => gatewayErrorOf(() => toRouteRequest(body, policy));

describe('chat completions with tools → RouteRequest', () => {
  it('translates tools, tool_choice, parallel_tool_calls, assistant tool_calls and tool messages', () => {
    const { request } = toRouteRequest(
      {
        model: 'auto',
        tools: [weather],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
        messages: [
          { role: 'user', content: 'Weather in Paris?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '18 degrees' }] },
        ],
      },
      policy,
    );
    expect(request).toEqual({
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }],
        },
        { role: 'tool', toolCallId: 'call_1', content: '18 degrees' },
      ],
      tools: [
        {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
      toolChoice: { name: 'get_weather' },
      parallelToolCalls: false,
    });
  });

  it('refuses malformed or forged tool input with a 400 naming the field', () => {
    const messages = [{ role: 'user', content: 'hi' }];
    expect(failure({ model: 'auto', messages, tools: [{ type: 'web_search' }] }).param).toBe('tools[0].type');
    expect(
      failure({ model: 'auto', messages, tools: [{ ...weather, function: { name: 'bad name!' } }] }).message,
    ).toMatch(/^tools\.0\.name: use 1 to 64 letters/);
    expect(failure({ model: 'auto', messages, tools: [weather, weather] }).message).toMatch(/defined twice/);
    expect(
      failure({ model: 'auto', messages, tools: [weather], tool_choice: { type: 'function', function: { name: 'x' } } })
        .message,
    ).toMatch(/^toolChoice: names tool "x"/);
    expect(failure({ model: 'auto', messages, tool_choice: 'required' }).message).toMatch(/needs tools/);
    const many = Array.from({ length: 129 }, (_, index) => ({ ...weather, function: { name: `f${index}` } }));
    expect(failure({ model: 'auto', messages, tools: many }).message).toMatch(/at most 128 tools/);
    const huge = { ...weather, function: { ...weather.function, parameters: { description: 'x'.repeat(300_000) } } };
    expect(failure({ model: 'auto', messages, tools: [huge] }).message).toMatch(/characters of JSON/);
    const forgedCall = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'id with spaces', type: 'function', function: { name: 'f', arguments: '{}' } }],
    };
    expect(failure({ model: 'auto', messages: [...messages, forgedCall] }).message).toMatch(
      /^messages\.1\.toolCalls\.0\.id/,
    );
  });

  it('counts tool-call arguments toward the request size limit (413)', () => {
    const args = JSON.stringify({ text: 'x'.repeat(1024 * 1024) });
    const error = failure({
      model: 'auto',
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'assistant', tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: args } }] },
      ],
    });
    expect(error.status).toBe(413);
  });
});

describe('chat completion bodies with tool calls', () => {
  const result = {
    workflowId: 'route-7',
    outcome: 'answered',
    answer: '',
    route: 'ok',
    model: 'ok',
    attempts: [{ model: 'ok', ok: true, latencyMs: 40 }],
    costUsd: 0.0001,
    policyVersion: 'v1',
    usage: { inputTokens: 3, outputTokens: 12 },
    finish: 'tool-calls',
    toolCalls: [
      { id: 'call_a', name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
      { id: 'call_b', name: 'get_time', arguments: '{}' },
    ],
  } as unknown as RouteResult;

  it('renders message.tool_calls with null content and finish_reason tool_calls', () => {
    const body = completionBody(answerFromResult(result, policy, 50), 1);
    expect(body.choices[0]).toMatchObject({
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: 'call_a',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
          },
          { id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{}' } },
        ],
      },
    });
  });

  it('streams tool calls as delta.tool_calls pieces by index, then the answer finish reason', () => {
    const chunks = completionChunks(answerFromResult(result, policy, 50), 1, false) as {
      choices: {
        delta: { tool_calls?: { index: number; id?: string; function: { name?: string; arguments: string } }[] };
        finish_reason: string | null;
      }[];
    }[];
    const pieces = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(pieces[0]).toMatchObject({ index: 0, id: 'call_a', function: { name: 'get_weather', arguments: '' } });
    const args = (index: number) =>
      pieces
        .filter((piece) => piece.index === index)
        .map((piece) => piece.function.arguments)
        .join('');
    expect(args(0)).toBe('{"city":"Paris","unit":"celsius"}');
    expect(args(1)).toBe('{}');
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls');
    const cut = answerFromResult({ ...result, answer: 'cut', finish: 'length', toolCalls: null }, policy, 1);
    expect(completionBody(cut, 1).choices[0]?.finish_reason).toBe('length');
  });
});
