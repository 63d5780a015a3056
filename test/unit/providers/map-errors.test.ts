import * as AnthropicErrors from '@anthropic-ai/sdk';
import * as OpenAIErrors from 'openai';
import { describe, expect, it } from 'vitest';
import { isConnectionFailure } from '../../../src/providers/connection-failure.js';
import { mapAnthropicError } from '../../../src/providers/map-anthropic-error.js';
import { errorTypeForStatus } from '../../../src/providers/map-http-status.js';
import { mapOpenAIError } from '../../../src/providers/map-openai-error.js';
import { ModelCallError } from '../../../src/providers/model-call-error.js';
import { parseRetryAfterMs } from '../../../src/providers/retry-after.js';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-11-21T12:00:00Z');
  it.each([
    [{ 'retry-after': '1' }, 1000],
    [{ 'retry-after': '2.5' }, 2500],
    [{ 'retry-after-ms': '350' }, 350],
    [{ 'retry-after-ms': '350', 'retry-after': '9' }, 350],
    [{ 'retry-after': 'Sat, 21 Nov 2026 12:00:05 GMT' }, 5000],
    [{ 'retry-after': 'Sat, 21 Nov 2026 11:59:00 GMT' }, 0],
    [{ 'retry-after': 'soon' }, undefined],
    [{}, undefined],
  ])('%j → %s', (headers, expected) => {
    expect(parseRetryAfterMs(new Headers(headers), now)).toBe(expected);
  });
  it('accepts missing headers', () => {
    expect(parseRetryAfterMs(undefined)).toBeUndefined();
  });
});

describe('errorTypeForStatus', () => {
  it.each([
    [429, 'RateLimited'],
    [408, 'RequestTimeout'],
    [409, 'RequestTimeout'],
    [503, 'Overloaded'],
    [529, 'Overloaded'],
    [500, 'ServerError'],
    [502, 'ServerError'],
    [400, 'BadRequest'],
    [422, 'BadRequest'],
    [401, 'AuthenticationFailed'],
    [403, 'PermissionDenied'],
    [404, 'ModelNotFound'],
    [418, 'Unknown'],
  ])('%i → %s', (status, type) => {
    expect(errorTypeForStatus(status)).toBe(type);
  });
});

