import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';

/** A TCP port on 127.0.0.1 that is free right now (the kernel's choice, from its ephemeral range). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** True when something accepts connections on 127.0.0.1:port. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(true));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(false)));
  });
}

/** Lowest port `reservePorts` hands out. */
export const RESERVED_POOL_LOW = 20_000;

/**
 * The ports the kernel hands out for `bind(0)` and outgoing connections, inclusive. Linux:
 * /proc/sys/net/ipv4/ip_local_port_range; elsewhere the IANA range 49152–65535 (macOS, Windows).
 */
export function ephemeralPortRange(file = '/proc/sys/net/ipv4/ip_local_port_range'): { low: number; high: number } {
  try {
    const [low, high] = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
    if (low && high && low <= high) return { low, high };
  } catch {
    // Not Linux: the IANA dynamic range.
  }
  return { low: 49_152, high: 65_535 };
}

/**
 * `count` distinct TCP ports free on 127.0.0.1, chosen at random between 20000 and the kernel's ephemeral
 * range. Outside that range no later `bind(0)` (the Temporal CLI picks its internal services' ports that way)
 * and no outgoing connection can be given one of them in the gap before its listener binds. Each is held bound
 * until all are chosen (so they differ), then released. `avoid`: ports already promised to other listeners.
 * Falls back to kernel-chosen ports when fewer than 1000 ports lie below the ephemeral range.
 */
export async function reservePorts(count: number, avoid: Iterable<number> = []): Promise<number[]> {
  const { low } = ephemeralPortRange();
  const avoided = new Set(avoid);
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    for (let tries = 0; ports.length < count; tries += 1) {
      if (tries > 50 * count) throw new Error(`no ${count} free ports found between ${RESERVED_POOL_LOW} and ${low}`);
      const candidate =
        low - RESERVED_POOL_LOW < 1000 ? 0 : RESERVED_POOL_LOW + Math.floor(Math.random() * (low - RESERVED_POOL_LOW));
      if (avoided.has(candidate)) continue;
      const server = await listenOn(candidate);
      if (!server) continue;
      held.push(server);
      const port = (server.address() as { port: number }).port;
      if (avoided.has(port)) continue;
      avoided.add(port);
      ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(held.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** A server listening on 127.0.0.1:port, or null when the port is taken. */
function listenOn(port: number): Promise<Server | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(null));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
