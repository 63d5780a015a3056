import { createHash, timingSafeEqual } from 'node:crypto';

/** Environment variable holding the gateway's API keys: comma-separated `name=key` or bare `key` entries. */
export const GATEWAY_API_KEYS_ENV = 'SWITCHYARD_GATEWAY_API_KEYS';

/** Shortest key accepted when the gateway listens beyond loopback, characters. */
export const MIN_API_KEY_LENGTH = 24;

/** An API key and the caller name it authenticates (the caller identity passed to the router). */
export interface GatewayApiKey {
  /** Caller name: letters, digits, `.`, `_`, `-`, `@`; `key-N` for a bare entry (N = its position). */
  name: string;
  key: string;
}

const NAME = /^[A-Za-z0-9._@-]{1,64}$/;

/**
 * Parses `name=key` / `key` entries (comma-separated, blanks dropped). An entry is named when the text
 * before its first `=` is a valid name and the rest is not only `=` (so a bare base64 key keeps its
 * padding); a key containing `=` elsewhere needs a name. Duplicate names or keys are an error that names
 * the entry, never the key.
 */
export function parseApiKeys(text: string): GatewayApiKey[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  const keys = entries.map((entry, index): GatewayApiKey => {
    const split = entry.indexOf('=');
    const name = entry.slice(0, split);
    const key = entry.slice(split + 1).trim();
    if (split > 0 && NAME.test(name.trim()) && !/^=*$/.test(key)) return { name: name.trim(), key };
    return { name: `key-${index + 1}`, key: entry };
  });
  return checkDistinct(keys);
}

/** The keys in `SWITCHYARD_GATEWAY_API_KEYS`, named. */
export function gatewayApiKeysFromEnv(env: NodeJS.ProcessEnv = process.env): GatewayApiKey[] {
  return parseApiKeys(env[GATEWAY_API_KEYS_ENV] ?? '');
}

/** The bare key strings in `SWITCHYARD_GATEWAY_API_KEYS` (names dropped). */
export function apiKeysFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return gatewayApiKeysFromEnv(env).map((entry) => entry.key);
}

/** Settings may list bare strings (named `key-N`) or named keys; this gives every one its name. */
export function namedApiKeys(keys: readonly (string | GatewayApiKey)[] = []): GatewayApiKey[] {
  return checkDistinct(
    keys.map((entry, index) => (typeof entry === 'string' ? { name: `key-${index + 1}`, key: entry } : entry)),
  );
}

/** The problem with using these keys on a non-loopback interface (a too-short key), or null. */
export function weakKeyProblem(keys: readonly GatewayApiKey[]): string | null {
  const weak = keys.filter((entry) => entry.key.length < MIN_API_KEY_LENGTH).map((entry) => entry.name);
  if (weak.length === 0) return null;
  return (
    `API keys for a non-loopback interface must be at least ${MIN_API_KEY_LENGTH} characters; ` +
    `too short: ${weak.join(', ')} (generate one with: openssl rand -base64 32)`
  );
}

/** A constant-time check of a presented key against the configured ones: the matching entry, or null. */
export function createKeyCheck(keys: readonly GatewayApiKey[]): (presented: string) => GatewayApiKey | null {
  const digests = keys.map((entry) => ({ entry, digest: digest(entry.key) }));
  return (presented) => {
    const candidate = digest(presented);
    let found: GatewayApiKey | null = null;
    for (const known of digests) if (timingSafeEqual(known.digest, candidate)) found = known.entry;
    return found;
  };
}

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match ? match[1]!.trim() : null;
}

function checkDistinct(keys: GatewayApiKey[]): GatewayApiKey[] {
  const names = new Set<string>();
  const values = new Set<string>();
  for (const entry of keys) {
    if (entry.key.length === 0) throw new Error(`${GATEWAY_API_KEYS_ENV}: key "${entry.name}" is empty`);
    if (names.has(entry.name)) throw new Error(`${GATEWAY_API_KEYS_ENV}: the name "${entry.name}" is used twice`);
    if (values.has(entry.key)) throw new Error(`${GATEWAY_API_KEYS_ENV}: key "${entry.name}" repeats another key`);
    names.add(entry.name);
    values.add(entry.key);
  }
  return keys;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
