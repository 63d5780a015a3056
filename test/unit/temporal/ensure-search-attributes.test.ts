import { ServiceError } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import {
  ensureSearchAttributes,
  type SearchAttributeConnection,
} from '../../../src/temporal/ensure-search-attributes.js';
import { SEARCH_ATTRIBUTE_KEYS } from '../../../src/temporal/search-attributes.js';
import { serverReason, withServerReason } from '../../../src/temporal/service-error.js';

/**
 * A self-hosted server: attributes added through the operator service are listed (mapped to the namespace)
 * only after `servedAfterPolls` further list calls.
 */
function fakeServer(options: { registered?: boolean; servedAfterPolls: number; refuseAdd?: Error }) {
  const calls = { list: 0, add: 0 };
  let added = options.registered ?? false;
  let pollsSinceAdd = 0;
  const all = Object.fromEntries(SEARCH_ATTRIBUTE_KEYS.map((key) => [key.name, 2]));
  const connection = {
    operatorService: {
      listSearchAttributes: async () => {
        calls.list++;
        if (added && !options.registered) pollsSinceAdd++;
        const served = options.registered || (added && pollsSinceAdd > options.servedAfterPolls);
        return { customAttributes: served ? all : {}, systemAttributes: { WorkflowId: 2 } };
      },
      addSearchAttributes: async () => {
        calls.add++;
        if (options.refuseAdd) throw options.refuseAdd;
        added = true;
        return {};
      },
    },
  } as unknown as SearchAttributeConnection;
  return { connection, calls };
}

const noSleep = async () => undefined;

describe('ensureSearchAttributes', () => {
  it('returns at once when the namespace already serves them', async () => {
    const { connection, calls } = fakeServer({ registered: true, servedAfterPolls: 0 });
    expect(await ensureSearchAttributes(connection, 'default', { sleep: noSleep })).toBe(true);
    expect(calls).toEqual({ list: 1, add: 0 });
  });

  it('registers missing ones and waits until the server lists them (after 5 polls)', async () => {
    const { connection, calls } = fakeServer({ servedAfterPolls: 5 });
    const slept: number[] = [];
    const ok = await ensureSearchAttributes(connection, 'default', {
      pollMs: 100,
      sleep: async (ms) => {
        slept.push(ms);
      },
    });
    expect(ok).toBe(true);
    expect(calls.add).toBe(1);
    expect(calls.list).toBe(1 + 6);
    expect(slept).toEqual([100, 100, 100, 100, 100]);
  });

  it('gives up at the deadline with a warning naming the attributes, and routing goes on without them', async () => {
    const { connection, calls } = fakeServer({ servedAfterPolls: 1000 });
    const warnings: string[] = [];
    const ok = await ensureSearchAttributes(connection, 'default', {
      timeoutMs: 1000,
      pollMs: 250,
      sleep: noSleep,
      warn: (message) => warnings.push(message),
    });
    expect(ok).toBe(false);
    expect(calls.list).toBe(1 + 4);
    expect(warnings[0]).toMatch(/SwitchyardRoute.*still not served after 1000 ms/);
  });

  it("says why registration was refused, with the server's reason", async () => {
    const grpc = Object.assign(new Error('7 PERMISSION_DENIED: Request unauthorized.'), {
      code: 7,
      details: 'Request unauthorized.',
      metadata: {},
    });
    const { connection } = fakeServer({ servedAfterPolls: 0, refuseAdd: new ServiceError('refused', { cause: grpc }) });
    const warnings: string[] = [];
    const ok = await ensureSearchAttributes(connection, 'default', {
      sleep: noSleep,
      warn: (message) => warnings.push(message),
    });
    expect(ok).toBe(false);
    expect(warnings[0]).toContain('refused: Request unauthorized. (PERMISSION_DENIED)');
  });
});

describe('withServerReason', () => {
  it("adds the gRPC cause's details to 'Failed to start Workflow'", () => {
    const grpc = Object.assign(new Error('3 INVALID_ARGUMENT: …'), {
      code: 3,
      details: 'Namespace default has no mapping defined for search attribute SwitchyardRoute',
      metadata: {},
    });
    const error = withServerReason(new ServiceError('Failed to start Workflow', { cause: grpc })) as ServiceError;
    expect(error).toBeInstanceOf(ServiceError);
    expect(error.message).toBe(
      'Failed to start Workflow: Namespace default has no mapping defined for search attribute SwitchyardRoute (INVALID_ARGUMENT)',
    );
    expect(error.cause).toBe(grpc);
  });

  it('leaves other errors alone', () => {
    const plain = new Error('boom');
    expect(withServerReason(plain)).toBe(plain);
    expect(serverReason(plain)).toBe('boom');
  });
});
