import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type AheadInspector, InspectionsAhead, type StartedRequest } from '../../../activities/inspections-ahead.js';
import type { InspectRequestOutput } from '../../../activities/types.js';
import { digestOf } from '../../../src/policy/signatures.js';
import type { RouteRequest } from '../../../src/policy/types.js';

const request = (content: string): RouteRequest => ({ messages: [{ role: 'user', content }] });

/** An inspector that records what it inspected and answers with the text it saw, under hash `h1`. */
function recordingInspector(hash = 'h1') {
  const inspected: string[] = [];
  const inspector: AheadInspector = (started: StartedRequest) => {
    const text = String(started.request.messages[0]?.content);
    inspected.push(text);
    return { hash, inspection: Promise.resolve({ seen: text } as unknown as InspectRequestOutput) };
  };
  return { inspected, inspector };
}

function served(hash?: string, capacity?: number, maxAgeMs?: number) {
  const ahead = new InspectionsAhead(capacity, maxAgeMs);
  const { inspected, inspector } = recordingInspector(hash);
  ahead.serve(inspector);
  return { ahead, inspected };
}

const offer = (ahead: InspectionsAhead, workflowId: string, routed: RouteRequest) =>
  ahead.offer(workflowId, { request: routed, policyVersion: 'v1' }, digestOf(routed));

describe('inspections ahead of their workflow', () => {
  it('inspects an offered request on the next turn and hands it over once, to the same workflow, request and hash', async () => {
    const { ahead, inspected } = served();
    offer(ahead, 'route-a', request('hello there'));
    expect(inspected).toEqual([]); // not before the start call is on its way
    await nextTurn();
    expect(inspected).toEqual(['hello there']);
    // The request as the activity sees it: another object with the same content.
    const taken = ahead.take('route-a', 'h1', JSON.parse(JSON.stringify(request('hello there'))));
    expect(await taken).toEqual({ seen: 'hello there' });
    expect(ahead.take('route-a', 'h1', request('hello there'))).toBeNull();
    expect(ahead.size).toBe(0);
  });

  it('never hands over an inspection of another request, under another policy hash, or for another workflow', async () => {
    const { ahead } = served();
    offer(ahead, 'route-a', request('a harmless question'));
    offer(ahead, 'route-b', request('a harmless question'));
    offer(ahead, 'route-c', request('a harmless question'));
    await nextTurn();
    expect(ahead.take('route-a', 'h1', request('my card is 4111 1111 1111 1111'))).toBeNull();
    expect(ahead.take('route-b', 'h2', request('a harmless question'))).toBeNull();
    expect(ahead.take('route-x', 'h1', request('a harmless question'))).toBeNull();
    // A mismatch uses the entry up: the workflow inspects itself and a later take gets nothing.
    expect(ahead.take('route-a', 'h1', request('a harmless question'))).toBeNull();
    expect(ahead.take('route-c', 'h1', request('a harmless question'))).not.toBeNull();
  });

  it('skips the work when the activity asks first or the start failed', async () => {
    const { ahead, inspected } = served();
    offer(ahead, 'route-early', request('asked before the turn'));
    offer(ahead, 'route-failed', request('start refused'));
    expect(ahead.take('route-early', 'h1', request('asked before the turn'))).toBeNull();
    ahead.withdraw('route-failed');
    await nextTurn();
    expect(inspected).toEqual([]);
    expect(ahead.size).toBe(0);
  });

  it('keeps a bounded number of entries, none older than its age limit, and no request text once inspected', async () => {
    const { ahead } = served('h1', 2, 60_000);
    for (const id of ['route-1', 'route-2', 'route-3']) offer(ahead, id, request(id));
    await nextTurn();
    expect(ahead.size).toBe(2);
    const kept = [...(ahead as unknown as { entries: Map<string, { started: unknown }> }).entries.values()];
    expect(kept.map((entry) => entry.started)).toEqual([null, null]);
    expect(ahead.take('route-1', 'h1', request('route-1'))).toBeNull();
    expect(ahead.take('route-3', 'h1', request('route-3'))).not.toBeNull();

    const aged = served('h1', 100, 0).ahead;
    offer(aged, 'route-old', request('old'));
    await new Promise((resolve) => setTimeout(resolve, 5));
    offer(aged, 'route-new', request('new'));
    expect(aged.size).toBe(1);
  });

  it('a version the worker refuses, an inspector that throws, or no worker serving: nothing kept, nothing thrown', async () => {
    const refusing = new InspectionsAhead();
    refusing.serve(() => null);
    const throwing = new InspectionsAhead();
    throwing.serve(() => {
      throw new Error('unknown policy version');
    });
    const unserved = new InspectionsAhead();
    for (const ahead of [refusing, throwing, unserved]) offer(ahead, 'route-a', request('hello'));
    await nextTurn();
    for (const ahead of [refusing, throwing, unserved]) {
      expect(ahead.size).toBe(0);
      expect(ahead.take('route-a', 'h1', request('hello'))).toBeNull();
    }
  });

  it('a failed inspection reaches the taker as a rejection (resolvePolicy then inspects in the workflow)', async () => {
    const ahead = new InspectionsAhead();
    ahead.serve(() => ({ hash: 'h1', inspection: Promise.reject(new Error('classifier down')) }));
    offer(ahead, 'route-a', request('hello'));
    await nextTurn();
    await expect(ahead.take('route-a', 'h1', request('hello'))).rejects.toThrow('classifier down');
  });
});
