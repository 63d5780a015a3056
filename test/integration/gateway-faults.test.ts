import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../../src/gateway/index.js';
import { PACKAGE_ROOT } from '../../src/temporal/paths.js';
import { type Harness, startHarness } from '../support/harness.js';
import { postTimed, type TimedResponse } from '../support/timed-response.js';

/**
 * Every fault kind of the fake provider through the gateway, streamed and not, on the real dev server under
 * the fault-drill policy (attempt 2 s, first token 1.5 s, stream idle 1 s, one retry, fallback `ok`): what
 * the client received, how it ended and how long it took. Each case must end as a careful client would:
 * answered completely (by a retry or the healthy fallback) within the limits, or a clean error.
 */
const POLICY = join(PACKAGE_ROOT, 'examples', 'policies', 'fault-drill.yaml');

/** How a fault must end: the model that answers (any of), or the error code; the finish reason. */
type Expected = { models: string[]; finish?: string } | { error: string };

const CASES: Record<string, Expected> = {
  ok: { models: ['ok'] },
  slow: { models: ['ok'] },
  '429-retry-after': { models: ['429-retry-after'] },
  '429': { models: ['ok'] },
  '500-once': { models: ['500-once'] },
  '503': { models: ['ok'] },
  'reset-once': { models: ['reset-once'] },
  'no-response': { models: ['ok'] },
  'slow-first-token': { models: ['ok'] },
  'stream-cut': { models: ['ok'] },
  'stream-stall': { models: ['ok'] },
  'malformed-chunk': { models: ['ok'] },
  'no-done': { models: ['no-done'] },
  'context-length': { models: ['ok'] },
  'content-filter': { error: 'content_policy_violation' },
  'content-policy': { error: 'content_policy_violation' },
  flap: { models: ['flap', 'ok'] },
  'output-cap': { models: ['ok'], finish: 'length' },
};

/** Nothing in the drill may take longer than this, ms (its deadline is 15 s; most faults end in ~2 s). */
const LIMIT_MS = 9000;

let harness: Harness;
let gateway: Gateway;

beforeAll(async () => {
  harness = await startHarness({ policyFile: POLICY });
  gateway = await startGateway({
    router: harness.router,
    client: harness.client,
    policy: harness.policy,
    port: 0,
    keepAliveMs: 300,
    streamHeadersWithinMs: 300,
  });
});

afterAll(async () => {
  await gateway?.close();
  await harness?.stop();
});

/** Sends one drill request; events keep only their data (when they came is in the silences and total). */
async function send(route: string, stream: boolean): Promise<Received> {
  const body = { model: route, stream, messages: [{ role: 'user', content: `Drill ${route}, please.` }] };
  const timed = await postTimed(`${gateway.url}/v1/chat/completions`, body);
  return { ...timed, events: timed.events.map((event) => event.data) };
}

type Received = Omit<TimedResponse, 'events'> & { events: Record<string, unknown>[] };

type Choice = { delta?: { content?: string }; finish_reason?: string | null; message?: { content: string | null } };
const choiceOf = (data: Record<string, unknown>) => (data.choices as Choice[] | undefined)?.[0];

function checkNonStreamed(route: string, expected: Expected, received: Received): void {
  expect(received.totalMs, route).toBeLessThan(LIMIT_MS);
  if ('error' in expected) {
    expect(received.status, route).toBe(400);
    expect((received.json?.error as { code?: string } | undefined)?.code, route).toBe(expected.error);
    return;
  }
  expect(received.status, route).toBe(200);
  const meta = received.json?.switchyard as { model: string; outcome: string };
  expect(meta.outcome, route).toBe('answered');
  expect(expected.models, route).toContain(meta.model);
  const choice = choiceOf(received.json!);
  expect(choice?.finish_reason, route).toBe(expected.finish ?? 'stop');
  expect(choice?.message?.content?.length, route).toBeGreaterThan(0);
}

function checkStreamed(route: string, expected: Expected, received: Received): void {
  expect(received.totalMs, route).toBeLessThan(LIMIT_MS);
  // Never a hang: keep-alive comments while nothing else is said.
  expect(received.longestSilenceMs, route).toBeLessThan(2500);
  if ('error' in expected) {
    expect(received.done, route).toBe(false);
    const error = received.json?.error ?? received.events.at(-1)?.error;
    expect((error as { code?: string } | undefined)?.code, route).toBe(expected.error);
    return;
  }
  expect(received.status, route).toBe(200);
  expect(received.done, route).toBe(true);
  const finish = received.events.filter((event) => choiceOf(event)?.finish_reason);
  expect(finish.length, route).toBe(1);
  expect(choiceOf(finish[0]!)?.finish_reason, route).toBe(expected.finish ?? 'stop');
  const meta = finish[0]!.switchyard as { model: string; outcome: string };
  expect(expected.models, route).toContain(meta.model);
  // The text after the last restart is the answer that finished; it is never empty.
  const lastRestart = received.events.findLastIndex(
    (event) => (event.switchyard as { event?: string } | undefined)?.event === 'restart',
  );
  const answer = received.events
    .slice(lastRestart + 1)
    .map((event) => choiceOf(event)?.delta?.content ?? '')
    .join('');
  expect(answer.length, route).toBeGreaterThan(0);
}

describe('every fault kind through the gateway', () => {
  for (const [route, expected] of Object.entries(CASES)) {
    it(`${route}: not streamed, then streamed`, async () => {
      checkNonStreamed(route, expected, await send(route, false));
      checkStreamed(route, expected, await send(route, true));
    });
  }
});
