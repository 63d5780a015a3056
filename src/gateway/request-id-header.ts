import { RouteRequestSchema } from '../policy/request-schema.js';
import { invalidRequest } from './openai-error.js';

/** Headers that carry the caller's idempotency key, in order of preference. */
export const REQUEST_ID_HEADERS = ['idempotency-key', 'x-switchyard-request-id'] as const;

/**
 * The request's `requestId` from `Idempotency-Key` or `x-switchyard-request-id` (the router treats it as an
 * idempotency key), checked by the RouteRequest schema's own rule; undefined when neither is sent. An
 * invalid value, or two headers that disagree, is a 400 naming the header.
 */
export function requestIdFromHeaders(headers: Headers): string | undefined {
  const sent = REQUEST_ID_HEADERS.flatMap((name) => {
    const value = headers.get(name);
    return value === null ? [] : [{ name, value: value.trim() }];
  });
  for (const { name, value } of sent) {
    const parsed = RouteRequestSchema.shape.requestId.safeParse(value);
    if (!parsed.success) {
      throw invalidRequest(`${name} header: ${parsed.error.issues[0]?.message ?? 'invalid'}`, name);
    }
  }
  const [first, second] = sent;
  if (first && second && first.value !== second.value) {
    throw invalidRequest(`${first.name} and ${second.name} headers disagree: send one`, first.name);
  }
  return first?.value;
}