describe('mapOpenAIError', () => {
  const headers = (values: Record<string, string> = {}) => new Headers(values);
  it('429 carries retry-after-ms', () => {
    const error = OpenAIErrors.APIError.generate(
      429,
      { error: { message: 'slow down', type: 'requests', code: 'rate_limit_exceeded' } },
      undefined,
      headers({ 'retry-after-ms': '1500' }),
    );
    expect(mapOpenAIError(error)).toMatchObject({ type: 'RateLimited', status: 429, retryAfterMs: 1500 });
  });
  it('400 with a context-length message (vLLM spelling, no code) → ContextLengthExceeded', () => {
    const error = OpenAIErrors.APIError.generate(
      400,
      { error: { message: "This model's maximum context length is 4096 tokens.", type: 'BadRequestError' } },
      undefined,
      headers(),
    );
    expect(mapOpenAIError(error).type).toBe('ContextLengthExceeded');
  });
  it('other 400 → BadRequest; the message names status and type, not the provider text', () => {
    const error = OpenAIErrors.APIError.generate(
      400,
      { error: { message: 'secret prompt text was invalid', type: 'invalid_request_error', code: null } },
      undefined,
      headers(),
    );
    const mapped = mapOpenAIError(error);
    expect(mapped).toMatchObject({ type: 'BadRequest', message: 'HTTP 400 invalid_request_error' });
    expect(mapped.message).not.toMatch(/secret/);
  });
  it.each([
    ['content_policy_violation', 'Your request was rejected as a result of our safety system.'],
    [
      'invalid_prompt',
      'Invalid prompt: your prompt was flagged as potentially violating our usage policy. Please try again.',
    ],
    [
      'content_filter',
      "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.",
    ],
  ])('400 %s → ContentFiltered (policy-blocked), never an ordinary bad request', (code, message) => {
    const error = OpenAIErrors.APIError.generate(
      400,
      { error: { message, type: 'invalid_request_error', code } },
      undefined,
      headers(),
    );
    expect(mapOpenAIError(error)).toMatchObject({
      type: 'ContentFiltered',
      kind: 'policy-blocked',
      status: 400,
      message: `HTTP 400 invalid_request_error/${code}`,
    });
  });
  it('400 naming the usage policy without a code → ContentFiltered; an in-stream one too', () => {
    const message = 'Your prompt was flagged as potentially violating our usage policy.';
    const error = OpenAIErrors.APIError.generate(400, { error: { message } }, undefined, headers());
    expect(mapOpenAIError(error).type).toBe('ContentFiltered');
    const inStream = new OpenAIErrors.APIError(undefined, { code: 'content_policy_violation' }, undefined, headers());
    expect(mapOpenAIError(inStream).type).toBe('ContentFiltered');
  });
  it('in-stream error chunks are classified by type/code', () => {
    const inStream = (error: object) => new OpenAIErrors.APIError(undefined, error, undefined, headers());
    expect(mapOpenAIError(inStream({ type: 'server_error' })).type).toBe('ServerError');
    expect(mapOpenAIError(inStream({ code: 'rate_limit_exceeded' })).type).toBe('RateLimited');
    expect(mapOpenAIError(inStream({ code: 'context_length_exceeded' })).type).toBe('ContextLengthExceeded');
  });
  it('connection, abort, JSON and unknown errors', () => {
    expect(mapOpenAIError(new OpenAIErrors.APIConnectionError({ message: 'x' })).type).toBe('ConnectionError');
    expect(mapOpenAIError(new OpenAIErrors.APIConnectionTimeoutError()).type).toBe('Timeout');
    expect(mapOpenAIError(new SyntaxError('Unexpected token')).type).toBe('MalformedResponse');
    expect(mapOpenAIError(new TypeError('terminated')).type).toBe('ConnectionError');
    expect(mapOpenAIError(new RangeError('boom'))).toMatchObject({ type: 'Unknown', kind: 'permanent' });
    const own = new ModelCallError('StreamStalled', 'x');
    expect(mapOpenAIError(own)).toBe(own);
  });
});

describe('mapAnthropicError', () => {
  const body = (type: string, message = 'm') => ({ type: 'error', error: { type, message } });
  it.each([
    [529, 'overloaded_error', 'Overloaded'],
    [429, 'rate_limit_error', 'RateLimited'],
    [500, 'api_error', 'ServerError'],
    [401, 'authentication_error', 'AuthenticationFailed'],
    [403, 'permission_error', 'PermissionDenied'],
    [404, 'not_found_error', 'ModelNotFound'],
    [400, 'invalid_request_error', 'BadRequest'],
  ])('HTTP %i %s → %s', (status, errorType, type) => {
    const error = AnthropicErrors.APIError.generate(status, body(errorType), undefined, new Headers());
    expect(mapAnthropicError(error)).toMatchObject({ type, status });
  });
  it('400 "prompt is too long" → ContextLengthExceeded', () => {
    const error = AnthropicErrors.APIError.generate(
      400,
      body('invalid_request_error', 'prompt is too long: 210000 tokens > 200000 maximum'),
      undefined,
      new Headers(),
    );
    expect(mapAnthropicError(error).type).toBe('ContextLengthExceeded');
  });
  it('400 "Output blocked by content filtering policy" → ContentFiltered (policy-blocked), also in the stream', () => {
    const blocked = body('invalid_request_error', 'Output blocked by content filtering policy');
    const error = AnthropicErrors.APIError.generate(400, blocked, undefined, new Headers());
    expect(mapAnthropicError(error)).toMatchObject({
      type: 'ContentFiltered',
      kind: 'policy-blocked',
      status: 400,
      message: 'HTTP 400 invalid_request_error',
    });
    const inStream = new AnthropicErrors.APIError(undefined, blocked, undefined, new Headers(), null);
    expect(mapAnthropicError(inStream).type).toBe('ContentFiltered');
  });
  it('429 carries retry-after', () => {
    const error = AnthropicErrors.APIError.generate(
      429,
      body('rate_limit_error'),
      undefined,
      new Headers({ 'retry-after': '3' }),
    );
    expect(mapAnthropicError(error)).toMatchObject({ type: 'RateLimited', retryAfterMs: 3000 });
  });
  it.each([
    ['overloaded_error', 'Overloaded'],
    ['api_error', 'ServerError'],
    ['rate_limit_error', 'RateLimited'],
    ['timeout_error', 'RequestTimeout'],
    ['invalid_request_error', 'BadRequest'],
    ['something_new', 'ServerError'],
  ])('in-stream %s → %s', (errorType, type) => {
    const error = new AnthropicErrors.APIError(undefined, body(errorType), undefined, new Headers(), null);
    expect(mapAnthropicError(error)).toMatchObject({ type, status: undefined });
  });
  it('connection and JSON errors', () => {
    expect(mapAnthropicError(new AnthropicErrors.APIConnectionError({ message: 'x' })).type).toBe('ConnectionError');
    expect(mapAnthropicError(new SyntaxError('bad')).type).toBe('MalformedResponse');
  });
});

