import { createHmac } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';

/**
 * Headers of a webhook POST (review requests, budget alerts, interim messages): JSON, the sender's user agent, and
 * `x-switchyard-signature: sha256=<hex HMAC-SHA256 of the body>` when the policy names a signing secret. A secret the
 * worker lacks is a configuration error, not retried (`ProviderMisconfigured`).
 */
export function webhookHeaders(
  body: string,
  userAgent: string,
  signingSecretEnv: string | null | undefined,
  env: Record<string, string | undefined>,
): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': userAgent };
  if (!signingSecretEnv) return headers;
  const secret = env[signingSecretEnv];
  if (!secret) {
    throw ApplicationFailure.nonRetryable(
      `webhook secret ${signingSecretEnv} is not set on the worker`,
      'ProviderMisconfigured',
    );
  }
  headers['x-switchyard-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  return headers;
}

/**
 * POSTs a webhook body and returns the answer's status: a 2xx (or a status in `alsoAccept`), else a retryable
 * `WebhookFailed`, as is a receiver that cannot be reached.
 */
export async function postWebhook(
  url: string,
  body: string,
  headers: Record<string, string>,
  signal: AbortSignal,
  alsoAccept: readonly number[] = [],
): Promise<number> {
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers, body, signal });
  } catch (error) {
    throw ApplicationFailure.retryable(`webhook unreachable: ${(error as Error).message}`, 'WebhookFailed');
  }
  await response.body?.cancel();
  if (!response.ok && !alsoAccept.includes(response.status)) {
    throw ApplicationFailure.retryable(`webhook answered ${response.status}`, 'WebhookFailed');
  }
  return response.status;
}
