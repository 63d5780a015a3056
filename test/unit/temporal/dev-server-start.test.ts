import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { findTemporalCli } from '../../../src/temporal/binaries.js';
import { type DevServer, startDevServer } from '../../../src/temporal/dev-server.js';
import { ephemeralPortRange } from '../../../src/temporal/free-port.js';

/**
 * The launcher of the embedded Temporal dev server, with the real CLI behind a small wrapper script that records
 * each command line (and, when told, fails its first run the way a raced port does): every port is passed
 * explicitly, a failed start is retried once with fresh ports, and a server that dies is reported.
 */
const dir = mkdtempSync(join(tmpdir(), 'switchyard-dev-server-'));
const realCli = findTemporalCli();
let servers: DevServer[] = [];

afterEach(async () => {
  for (const server of servers) await server.stop({ kill: true });
  servers = [];
});

/** A `temporal` wrapper: records argv (one line per run), fails the first `failures` runs, then runs the real CLI. */
function wrapper(name: string, failures: number): { path: string; runs: () => string[][] } {
  if (!realCli) throw new Error('Temporal CLI not found: run `npm run setup:temporal`');
  const path = join(dir, name);
  const record = join(dir, `${name}.argv`);
  writeFileSync(record, '');
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `echo "$*" >> '${record}'`,
      `if [ "$(wc -l < '${record}')" -le ${failures} ]; then echo "simulated start failure: port taken" >&2; exit 3; fi`,
      `exec '${realCli}' "$@"`,
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  const runs = () =>
    readFileSync(record, 'utf8')
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split(' '));
  return { path, runs };
}

const flag = (argv: string[], name: string) => Number(argv[argv.indexOf(name) + 1]);
const env = (cli: string) => ({ ...process.env, TEMPORAL_CLI_PATH: cli });

describe('startDevServer', () => {
  it('passes every port explicitly, all distinct and outside the kernel ephemeral range, and serves on them', async () => {
    const cli = wrapper('temporal-ok', 0);
    const server = await startDevServer({ fastSqlite: true, ui: true, env: env(cli.path) });
    servers.push(server);
    const [argv] = cli.runs();
    const ports = {
      port: flag(argv!, '--port'),
      httpPort: flag(argv!, '--http-port'),
      metricsPort: flag(argv!, '--metrics-port'),
      uiPort: flag(argv!, '--ui-port'),
    };
    expect(ports).toEqual(server.ports);
    expect(new Set(Object.values(ports)).size).toBe(4);
    for (const port of Object.values(ports)) expect(port).toBeLessThan(ephemeralPortRange().low);
    expect(server.starts).toBe(1);
    expect(server.address).toBe(`127.0.0.1:${ports.port}`);
    // The real server listens where it was told: its HTTP API and its metrics answer on the pinned ports.
    expect((await fetch(`${server.httpUrl}/api/v1/namespaces/default`)).status).toBe(200);
    expect((await fetch(server.metricsUrl!)).status).toBe(200);
  });

  it('retries a failed first start once, with fresh ports', async () => {
    const cli = wrapper('temporal-fails-once', 1);
    const retried: Error[] = [];
    const server = await startDevServer({ fastSqlite: true, env: env(cli.path), onRetry: (e) => retried.push(e) });
    servers.push(server);
    const [first, second] = cli.runs();
    expect(cli.runs()).toHaveLength(2);
    expect(server.starts).toBe(2);
    expect(retried).toHaveLength(1);
    expect(retried[0]!.message).toContain('exited with code 3 before answering');
    expect(retried[0]!.message).toContain('simulated start failure: port taken');
    expect(retried[0]!.message).toContain(`http ${flag(first!, '--http-port')}`);
    for (const name of ['--port', '--http-port', '--metrics-port']) {
      expect(flag(second!, name)).not.toBe(flag(first!, name));
    }
    expect(flag(second!, '--http-port')).toBe(server.ports.httpPort);
  });

  it('a preferred port someone else holds: the real CLI refuses it, the retry takes a fresh one', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as { port: number }).port;
    try {
      const server = await startDevServer({ fastSqlite: true, preferredPorts: { httpPort: taken } });
      servers.push(server);
      expect(server.starts).toBe(2);
      expect(server.ports.httpPort).not.toBe(taken);
    } finally {
      holder.close();
    }
  });

  it('fails with both reasons when the retry fails too', async () => {
    const cli = wrapper('temporal-always-fails', 2);
    const error = await startDevServer({ env: env(cli.path) }).then(
      () => new Error('started, though every start fails'),
      (e: unknown) => e as Error,
    );
    expect(error.message).toMatch(/^Temporal dev server failed to start twice\.\nfirst start: /);
    expect(error.message).toContain(`retry: Temporal dev server (${cli.path}; grpc `);
    expect(error.message.match(/exited with code 3 before answering/g)).toHaveLength(2);
    expect(cli.runs()).toHaveLength(2);
  });

  it('reports a server that dies after it started, naming how', async () => {
    const server = await startDevServer({ fastSqlite: true });
    servers.push(server);
    process.kill(server.pid!, 'SIGKILL');
    const died = await server.unexpectedExit;
    expect(died.message).toContain('was killed by SIGKILL');
    expect(died.message).toContain(`grpc ${server.ports.port}`);
  });
});
