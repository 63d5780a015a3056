import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { RouterClient } from '../../../src/client/router-client.js';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { createReviewApp } from '../../../src/review/app.js';

const TOKEN = 'reviewer-token-0123456789';
const ORIGIN = 'http://127.0.0.1:8788';

/**
 * The review app's sign-in and request checks through `app.request()` (no socket, no Temporal: every
 * request here is decided before a workflow is contacted; the client is never called).
 */
function reviewApp() {
  const client = {} as Client;
  const router = new RouterClient({ client, policy: loadPolicyFile('examples/policies/fault-drill.yaml') });
  return createReviewApp({ client, router, reviewers: { [TOKEN]: 'reviewer@example.com' } });
}

async function signIn(app: ReturnType<typeof reviewApp>): Promise<string> {
  const response = await app.request(`${ORIGIN}/login?token=${TOKEN}`);
  expect(response.status).toBe(303);
  const cookie = response.headers.get('set-cookie') ?? '';
  expect(cookie).toMatch(/HttpOnly/);
  expect(cookie).toMatch(/SameSite=Strict/);
  expect(cookie).not.toContain(TOKEN);
  return cookie.split(';')[0]!;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('review app sign-in and checks', () => {
  it('sends visitors without a session to the login form and refuses their actions', async () => {
    const app = reviewApp();
    const page = await app.request(`${ORIGIN}/requests/route-1`);
    expect(page.status).toBe(303);
    expect(page.headers.get('location')).toBe('/login?next=%2Frequests%2Froute-1');
    const action = await app.request(`${ORIGIN}/requests/route-1/resolve`, form({ decision: 'reject' }));
    expect(action.status).toBe(401);
    const login = await app.request(`${ORIGIN}/login`, form({ token: 'wrong-token-0123456789' }));
    expect(login.status).toBe(401);
    expect(await login.text()).toContain('Unknown reviewer token.');
  });

  it('signs in from the form and returns to a same-site page only', async () => {
    const app = reviewApp();
    const local = await app.request(`${ORIGIN}/login`, form({ token: TOKEN, next: '/requests/route-1' }));
    expect(local.headers.get('location')).toBe('/requests/route-1');
    const away = await app.request(`${ORIGIN}/login`, form({ token: TOKEN, next: '//evil.example/' }));
    expect(away.headers.get('location')).toBe('/');
  });

  it('refuses a form without the session CSRF token, a cross-origin form, and an unknown host', async () => {
    const app = reviewApp();
    const cookie = await signIn(app);
    const withCookie = (init: RequestInit, headers: Record<string, string> = {}) => ({
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie, ...headers },
    });
    const noCsrf = await app.request(`${ORIGIN}/requests/route-1/resolve`, withCookie(form({ decision: 'reject' })));
    expect(noCsrf.status).toBe(403);
    expect(await noCsrf.text()).toContain('security token did not match');
    const crossOrigin = await app.request(
      `${ORIGIN}/requests/route-1/resolve`,
      withCookie(form({ decision: 'reject' }), { origin: 'http://evil.example' }),
    );
    expect(crossOrigin.status).toBe(403);
    const rebound = await app.request('http://evil.example/healthz');
    expect(rebound.status).toBe(421);
  });

  it('sets protective headers and refuses a sign-out without the CSRF token', async () => {
    const app = reviewApp();
    const cookie = await signIn(app);
    const login = await app.request(`${ORIGIN}/login`);
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(login.headers.get('cache-control')).toBe('no-store');
    const noCsrf = await app.request(`${ORIGIN}/logout`, { ...form({}), headers: { ...form({}).headers, cookie } });
    expect(noCsrf.status).toBe(403);
  });
});
