import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { completionBody, completionChunks, splitText } from '../../../src/gateway/completion-body.js';
import { answerFromResult } from '../../../src/gateway/gateway-answer.js';
import { listModels } from '../../../src/gateway/models-list.js';
import type { GatewayError } from '../../../src/gateway/openai-error.js';
import { toRouteRequest } from '../../../src/gateway/to-route-request.js';
import type { RouteResult } from '../../../src/policy/types.js';
import { PACKAGE_ROOT } from '../../../src/temporal/paths.js';
import { gatewayErrorOf } from '../../support/gateway-error-of.js';

const { policy } = loadPolicyFile(join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml'));
const messages = [{ role: 'user', content: 'hi' }];

const failure = (body: unknown): GatewayError => gatewayErrorOf(() => toRouteRequest(body, policy));

describe('toRouteRequest', () => {
  it('routes auto normally, forces a route by name, and calls a model key directly', () => {
    expect(toRouteRequest({ model: 'auto', messages }, policy).request).toEqual({ messages });
    expect(toRouteRequest({ model: '503', messages }, policy).request.route).toBe('503');
    expect(toRouteRequest({ model: 'route:ok', messages }, policy).request.route).toBe('ok');
    const direct = toRouteRequest({ model: 'model:ok', models: ['slow', 'ok'], messages }, policy).request;
    expect(direct.route).toBeUndefined();
    expect(direct.models).toEqual(['ok', 'slow']);
  });

  it('maps OpenAI fields onto the request', () => {
    const call = toRouteRequest(
      {
        model: 'auto',
        messages: [
          { role: 'developer', content: 'be brief' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'a' },
              { type: 'text', text: 'b' },
            ],
          },
        ],
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 64,
        response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
        user: 'tenant-7',
        metadata: { channel: 'email' },
        temperature: 0.2,
      },
      policy,
      'req-1',
    );
    expect(call).toMatchObject({ stream: true, includeUsage: true, target: { kind: 'auto' } });
    expect(call.request).toEqual({
      requestId: 'req-1',
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'a\nb' },
      ],
      maxOutputTokens: 64,
      responseFormat: { type: 'json', schema: { type: 'object' } },
      metadata: { channel: 'email', user: 'tenant-7' },
      decoding: { temperature: 0.2 },
    });
    expect(
      toRouteRequest({ model: 'auto', messages, response_format: { type: 'json_object' } }, policy).request,
    ).toMatchObject({ responseFormat: { type: 'json' } });
  });

  it('passes temperature, top_p, stop and seed as the caller’s decoding (null or absent: none sent)', () => {
    const decodingOf = (fields: Record<string, unknown>) =>
      toRouteRequest({ model: 'auto', messages, ...fields }, policy).request.decoding;
    expect(decodingOf({ temperature: 1.5, top_p: 0.5, stop: ['END', '##'], seed: 42 })).toEqual({
      temperature: 1.5,
      topP: 0.5,
      stop: ['END', '##'],
      seed: 42,
    });
    expect(decodingOf({ stop: 'END' })).toEqual({ stop: ['END'] });
    expect(decodingOf({ temperature: null, top_p: null, stop: null, seed: null })).toBeUndefined();
    expect(decodingOf({})).toBeUndefined();
  });

  it('refuses decoding values outside the router’s ranges with a 400 naming the field', () => {
    expect(failure({ model: 'auto', messages, temperature: 2.5 })).toMatchObject({ status: 400, param: 'temperature' });
    expect(failure({ model: 'auto', messages, top_p: 0 })).toMatchObject({ status: 400, param: 'top_p' });
    expect(failure({ model: 'auto', messages, seed: 1.5 })).toMatchObject({ status: 400, param: 'seed' });
    const fiveStops = failure({ model: 'auto', messages, stop: ['a', 'b', 'c', 'd', 'e'] });
    expect(fiveStops).toMatchObject({ status: 400, param: 'stop' });
    expect(fiveStops.message).toMatch(/at most 4 stop sequences/);
    expect(failure({ model: 'auto', messages, stop: ['x'.repeat(65)] }).param).toBe('stop[0]');
  });

  it('names the field of a bad request (400) and the unknown model (404)', () => {
    expect(failure({ messages })).toMatchObject({ status: 400, param: 'model' });
    expect(failure({ model: 'auto', messages: [{ role: 'user', content: 3 }] })).toMatchObject({
      status: 400,
      param: 'messages[0].content',
    });
    expect(failure({ model: 'auto', messages: [{ role: 'tool', content: 'x' }] }).param).toBe(
      'messages[0].tool_call_id',
    );
    expect(failure({ model: 'auto', messages: [{ role: 'function', name: 'f', content: 'x' }] }).param).toBe(
      'messages[0].role',
    );
    expect(failure({ model: 'auto', messages, n: 2 }).param).toBe('n');
    expect(failure({ model: 'auto', messages, tools: [{}] }).param).toBe('tools[0].type');
    expect(failure({ model: 'auto', messages, functions: [{ name: 'f' }] }).param).toBe('functions');
    expect(failure({ model: 'auto', messages, metadata: { a: 1 } }).param).toBe('metadata.a');
    expect(failure({ model: 'nope', messages })).toMatchObject({ status: 404, code: 'model_not_found' });
    expect(failure({ model: 'auto', models: ['ok', 'nope'], messages })).toMatchObject({
      status: 404,
      param: 'models[1]',
    });
  });
});