describe('isConnectionFailure', () => {
  it('finds socket errors in the cause chain', () => {
    const socket = Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' });
    expect(isConnectionFailure(new TypeError('fetch failed', { cause: socket }))).toBe(true);
    expect(
      isConnectionFailure(new Error('wrapped', { cause: Object.assign(new Error('x'), { code: 'ECONNRESET' }) })),
    ).toBe(true);
    expect(isConnectionFailure(new Error('nope'))).toBe(false);
    expect(isConnectionFailure('text')).toBe(false);
  });
});

describe('out-of-credit and usage-limit errors → QuotaExhausted (both wires)', () => {
  it('OpenAI 429 insufficient_quota and 402 insufficient credits', () => {
    const quota = OpenAIErrors.APIError.generate(
      429,
      {
        error: {
          message: 'You exceeded your current quota, please check your plan',
          type: 'insufficient_quota',
          code: 'insufficient_quota',
        },
      },
      undefined,
      new Headers(),
    );
    expect(mapOpenAIError(quota)).toMatchObject({ type: 'QuotaExhausted', kind: 'permanent', status: 429 });
    const credits = OpenAIErrors.APIError.generate(
      402,
      { error: { message: 'Insufficient credits', code: 'insufficient_credits' } },
      undefined,
      new Headers(),
    );
    expect(mapOpenAIError(credits)).toMatchObject({ type: 'QuotaExhausted', status: 402 });
    // an ordinary rate limit stays one
    const limited = OpenAIErrors.APIError.generate(
      429,
      { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
      undefined,
      new Headers(),
    );
    expect(mapOpenAIError(limited).type).toBe('RateLimited');
  });
  it('Anthropic 400 usage limits with the regain date, and a credit balance too low', () => {
    const limit = AnthropicErrors.APIError.generate(
      400,
      {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message:
            'You have reached your specified API usage limits. You will regain access on 2026-12-07 at 00:00 UTC.',
        },
      },
      undefined,
      new Headers(),
    );
    const mapped = mapAnthropicError(limit);
    expect(mapped).toMatchObject({ type: 'QuotaExhausted', status: 400, untilMs: Date.UTC(2026, 11, 7) });
    expect(mapped.message).toBe('HTTP 400 invalid_request_error: usage limit, access returns 2026-12-07T00:00:00.000Z');
    const balance = AnthropicErrors.APIError.generate(
      400,
      {
        type: 'error',
        error: {
          type: 'invalid_request_error',
          message: 'Your credit balance is too low to access the Anthropic API.',
        },
      },
      undefined,
      new Headers(),
    );
    expect(mapAnthropicError(balance)).toMatchObject({ type: 'QuotaExhausted', untilMs: undefined });
  });
});
