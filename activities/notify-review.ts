import { createHmac } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ActivityDeps } from './deps.js';
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
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'switchyard-review-webhook',
    };
    if (input.signingSecretEnv) {
      const secret = env[input.signingSecretEnv];
      if (!secret) {
        throw ApplicationFailure.nonRetryable(
          `webhook secret ${input.signingSecretEnv} is not set on the worker`,
          'ProviderMisconfigured',
        );
      }
      headers['x-switchyard-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
    }
    const signal = AbortSignal.any([Context.current().cancellationSignal, AbortSignal.timeout(WEBHOOK_TIMEOUT_MS)]);
    let response: Response;
    try {
      response = await fetch(input.url, { method: 'POST', headers, body, signal });
    } catch (error) {
      throw ApplicationFailure.retryable(`webhook unreachable: ${(error as Error).message}`, 'WebhookFailed');
    }
    await response.body?.cancel();
    if (!response.ok) throw ApplicationFailure.retryable(`webhook answered ${response.status}`, 'WebhookFailed');
    return { status: response.status };
  };
}
