import { describe, expect, it } from 'vitest';
import { decideRoute, planForModel } from '../../../src/policy/decide-route.js';
import { RouteRequestSchema } from '../../../src/policy/request-schema.js';
import { requestNeedsTools } from '../../../src/policy/request-tools.js';
import type { RouteRequest } from '../../../src/policy/types.js';
import { classification, testPolicy } from '../../support/policies.js';

/** Requests with tools (or tool turns) go only to models with the `tools` capability. */
const policy = testPolicy(`version: tools-needs-1
providers:
  cloud: { kind: openai-compatible, baseURL: http://127.0.0.1:1/v1, dataClasses: [public, internal] }
models:
  plain: { provider: cloud, id: plain, contextTokens: 8000, price: { inputPer1M: 1, outputPer1M: 1 } }
  caller: { provider: cloud, id: caller, contextTokens: 8000, capabilities: [tools], price: { inputPer1M: 1, outputPer1M: 1 } }
routes:
  - name: default
    primary: plain
    fallbacks: [caller]
`);
const weather = { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } };
const ask: RouteRequest = { messages: [{ role: 'user', content: 'Weather in Paris?' }] };

function plan(request: RouteRequest) {
  const decision = decideRoute(policy, request, {
    classification: classification(),
    dataClass: 'public',
    metadata: {},
  });
  if (decision.kind !== 'plan') throw new Error(decision.reason);
  return decision.plan;
}

describe('the tools capability', () => {
  it('skips models without it when tools are offered, and counts the definitions as input', () => {
    const withTools = plan({ ...ask, tools: [weather] });
    expect(withTools.candidates.map((candidate) => candidate.model)).toEqual(['caller']);
    expect(withTools.excluded).toEqual([
      { model: 'plain', cause: 'capability', reason: 'tools offered; model plain lacks the tools capability' },
    ]);
    expect(withTools.needsTools).toBe(true);
    expect(withTools.inputTokens).toBeGreaterThan(plan(ask).inputTokens);
    expect(planForModel(policy, withTools, 'plain', 'public', 10)).toBe(
      'tools offered; model plain lacks the tools capability',
    );
  });

  it('applies to tool turns without tools, and not to plain requests', () => {
    const turns: RouteRequest = {
      messages: [
        ...ask.messages,
        { role: 'assistant', content: '', toolCalls: [{ id: 'call_1', name: 'get_weather', arguments: '{}' }] },
        { role: 'tool', toolCallId: 'call_1', content: 'sunny' },
      ],
    };
    expect(requestNeedsTools(turns)).toBe(true);
    expect(plan(turns).candidates.map((candidate) => candidate.model)).toEqual(['caller']);
    const plain = plan(ask);
    expect(plain.candidates.map((candidate) => candidate.model)).toEqual(['plain', 'caller']);
    expect(plain).not.toHaveProperty('needsTools');
  });
});

describe('tool fields of the request schema', () => {
  const problem = (request: unknown) => {
    const parsed = RouteRequestSchema.safeParse(request);
    return parsed.success ? null : parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  };

  it('accepts tools, a tool choice, assistant tool calls and tool turns', () => {
    expect(
      problem({
        messages: [
          ...ask.messages,
          { role: 'assistant', content: '', toolCalls: [{ id: 'toolu_01', name: 'get_weather', arguments: '{}' }] },
          { role: 'tool', toolCallId: 'toolu_01', content: 'sunny' },
        ],
        tools: [weather],
        toolChoice: { name: 'get_weather' },
        parallelToolCalls: false,
      }),
    ).toBeNull();
  });

  it('refuses forged shapes with the field named', () => {
    expect(problem({ messages: [...ask.messages, { role: 'tool', content: 'x' }] })).toEqual([
      'messages.1.toolCallId: required for tool messages',
    ]);
    expect(
      problem({
        messages: [{ role: 'user', content: 'hi', toolCalls: [{ id: 'c', name: 'f', arguments: '{}' }] }],
      }),
    ).toEqual(['messages.0.toolCalls: only assistant messages carry tool calls']);
    expect(problem({ messages: [{ role: 'user', content: 'hi', toolCallId: 'c' }] })).toEqual([
      'messages.0.toolCallId: only tool messages carry a toolCallId',
    ]);
    expect(problem({ ...ask, tools: [{ ...weather, extra: 1 }] })?.[0]).toMatch(/^tools\.0: Unrecognized key/);
    expect(problem({ ...ask, tools: [{ name: 'x'.repeat(65) }] })?.[0]).toMatch(/^tools\.0\.name: use 1 to 64/);
    expect(problem({ ...ask, tools: [{ name: 'f', description: 'd'.repeat(5000) }] })?.[0]).toMatch(
      /^tools\.0\.description/,
    );
    expect(problem({ ...ask, toolChoice: 'sometimes' })?.[0]).toMatch(/^toolChoice/);
  });
});