describe('response bodies', () => {
  const result = {
    workflowId: 'route-1',
    outcome: 'answered',
    answer: 'The quick brown fox jumps over the lazy dog, twice over.',
    route: '503',
    model: 'ok',
    attempts: [
      { model: '503', ok: false, latencyMs: 5 },
      { model: 'ok', ok: true, latencyMs: 40 },
    ],
    costUsd: 0.0001,
    policyVersion: 'v1',
    usage: { inputTokens: 3, outputTokens: 12 },
  } as unknown as RouteResult;

  it('splits text into pieces that join back to it', () => {
    const text = '  leading spaces, then words\nand lines   ';
    expect(splitText(text, 8).join('')).toBe(text);
    expect(splitText('', 8)).toEqual([]);
  });

  it('builds the OpenAI completion and chunk shapes with routing facts', () => {
    const answer = answerFromResult(result, policy, 100);
    expect(answer.meta).toMatchObject({ outcome: 'answered', attempts: 2, overheadMs: 60, model: 'ok' });
    const body = completionBody(answer, 1);
    expect(body).toMatchObject({
      id: 'chatcmpl-route-1',
      object: 'chat.completion',
      model: 'ok',
      usage: { prompt_tokens: 3, completion_tokens: 12, total_tokens: 15 },
    });
    const chunks = completionChunks(answer, 1, true) as {
      choices: { delta: { content?: string }; finish_reason: string | null }[];
      usage?: unknown;
    }[];
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(result.answer);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { total_tokens: 15 } });
    expect(chunks[0]).toHaveProperty('usage', null);
    expect(completionChunks(answer, 1, false).at(-1)).not.toHaveProperty('usage');
  });

  it('answers a degraded request with the degrade message and a synthetic model', () => {
    const degraded = { ...result, outcome: 'degraded', answer: 'sorry', model: null, usage: null } as RouteResult;
    const answer = answerFromResult(degraded, policy, 10);
    expect(answer).toMatchObject({ responseModel: 'switchyard/degraded', content: 'sorry' });
    expect(answer.usage.total_tokens).toBe(0);
  });

  it('lists auto, routes, and models (prefixed when a route has the same name)', () => {
    const ids = listModels(policy, 0).map((entry) => `${entry.id}|${entry.owned_by}`);
    expect(ids).toContain('auto|switchyard');
    expect(ids).toContain('ok|switchyard-route');
    expect(ids).toContain('model:ok|fake-anthropic');
  });
});
