import { describe, expect, it } from 'vitest';
import { assertComplete } from '../../../src/providers/assert-complete.js';
import { anthropicFinishReason, openAIFinishReason } from '../../../src/providers/finish-reasons.js';
import type { FinishReason, ModelCallResult } from '../../../src/providers/types.js';

const result = (finishReason: FinishReason): ModelCallResult => ({
  text: 'partial',
  usage: { inputTokens: 10, outputTokens: 5 },
  finishReason,
  model: 'm',
  latencyMs: 10,
  firstTokenMs: 5,
});

describe('finish reasons', () => {
  it.each([
    ['stop', 'stop'],
    ['length', 'length'],
    ['content_filter', 'content-filter'],
    ['tool_calls', 'tool-calls'],
    ['weird', 'other'],
  ])('openai %s → %s', (raw, unified) => {
    expect(openAIFinishReason(raw)).toEqual({ unified, raw });
  });
  it.each([
    ['end_turn', 'stop'],
    ['stop_sequence', 'stop'],
    ['max_tokens', 'length'],
    ['refusal', 'content-filter'],
    ['tool_use', 'tool-calls'],
    ['pause_turn', 'other'],
  ])('anthropic %s → %s', (raw, unified) => {
    expect(anthropicFinishReason(raw)).toEqual({ unified, raw });
  });
});

describe('assertComplete', () => {
  it('accepts stop, tool-calls and other', () => {
    expect(() => assertComplete(result({ unified: 'stop', raw: 'stop' }))).not.toThrow();
    expect(() => assertComplete(result({ unified: 'tool-calls', raw: 'tool_use' }))).not.toThrow();
  });
  it('content-filter → ContentFiltered (policy-blocked) with usage', () => {
    expect(() => assertComplete(result({ unified: 'content-filter', raw: 'refusal' }))).toThrowError(
      expect.objectContaining({
        type: 'ContentFiltered',
        kind: 'policy-blocked',
        usage: { inputTokens: 10, outputTokens: 5 },
      }),
    );
  });
  it('length → OutputTruncated (permanent) with usage', () => {
    expect(() => assertComplete(result({ unified: 'length', raw: 'length' }))).toThrowError(
      expect.objectContaining({
        type: 'OutputTruncated',
        kind: 'permanent',
        usage: { inputTokens: 10, outputTokens: 5 },
      }),
    );
  });
  it('length is the answer when the caller accepts truncation; a content filter still is not', () => {
    expect(() =>
      assertComplete(result({ unified: 'length', raw: 'max_tokens' }), { acceptTruncated: true }),
    ).not.toThrow();
    expect(() =>
      assertComplete(result({ unified: 'content-filter', raw: 'content_filter' }), { acceptTruncated: true }),
    ).toThrowError(expect.objectContaining({ type: 'ContentFiltered' }));
  });
});
