import type { Client } from '@temporalio/client';
import type { RouterClient } from '../client/router-client.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { startGateway } from '../gateway/start-gateway.js';
import { loginLinks } from '../review/serve-command.js';
import { startReviewServer } from '../review/server.js';
import { generateReviewerTokens, loadReviewerTokens, type ReviewerTokens } from '../review/tokens.js';
import { portInUse } from '../temporal/free-port.js';

export interface StackServiceOptions {
  /** Serve the review page (when the policy names reviewers). @default true */
  reviewPage?: boolean;
  /** Serve the OpenAI-compatible gateway. @default true */
  gateway?: boolean;
  /** Gateway port. @default 8788 when free, else a free one */
  gatewayPort?: number;
}

/**
 * The HTTP services `dev` (and `demo --keep`) run beside the worker: the review page, with reviewer tokens
 * from configuration or generated for this run, and the OpenAI-compatible gateway.
 */
export async function startStackServices(
  settings: StackServiceOptions & { client: Client; router: RouterClient; policy: LoadedPolicy },
) {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch(() => undefined);
  };
  try {
    let review: { url: string; logins: { reviewer: string; url: string }[] } | null = null;
    if (settings.reviewPage !== false && settings.policy.policy.review.reviewers.length > 0) {
      const configured = loadReviewerTokens();
      const generated = Object.keys(configured).length === 0;
      const reviewers: ReviewerTokens = generated
        ? generateReviewerTokens(settings.policy.policy.review.reviewers)
        : configured;
      const page = await startReviewServer({ client: settings.client, router: settings.router, reviewers, port: 0 });
      closers.push(() => page.close());
      review = { url: page.url, logins: generated ? loginLinks(page.url, reviewers) : [] };
    }
    let gatewayUrl: string | null = null;
    if (settings.gateway !== false) {
      const port = settings.gatewayPort ?? ((await portInUse(8788)) ? 0 : 8788);
      const gateway = await startGateway({
        router: settings.router,
        client: settings.client,
        policy: settings.policy,
        port,
      });
      closers.push(() => gateway.close());
      gatewayUrl = `${gateway.url}/v1`;
    }
    return { review, gatewayUrl, close };
  } catch (error) {
    await close();
    throw error;
  }
}
