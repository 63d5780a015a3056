import type { Hono, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { RenderPage } from './app.js';
import { clientAddress, type LoginThrottle } from './login-throttle.js';
import { MessagePage } from './pages/layout.js';
import { LoginPage } from './pages/login.js';
import { csrfMatches, type ReviewSession, type SessionStore } from './sessions.js';
import { findReviewer, type ReviewerTokens } from './tokens.js';

/** Name of the session cookie (HttpOnly, SameSite=Strict; holds a random session id, never the token). */
export const SESSION_COOKIE = 'switchyard_review_session';

export interface SessionEnv {
  Variables: { session: ReviewSession; form: Record<string, unknown> };
}

/**
 * Only signed-in reviewers pass. Pages without a session redirect to the login form; actions without one
 * get 401. With `csrf`, the form must carry the session's CSRF token (else 403); the parsed form is kept.
 */
export function requireSession(
  sessions: SessionStore,
  page: RenderPage,
  options: { csrf?: boolean } = {},
): MiddlewareHandler<SessionEnv> {
  return async (c, next) => {
    const session = sessions.get(getCookie(c, SESSION_COOKIE));
    if (!session) {
      if (c.req.method === 'GET') {
        const path = new URL(c.req.url);
        return c.redirect(`/login?next=${encodeURIComponent(path.pathname + path.search)}`, 303);
      }
      return page(
        c,
        <MessagePage title="Sign in first">
          <p class="notice refused" role="alert">
            No valid reviewer session: <a href="/login">sign in</a> and try again.
          </p>
        </MessagePage>,
        401,
      );
    }
    c.set('session', session);
    if (options.csrf) {
      const form = await c.req.parseBody();
      if (!csrfMatches(session, form.csrf)) {
        return page(
          c,
          <MessagePage title="Form expired" session={session}>
            <p class="notice refused" role="alert">
              The form's security token did not match your session. Reload the page and try again.
            </p>
          </MessagePage>,
          403,
        );
      }
      c.set('form', form);
    }
    await next();
  };
}

/** `/login` (form, or a `?token=` link) and `/logout`. Failed sign-ins are throttled (429 + Retry-After). */
export function registerAuthRoutes(
  app: Hono<SessionEnv>,
  sessions: SessionStore,
  reviewers: ReviewerTokens,
  page: RenderPage,
  throttle: LoginThrottle,
): void {
  const signIn = (c: Parameters<MiddlewareHandler>[0], token: unknown, next: unknown) => {
    const client = clientAddress(c);
    const waitSeconds = throttle.retryAfterSeconds(client);
    if (waitSeconds > 0) {
      c.header('Retry-After', String(waitSeconds));
      const problem = `Too many failed sign-ins: try again in ${waitSeconds} s.`;
      return page(c, <LoginPage problem={problem} next={safeNext(next)} />, 429);
    }
    const identity = typeof token === 'string' && token !== '' ? findReviewer(reviewers, token) : null;
    if (identity === null) {
      throttle.recordFailure(client);
      return page(c, <LoginPage problem="Unknown reviewer token." next={safeNext(next)} />, 401);
    }
    throttle.recordSuccess(client);
    const session = sessions.create(identity, token as string);
    setCookie(c, SESSION_COOKIE, session.id, {
      httpOnly: true,
      sameSite: 'Strict',
      path: '/',
      maxAge: Math.floor(sessions.ttlMs / 1000),
    });
    return c.redirect(safeNext(next), 303);
  };
  app.get('/login', (c) => {
    const token = c.req.query('token');
    if (token !== undefined) return signIn(c, token, c.req.query('next'));
    return page(c, <LoginPage next={safeNext(c.req.query('next'))} />);
  });
  app.post('/login', async (c) => {
    const form = await c.req.parseBody();
    return signIn(c, form.token, form.next);
  });
  app.post('/logout', requireSession(sessions, page, { csrf: true }), (c) => {
    sessions.delete(c.get('session').id);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/login', 303);
  });
}

/** Base the `next` path is resolved against to prove it stays on this site. */
const SAME_SITE = 'http://review.invalid';

/**
 * A same-origin path to go to after signing in, never another site: control characters and whitespace
 * are removed (browsers drop them too: `/\t/evil.example` is `//evil.example`), then it must start with
 * one `/` not followed by `/` or `\`, contain no `\`, and resolve to this origin; otherwise `/`.
 */
export function safeNext(next: unknown): string {
  if (typeof next !== 'string') return '/';
  const path = next.replace(/[\p{Cc}\p{Cf}\p{Z}\s]/gu, '');
  if (!/^\/(?![/\\])/.test(path) || path.includes('\\')) return '/';
  try {
    return new URL(path, SAME_SITE).origin === SAME_SITE ? path : '/';
  } catch {
    return '/';
  }
}
