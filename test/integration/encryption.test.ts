import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { AuditReport } from '../../src/audit/audit-types.js';
import { auditWorkflow, fetchWorkflowHistory } from '../../src/audit/audit-workflow.js';
import { replayHistories, type VerifyReplayReport } from '../../src/audit/verify-replay.js';
import { RouterClient } from '../../src/client/router-client.js';
import { createDataConverter } from '../../src/codec/data-converter.js';
import { loadPolicyFile } from '../../src/config/load-policy.js';
import { startFakeProvider } from '../../src/fake-provider/index.js';
import type { RouteResult } from '../../src/policy/types.js';
import { startDevServer } from '../../src/temporal/dev-server.js';
import { createSwitchyardWorker } from '../../src/worker/create-worker.js';
import { loadWorkerTrust } from '../../src/worker/worker-config.js';

const KEYS = [{ id: 'test-k1', key: Buffer.alloc(32, 42) }];
const CARD = '4111 1111 1111 1111';
const CARD_DIGITS = '4111111111111111';
const PHRASE = 'periwinkle otter umbrella';
const PROMPT = `My card ${CARD} (written ${CARD_DIGITS}) was charged twice; the ${PHRASE} order.`;

interface Run {
  /** Everything the server's SQLite files hold (db, -wal, -shm). */
  stored: Buffer;
  results: RouteResult[];
  audit: AuditReport | null;
  auditWithoutKey: Error | null;
  replay: VerifyReplayReport | null;
}

/** A dev server of its own with a SQLite file, a worker and a client, with or without payload encryption. */
async function routeOnOwnServer(dataConverter: DataConverter): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-encryption-'));
  const dbFile = join(dir, 'temporal.db');
  const server = await startDevServer({ dbFile });
  const fake = await startFakeProvider({ port: 0 });
  const workerConnection = await NativeConnection.connect({ address: server.address });
  const connection = await Connection.connect({ address: server.address });
  const taskQueue = 'encryption-test';
  let run: Omit<Run, 'stored'>;
  try {
    const worker = await createSwitchyardWorker({
      connection: workerConnection,
      trust: loadWorkerTrust({ loaded: [loadPolicyFile('examples/policies/fault-drill.yaml')] }, { env: {} }),
      namespace: server.namespace,
      taskQueue,
      workflowBundlePath: inject('workflowBundlePath'),
      dataConverter,
      activities: { fakeProviderUrl: fake.url },
    });
    const encrypted = dataConverter.payloadCodecs !== undefined;
    run = await worker.runUntil(async () => {
      const client = new Client({ connection, namespace: server.namespace, dataConverter });
      const router = new RouterClient({
        client,
        taskQueue,
        policy: loadPolicyFile('examples/policies/fault-drill.yaml'),
      });
      // `ok` answers; `503` fails twice (failure messages and details in history), then falls back.
      const results = await Promise.all(
        ['ok', '503'].map((route) => router.route({ route, messages: [{ role: 'user', content: PROMPT }] })),
      );
      const id = results[1]!.workflowId;
      const history = await fetchWorkflowHistory(client, id);
      return {
        results,
        audit: encrypted ? await auditWorkflow(client, id, { dataConverter, showText: true }) : null,
        auditWithoutKey: encrypted
          ? await auditWorkflow(client, id).then(
              () => null,
              (error: Error) => error,
            )
          : null,
        replay: encrypted
          ? await replayHistories([{ workflowId: id, history }], {
              workflowBundlePath: inject('workflowBundlePath'),
              dataConverter,
            })
          : null,
      };
    });
  } finally {
    await connection.close();
    await workerConnection.close();
    await fake.close();
    await server.stop();
  }
  try {
    const files = ['', '-wal', '-shm'].map((suffix) => `${dbFile}${suffix}`).filter(existsSync);
    return { ...run, stored: Buffer.concat(files.map((file) => readFileSync(file))) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('payload encryption at rest', () => {
  let encrypted: Run;
  let plain: Run;

  beforeAll(async () => {
    Runtime.install({ logger: new DefaultLogger('WARN') });
    encrypted = await routeOnOwnServer(createDataConverter(KEYS));
    plain = await routeOnOwnServer({});
  });

  it('routes normally with encryption on', () => {
    expect(encrypted.results.map((result) => [result.outcome, result.model])).toEqual([
      ['answered', 'ok'],
      ['answered', 'ok'],
    ]);
    expect(encrypted.results[1]!.attempts.map((attempt) => attempt.message)).toEqual([
      'HTTP 503 server_error',
      'HTTP 503 server_error',
      null,
    ]);
  });

  it('stores neither the card number (with or without spaces) nor the prompt in the SQLite files', () => {
    expect(encrypted.stored.length).toBeGreaterThan(0);
    expect(encrypted.stored.includes(CARD)).toBe(false);
    expect(encrypted.stored.includes(CARD_DIGITS)).toBe(false);
    expect(encrypted.stored.includes(PHRASE)).toBe(false);
    // Failure messages are encrypted too (encodeCommonAttributes).
    expect(encrypted.stored.includes('server_error')).toBe(false);
  });

  it('control: without encryption they are all there in plain text', () => {
    expect(plain.stored.includes(CARD)).toBe(true);
    expect(plain.stored.includes(CARD_DIGITS)).toBe(true);
    expect(plain.stored.includes(PHRASE)).toBe(true);
    expect(plain.stored.includes('server_error')).toBe(true);
  });

  it('audit decodes the encrypted history with the key, and says what is missing without it', () => {
    expect(encrypted.audit).toMatchObject({ outcome: 'answered', model: 'ok', privacy: { dataClass: 'restricted' } });
    expect(encrypted.audit?.request?.text?.[0]?.content).toBe(PROMPT);
    expect(encrypted.audit?.attempts.map((attempt) => attempt.message)).toEqual([
      'HTTP 503 server_error',
      'HTTP 503 server_error',
      null,
    ]);
    expect(encrypted.auditWithoutKey?.message).toContain('history payloads are encrypted (key "test-k1")');
  });

  it('encrypted histories replay with the codec', () => {
    expect(encrypted.replay).toEqual({ replayed: 1, failures: 0, details: [] });
  });
});
