import type { Context } from 'hono';
import type { CallerCredential } from '../client/router-client.js';
import { FeedbackError, recordFeedback } from '../feedback/record-feedback.js';
import type { GatewaySettings } from './gateway-settings.js';
import { GatewayError, invalidRequest } from './openai-error.js';
import { readJsonBody } from './read-json-body.js';

/** Largest feedback body, bytes (an id, a rating and a comment of at most 2000 characters). */
export const MAX_FEEDBACK_BODY_BYTES = 16 * 1024;

type Verdict = 'good' | 'bad';

/**
 * `POST /v1/feedback` `{"request_id" | "id", "rating": "good" | "bad" (or "score": 1 | 0), "comment"?}`: records
 * an outcome label for one of the caller's requests (src/feedback/record-feedback.ts). With API keys, ids map to
 * the caller's own requests only; an unknown request is a 404 naming `request_id`.
 */
export async function handleFeedback(
  settings: GatewaySettings,
  c: Context<{ Variables: { caller: CallerCredential | undefined } }>,
): Promise<Response> {
  const body = await readJsonBody(c.req.raw, Math.min(MAX_FEEDBACK_BODY_BYTES, settings.maxBodyBytes ?? Infinity));
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidRequest('request body must be a JSON object');
  const fields = body as Record<string, unknown>;
  const id = fields.request_id ?? fields.id;
  const idField = fields.request_id === undefined ? 'id' : 'request_id';
  if (typeof id !== 'string') throw invalidRequest('request_id: required, a string (or send "id")', 'request_id');
  const verdict = verdictOf(fields);
  if (fields.comment !== undefined && typeof fields.comment !== 'string')
    throw invalidRequest('comment: expected a string', 'comment');
  const caller = c.get('caller');
  try {
    const record = await recordFeedback(settings.client, settings.router.taskQueue, {
      id,
      verdict,
      ...(fields.comment === undefined ? {} : { comment: fields.comment as string }),
      ...(caller ? { caller: caller.name, by: caller.name } : {}),
    });
    return c.json({
      object: 'feedback',
      id: record.feedbackId,
      request_id: record.requestId,
      workflow_id: record.workflowId,
      rating: record.verdict,
      ...(record.comment === undefined ? {} : { comment: record.comment }),
      created_at: record.at,
    });
  } catch (error) {
    if (!(error instanceof FeedbackError)) throw error;
    const param = error.field === 'request_id' ? idField : error.field;
    const message = error.message.replace(/^request_id:/, `${param}:`);
    if (error.code === 'invalid') throw invalidRequest(message, param);
    throw new GatewayError(404, message, 'invalid_request_error', param, 'request_not_found');
  }
}

/** `rating: "good" | "bad"`, or `score: 1 | 0`; exactly one of them. */
function verdictOf(fields: Record<string, unknown>): Verdict {
  if (fields.rating !== undefined && fields.score !== undefined)
    throw invalidRequest('rating: send "rating" or "score", not both', 'rating');
  if (fields.score !== undefined) {
    if (fields.score === 1 || fields.score === 0) return fields.score === 1 ? 'good' : 'bad';
    throw invalidRequest('score: expected 1 (good) or 0 (bad)', 'score');
  }
  if (fields.rating === 'good' || fields.rating === 'bad') return fields.rating;
  throw invalidRequest('rating: required, "good" or "bad" (or send "score": 1 | 0)', 'rating');
}
