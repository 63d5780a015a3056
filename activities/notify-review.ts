import { Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps.js';
import { postWebhook, webhookHeaders } from './signed-webhook.js';
import type { NotifyReviewInput } from './types.js';

/** Per-attempt limit of the webhook call, ms. */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * Tells a team that a request waits for review: POST JSON to the policy's webhook, signed when a secret is
 * configured. Carries labels and links, never request text. Non-2xx answers are retried by Temporal.
 */
export function createNotifyReview(deps: ActivityDeps) {
  const env = deps.env ?? process.env;
  return async function notifyReview(input: NotifyReviewInput): Promise<{ status: number }> {
    const body = JSON.stringify({
      event: 'review.requested',
      workflowId: input.workflowId,
      reason: input.reason,
      route: input.route,
      dataClass: input.dataClass,
      intent: input.intent,
      requestedAt: input.requestedAt,
      deadlineAt: input.deadlineAt,
      link: input.linkBaseUrl
        ? `${input.linkBaseUrl.replace(/\/+$/, '')}/requests/${encodeURIComponent(input.workflowId)}`
        : null,
    });
    const headers = webhookHeaders(body, 'switchyard-review-webhook', input.signingSecretEnv, env);
    const signal = AbortSignal.any([Context.current().cancellationSignal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]);
    return { status: await postWebhook(input.url, body, headers, signal) };
  };
}
