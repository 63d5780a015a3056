import type { Client } from '@temporalio/client';
import { loadReviewerPublicKeys } from '../auth/reviewer-keys.js';
import type { RouterClient } from '../client/router-client.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { type GatewayApiKey, gatewayApiKeysFromEnv } from '../gateway/api-keys.js';
import { startGateway } from '../gateway/start-gateway.js';
import { canonicalPrincipal } from '../policy/signatures.js';
import { startReviewServer } from '../review/server.js';
import { generateReviewerTokens, loadReviewerTokens, type ReviewerTokens } from '../review/tokens.js';
import { portInUse } from '../temporal/free-port.js';
import { DEFAULT_REVIEW_PORT, loginLinks } from './review-serve.js';

/** Port the embedded gateway tries first (the same as `switchyard gateway`). */
const DEFAULT_GATEWAY_PORT = 8788;

export interface StackServiceOptions {
  /** Serve the review page (when the policy names reviewers). @default true */
  reviewPage?: boolean;
  /** Serve the OpenAI-compatible gateway. @default true */
  gateway?: boolean;
  /** Gateway port (0 = a free one). @default 8788 when free, else a free one */
  gatewayPort?: number;
  /** Review page port (0 = a free one). @default 8789 when free, else a free one */
  reviewPort?: number;
  /** Browser origins the gateway answers (CORS). @default none */
  gatewayCorsOrigins?: string[];
  /** Gateway API keys. @default SWITCHYARD_GATEWAY_API_KEYS, as `switchyard gateway` reads it */
  gatewayApiKeys?: GatewayApiKey[];
  /** The review page's reviewer tokens (see stackReviewerTokens). @default stackReviewerTokens(policy) */
  reviewerTokens?: StackReviewerTokens;
}

/** Reviewer tokens of a local stack, and whether they were generated for this run (then they may be shown). */
export interface StackReviewerTokens {
  tokens: ReviewerTokens;
  generated: boolean;
}

/**
 * The tokens the review page signs reviewers in with: SWITCHYARD_REVIEWER_TOKENS when set, else one
 * generated per allow-listed reviewer. Decide them before the worker starts: it needs their public keys.
 */
export function stackReviewerTokens(policy: LoadedPolicy, env: NodeJS.ProcessEnv = process.env): StackReviewerTokens {
  const configured = loadReviewerTokens(env);
  if (Object.keys(configured).length > 0) return { tokens: configured, generated: false };
  // Reviewers whose public key is configured hold their own token elsewhere: none is generated for them.
  const keyed = loadReviewerPublicKeys(env, { fromTokens: false });
  const reviewers = policy.policy.review.reviewers.filter((name) => !Object.hasOwn(keyed, canonicalPrincipal(name)));
  return { tokens: generateReviewerTokens(reviewers), generated: true };
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
      const { tokens: reviewers, generated } = settings.reviewerTokens ?? stackReviewerTokens(settings.policy);
      const port = settings.reviewPort ?? ((await portInUse(DEFAULT_REVIEW_PORT)) ? 0 : DEFAULT_REVIEW_PORT);
      const page = await startReviewServer({ client: settings.client, router: settings.router, reviewers, port });
      closers.push(() => page.close());
      review = { url: page.url, logins: generated ? loginLinks(page.url, reviewers) : [] };
    }
    let gatewayUrl: string | null = null;
    if (settings.gateway !== false) {
      const port = settings.gatewayPort ?? ((await portInUse(DEFAULT_GATEWAY_PORT)) ? 0 : DEFAULT_GATEWAY_PORT);
      const gateway = await startGateway({
        router: settings.router,
        client: settings.client,
        policy: settings.policy,
        port,
        apiKeys: settings.gatewayApiKeys ?? gatewayApiKeysFromEnv(),
        ...(settings.gatewayCorsOrigins ? { corsOrigins: settings.gatewayCorsOrigins } : {}),
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

/** reviewer → token, for a ready line (only ever for tokens generated for this run). */
export function tokensByReviewer(tokens: ReviewerTokens): Record<string, string> {
  return Object.fromEntries(Object.entries(tokens).map(([token, reviewer]) => [reviewer, token]));
}
