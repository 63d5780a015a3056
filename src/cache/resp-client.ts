import { connect, type Socket } from 'node:net';

/** A Redis reply: simple and bulk strings, integers, arrays, or null (a missing bulk string or array). */
export type RespValue = string | number | null | RespValue[];

/** A Redis server's address: `redis://[:password@]host[:port][/db]`. */
export interface RespAddress {
  host: string;
  /** @default 6379 */
  port: number;
  password: string | null;
  /** Database index (SELECT). @default 0 */
  db: number;
}

/** Parses `redis://[:password@]host[:port][/db]`. */
export function parseRedisUrl(url: string): RespAddress {
  const parsed = new URL(url);
  if (parsed.protocol !== 'redis:') throw new Error(`not a redis: URL: ${parsed.protocol}`);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new Error(`bad database index in ${parsed.pathname}`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    password: parsed.password ? decodeURIComponent(parsed.password) : null,
    db,
  };
}

/** One parsed reply and where the next starts, or null when the buffer holds only part of it. */
type Parsed = { value: RespValue | Error; next: number } | null;

/** Parses one RESP2 reply at `at`. */
export function parseReply(buffer: Buffer, at: number): Parsed {
  const lineEnd = buffer.indexOf('\r\n', at);
  if (lineEnd < 0) return null;
  const type = String.fromCharCode(buffer[at]!);
  const line = buffer.toString('utf8', at + 1, lineEnd);
  const next = lineEnd + 2;
  if (type === '+') return { value: line, next };
  if (type === '-') return { value: new Error(line), next };
  if (type === ':') return { value: Number(line), next };
  if (type === '$') {
    const length = Number(line);
    if (length < 0) return { value: null, next };
    if (buffer.length < next + length + 2) return null;
    return { value: buffer.toString('utf8', next, next + length), next: next + length + 2 };
  }
  if (type === '*') {
    const count = Number(line);
    if (count < 0) return { value: null, next };
    const items: RespValue[] = [];
    let cursor = next;
    for (let index = 0; index < count; index += 1) {
      const item = parseReply(buffer, cursor);
      if (item === null) return null;
      items.push(item.value instanceof Error ? null : item.value);
      cursor = item.next;
    }
    return { value: items, next: cursor };
  }
  throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
}

/** A command as RESP: an array of bulk strings. */
export function encodeCommand(args: readonly (string | number)[]): Buffer {
  const parts = args.map((arg) => {
    const text = String(arg);
    return `$${Buffer.byteLength(text)}\r\n${text}\r\n`;
  });
  return Buffer.from(`*${args.length}\r\n${parts.join('')}`);
}

/**
 * A minimal Redis client (RESP2 over TCP, pipelined, no dependency): enough for the answer cache's few commands.
 * Connects on first use and again after the connection broke; a broken connection fails the commands in flight.
 */
export class RespClient {
  private socket: Socket | null = null;
  private ready: Promise<void> | null = null;
  private buffer: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (value: RespValue) => void; reject: (error: Error) => void }[] = [];

  constructor(
    private readonly address: RespAddress,
    /** Connect timeout, ms. @default 2000 */
    private readonly connectTimeoutMs = 2000,
  ) {}

  /** Sends one command and waits for its reply; a Redis error reply rejects. */
  async command(...args: (string | number)[]): Promise<RespValue> {
    await this.connected();
    return this.send(args);
  }

  close(): void {
    this.socket?.destroy();
    this.socket = null;
    this.ready = null;
  }

  private send(args: readonly (string | number)[]): Promise<RespValue> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('redis connection closed'));
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      socket.write(encodeCommand(args));
    });
  }

  private connected(): Promise<void> {
    this.ready ??= this.open().catch((error: unknown) => {
      this.close();
      throw error;
    });
    return this.ready;
  }

  private async open(): Promise<void> {
    const { host, port, password, db } = this.address;
    const socket = connect({ host, port });
    socket.setNoDelay(true);
    socket.unref(); // an idle cache connection never keeps the worker process alive
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`redis ${host}:${port}: connect timeout`)),
        this.connectTimeoutMs,
      );
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    socket.on('data', (chunk) => this.receive(chunk));
    socket.on('error', () => undefined); // 'close' follows and fails what is in flight
    socket.on('close', () => this.broken(new Error(`redis ${host}:${port}: connection closed`), socket));
    if (password !== null) await this.send(['AUTH', password]);
    if (db !== 0) await this.send(['SELECT', db]);
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    let at = 0;
    for (;;) {
      let parsed: Parsed;
      try {
        parsed = parseReply(this.buffer, at);
      } catch (error) {
        this.socket?.destroy(error as Error); // out of step with the server: start over on a new connection
        return;
      }
      if (parsed === null) break;
      at = parsed.next;
      const waiter = this.waiting.shift();
      if (parsed.value instanceof Error) waiter?.reject(parsed.value);
      else waiter?.resolve(parsed.value);
    }
    this.buffer = this.buffer.subarray(at);
  }

  private broken(error: Error, socket: Socket): void {
    if (this.socket !== socket) return;
    this.socket = null;
    this.ready = null;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}
