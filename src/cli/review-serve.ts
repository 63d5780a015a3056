import type { Client } from '@temporalio/client';
import { RouterClient } from '../client/router-client.js';
import type { LoadedPolicy } from '../config/load-policy.js';
import { type ReviewServer, startReviewServer } from '../review/server.js';
import {
  generateReviewerTokens,
  loadReviewerTokens,
  REVIEWER_TOKENS_ENV,
  type ReviewerTokens,
} from '../review/tokens.js';
import { waitForShutdownSignal } from './wait-for-signal.js';

/** Port `review serve` (and the review page of `dev`) tries first: not the gateway's 8788. */
export const DEFAULT_REVIEW_PORT = 8789;

export interface ServeReviewPageSettings {
  client: Client;
  policy: LoadedPolicy;
  taskQueue: string;
  /** Port; when undefined, DEFAULT_REVIEW_PORT if free, else a free one. */
  port?: number | undefined;
  /** Reviewer tokens JSON file; else SWITCHYARD_REVIEWER_TOKENS; else tokens are generated. */
  tokensFile?: string;
  /** Print one JSON ready line instead of text. */
  json: boolean;
  env?: NodeJS.ProcessEnv;
}

/**
 * What `switchyard review serve` does: loads (or generates) reviewer tokens, starts the page, prints its
 * URL (and login links for generated tokens only), and runs until SIGINT/SIGTERM.
 */
export async function serveReviewPage(settings: ServeReviewPageSettings): Promise<void> {
  const configured = loadReviewerTokens(settings.env ?? process.env, settings.tokensFile);
  const generated = Object.keys(configured).length === 0;
  const reviewers = generated ? generateReviewerTokens(settings.policy.policy.review.reviewers) : configured;
  if (Object.keys(reviewers).length === 0) {
    throw new Error(`no reviewers: the policy lists none, and neither --tokens nor ${REVIEWER_TOKENS_ENV} is set`);
  }
  const router = new RouterClient({ client: settings.client, policy: settings.policy, taskQueue: settings.taskQueue });
  const server = await startOnPort(settings, router, reviewers);
  const links = generated ? loginLinks(server.url, reviewers) : [];
  const unknown = unlistedReviewers(reviewers, settings.policy.policy.review.reviewers);
  if (settings.json) {
    console.log(
      JSON.stringify({ ready: true, url: server.url, generatedTokens: generated, logins: links, unlisted: unknown }),
    );
  } else {
    console.log(`switchyard review: ${server.url}  (task queue ${settings.taskQueue}, Ctrl-C to stop)`);
    if (generated) {
      console.log('  generated reviewer tokens for this run; sign in with:');
      for (const link of links) console.log(`  ${link.reviewer.padEnd(28)} ${link.url}`);
    } else console.log(`  ${Object.keys(reviewers).length} reviewer token(s) configured`);
  }
  for (const name of unknown) {
    console.error(
      `switchyard review: warning: ${name} is not on the policy's reviewer allow-list; its decisions will be refused`,
    );
  }
  await waitForShutdownSignal();
  await server.close();
}

async function startOnPort(
  settings: ServeReviewPageSettings,
  router: RouterClient,
  reviewers: ReviewerTokens,
): Promise<ReviewServer> {
  const start = (port: number) => startReviewServer({ client: settings.client, router, reviewers, port });
  if (settings.port !== undefined) return start(settings.port);
  try {
    return await start(DEFAULT_REVIEW_PORT);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    return start(0);
  }
}

/** One `?token=` link per reviewer (print these only for tokens generated for this run). */
export function loginLinks(url: string, reviewers: ReviewerTokens): { reviewer: string; url: string }[] {
  return Object.entries(reviewers).map(([token, reviewer]) => ({
    reviewer,
    url: `${url}/login?token=${encodeURIComponent(token)}`,
  }));
}

function unlistedReviewers(reviewers: ReviewerTokens, allowList: readonly string[]): string[] {
  const allowed = new Set(allowList.map((name) => name.toLowerCase()));
  return [...new Set(Object.values(reviewers))].filter((name) => !allowed.has(name.toLowerCase()));
}
