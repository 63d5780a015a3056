import type { Client } from '@temporalio/client';
import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { raw } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import type { RouterClient } from '../client/router-client.js';
import { LoginThrottle, type LoginThrottleSettings } from './login-throttle.js';
import { MessagePage } from './pages/layout.js';
import { AcceptedPage, RefusedPage, ResultPage } from './pages/outcome-pages.js';
import { QueuePage } from './pages/queue.js';
import { RequestPage } from './pages/request-page.js';
import { listPendingReviews, readRouteStatus, UnknownRequestError } from './pending.js';
import { registerAuthRoutes, requireSession, type SessionEnv } from './review-auth.js';
import { securityHeaders } from './security.js';
import { SessionStore } from './sessions.js';
import { buildReviewDecision, isReviewDecisionKind, submitReviewDecision } from './submit.js';
import type { ReviewerTokens } from './tokens.js';

export interface ReviewAppSettings {
  client: Client;
  router: RouterClient;
  /** token → reviewer identity. */
  reviewers: ReviewerTokens;
  /** Session lifetime, ms. @default 12 hours */
  sessionTtlMs?: number;
  /** Clock, ms since the epoch. @default Date.now */
  now?: () => number;
  /** Failed sign-in limits. @default 5 per client address and 20 overall per minute */
  loginThrottle?: Omit<LoginThrottleSettings, 'now'>;
}

/** Largest form accepted, bytes. */
const MAX_FORM_BYTES = 64 * 1024;

/** The review web app (fetch handler; `startReviewServer` puts it on a loopback port). */
export function createReviewApp(settings: ReviewAppSettings): Hono<SessionEnv> {
  const now = settings.now ?? Date.now;
  const sessions = new SessionStore({ now, ...(settings.sessionTtlMs ? { ttlMs: settings.sessionTtlMs } : {}) });
  const { client, router } = settings;
  const app = new Hono<SessionEnv>();
  app.use('*', securityHeaders());
  app.use('*', bodyLimit({ maxSize: MAX_FORM_BYTES, onError: (c) => c.text('form too large', 413) }));
  app.get('/healthz', (c) => c.text('ok'));
  const throttle = new LoginThrottle({ now, ...settings.loginThrottle });
  registerAuthRoutes(app, sessions, settings.reviewers, page, throttle);

  app.get('/', requireSession(sessions, page), async (c) => {
    const session = c.get('session');
    const pending = await listPendingReviews(client, { taskQueue: router.taskQueue, now });
    const filters = { route: c.req.query('route') || undefined, dataClass: c.req.query('dataClass') || undefined };
    return page(c, <QueuePage session={session} pending={pending} filters={filters} />);
  });

  app.get('/requests/:id', requireSession(sessions, page), async (c) => {
    const session = c.get('session');
    const status = await readStatusOrNull(client, c.req.param('id'));
    if (!status) return page(c, <MessagePage title="No such request" session={session} />, 404);
    return page(
      c,
      <RequestPage session={session} status={status} policy={router.requirePolicy().policy} nowMs={now()} />,
    );
  });

  app.post('/requests/:id/resolve', requireSession(sessions, page, { csrf: true }), async (c) => {
    const session = c.get('session');
    const workflowId = c.req.param('id');
    const form = c.get('form');
    const kind = form.decision;
    if (!isReviewDecisionKind(kind)) {
      return page(c, <RefusedPage session={session} workflowId={workflowId} message="decision: unknown" />, 400);
    }
    const decision = buildReviewDecision({
      reviewer: session.identity,
      decision: kind,
      text: fieldText(form.text),
      model: fieldText(form.model),
      note: fieldText(form.note),
    });
    // Signed here, with the token the reviewer signed in with (it stays in this process).
    const submission = await submitReviewDecision(client, workflowId, decision, session.credential);
    if (submission.kind === 'accepted') return page(c, <AcceptedPage session={session} ack={submission.ack} />);
    const status = submission.kind === 'refused' ? 422 : 404;
    return page(c, <RefusedPage session={session} workflowId={workflowId} message={submission.message} />, status);
  });

  app.get('/requests/:id/result', requireSession(sessions, page), async (c) => {
    const session = c.get('session');
    const workflowId = c.req.param('id');
    const status = await readStatusOrNull(client, workflowId);
    if (!status) return page(c, <MessagePage title="No such request" session={session} />, 404);
    return page(
      c,
      <ResultPage session={session} workflowId={workflowId} result={status.result} phase={status.phase} />,
    );
  });

  app.notFound((c) => page(c, <MessagePage title="Not found" />, 404));
  // Errors are shown, never logged: messages could quote request data.
  app.onError((error, c) =>
    page(
      c,
      <MessagePage title="Something went wrong">
        <p class="notice refused">{String(error.message).split('\n')[0]}</p>
      </MessagePage>,
      500,
    ),
  );
  return app;
}

/** Renders a page with a doctype. */
function page(c: Context, element: JSX.Element, status: 200 | 400 | 401 | 403 | 404 | 422 | 429 | 500 = 200) {
  return c.html(
    <>
      {raw('<!doctype html>')}
      {element}
    </>,
    status,
  );
}

export type RenderPage = typeof page;

async function readStatusOrNull(client: Client, workflowId: string) {
  try {
    return await readRouteStatus(client, workflowId);
  } catch (error) {
    if (error instanceof UnknownRequestError) return null;
    throw error;
  }
}

function fieldText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
