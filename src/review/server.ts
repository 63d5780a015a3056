import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Client } from '@temporalio/client';
import type { RouterClient } from '../client/router-client.js';
import { createReviewApp } from './app.js';
import type { ReviewerTokens } from './tokens.js';

export interface ReviewServerSettings {
  /** A connected Temporal client (its data converter decodes payloads for display). */
  client: Client;
  /** Supplies the policy (models for rerouting) and the task queue whose requests are listed. */
  router: RouterClient;
  /** token → reviewer identity; see `loadReviewerTokens` / `generateReviewerTokens`. */
  reviewers: ReviewerTokens;
  /** TCP port; 0 picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on: loopback only. @default '127.0.0.1' */
  host?: '127.0.0.1';
  /** Reviewer session lifetime, ms. @default 12 hours */
  sessionTtlMs?: number;
}

/** A running review page. */
export interface ReviewServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** Stops listening and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts the review web page: a queue of requests waiting for a person and a page per request with the
 * decision forms. Reviewers sign in with their token; decisions go to the workflow as Updates. Logs
 * nothing (no tokens, no request text).
 */
export async function startReviewServer(settings: ReviewServerSettings): Promise<ReviewServer> {
  if (Object.keys(settings.reviewers).length === 0) {
    throw new Error('review server: no reviewer tokens configured (SWITCHYARD_REVIEWER_TOKENS or --tokens FILE)');
  }
  const app = createReviewApp({
    client: settings.client,
    router: settings.router,
    reviewers: settings.reviewers,
    ...(settings.sessionTtlMs ? { sessionTtlMs: settings.sessionTtlMs } : {}),
  });
  const host = settings.host ?? '127.0.0.1';
  const { server, port } = await new Promise<{ server: ReturnType<typeof serve>; port: number }>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: settings.port ?? 0, hostname: host }, (info: AddressInfo) =>
      resolve({ server: started, port: info.port }),
    );
    started.once('error', reject);
  });
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
