import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { RouterClient } from '../../../src/client/router-client.js';
import { loadPolicyFile } from '../../../src/config/load-policy.js';
import { createReviewApp, type ReviewAppSettings } from '../../../src/review/app.js';
import { LoginThrottle } from '../../../src/review/login-throttle.js';
import { safeNext } from '../../../src/review/review-auth.js';

const TOKEN = 'reviewer-token-0123456789';
const ORIGIN = 'http://127.0.0.1:8788';

/** Sign-in redirects and throttling through `app.request()` (no Temporal: the client is never called). */
function reviewApp(settings: Partial<ReviewAppSettings> = {}) {
  const client = {} as Client;
  const router = new RouterClient({ client, policy: loadPolicyFile('examples/policies/fault-drill.yaml') });
  return createReviewApp({ client, router, reviewers: { [TOKEN]: 'reviewer@example.com' }, ...settings });
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('review sign-in: where it returns to', () => {
  it('never leaves the site: /login?next=/%09/evil.example goes to /', async () => {
    const app = reviewApp();
    const link = await app.request(`${ORIGIN}/login?token=${TOKEN}&next=/%09/evil.example`);
    expect(link.status).toBe(303);
    expect(link.headers.get('location')).toBe('/');
    for (const next of ['/\t/evil.example', '/\n/evil.example', ' //evil.example', '/\\evil.example']) {
      const posted = await app.request(`${ORIGIN}/login`, form({ token: TOKEN, next }));
      expect(posted.headers.get('location')).toBe('/');
    }
    const local = await app.request(`${ORIGIN}/login?token=${TOKEN}&next=%2Frequests%2Froute-1%3Fx%3D1`);
    expect(local.headers.get('location')).toBe('/requests/route-1?x=1');
  });

  it('accepts same-origin paths only', () => {
    for (const hostile of [
      '//evil.example',
      '/\t/evil.example',
      '/\u0000/evil.example',
      '/\u200b/evil.example',
      '/\u3000/evil.example',
      '\\\\evil.example',
      '/\\evil.example',
      '/ok\\..\\..\\evil',
      'https://evil.example/',
      'javascript:alert(1)',
      ' https://evil.example',
      'requests/1',
      '',
      undefined,
      42,
    ]) {
      expect(safeNext(hostile)).toBe('/');
    }
    expect(safeNext('/')).toBe('/');
    expect(safeNext('/requests/route-1?route=faq')).toBe('/requests/route-1?route=faq');
    expect(safeNext('/requests/\troute-1')).toBe('/requests/route-1');
  });
});

describe('review sign-in: throttling', () => {
  it('answers 429 with Retry-After after 5 failures a minute, even for the right token, then lets it in', async () => {
    let now = 1_000_000;
    const app = reviewApp({ now: () => now });
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const wrong = await app.request(`${ORIGIN}/login`, form({ token: `wrong-${attempt}` }));
      expect(wrong.status).toBe(401);
    }
    const throttled = await app.request(`${ORIGIN}/login`, form({ token: 'wrong-again' }));
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.text()).toContain('Too many failed sign-ins');
    const right = await app.request(`${ORIGIN}/login?token=${TOKEN}`);
    expect(right.status).toBe(429);
    expect(right.headers.get('set-cookie')).toBeNull();
    now += 60_000;
    const later = await app.request(`${ORIGIN}/login?token=${TOKEN}`);
    expect(later.status).toBe(303);
    expect(later.headers.get('set-cookie')).toContain('switchyard_review_session=');
  });

  it('limits each client and all clients together, and forgets the oldest clients beyond its cap', () => {
    let now = 0;
    const throttle = new LoginThrottle({ perClient: 2, global: 5, windowMs: 10_000, maxClients: 3, now: () => now });
    throttle.recordFailure('a');
    expect(throttle.retryAfterSeconds('a')).toBe(0);
    throttle.recordFailure('a');
    now = 4_000;
    expect(throttle.retryAfterSeconds('a')).toBe(6);
    expect(throttle.retryAfterSeconds('b')).toBe(0);
    for (const client of ['b', 'c', 'd']) throttle.recordFailure(client);
    expect(throttle.retryAfterSeconds('someone-new')).toBe(6);
    expect(throttle.trackedClients).toBe(3);
    now = 10_000;
    expect(throttle.retryAfterSeconds('someone-new')).toBe(0);
    for (let index = 0; index < 1000; index += 1) {
      throttle.recordFailure(`10.0.${Math.floor(index / 256)}.${index % 256}`);
      now += 100;
    }
    expect(throttle.trackedClients).toBeLessThanOrEqual(3);
    throttle.recordFailure('e');
    throttle.recordSuccess('e');
    expect(throttle.trackedClients).toBeLessThanOrEqual(3);
  });
});
