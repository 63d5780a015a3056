import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** One AES-256 key and the id written next to every payload it encrypts. */
export interface CodecKey {
  /** Short name stored in payload metadata (`encryption-key-id`); letters, digits, `.`, `_`, `-`. */
  id: string;
  /** 32 raw key bytes. */
  key: Buffer;
}

/** Environment variable holding keys inline: `k2:base64key,k1:base64key` (the first is the newest). */
export const CODEC_KEYS_ENV = 'SWITCHYARD_CODEC_KEYS';
/** Environment variable naming a JSON key file: `{"keys":[{"id":"k2","key":"base64"}, ...]}` (newest first). */
export const CODEC_KEY_FILE_ENV = 'SWITCHYARD_CODEC_KEY_FILE';

const KEY_BYTES = 32;
const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** Whether a key id may be used: 1-64 letters, digits, `.`, `_` or `-`. */
export function isValidCodecKeyId(id: string): boolean {
  return KEY_ID.test(id);
}

/** A fresh random AES-256 key, base64. */
export function generateCodecKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** Parses `id:base64,id:base64` (newest first). Errors name the entry that is wrong. */
export function parseCodecKeys(spec: string, source = CODEC_KEYS_ENV): CodecKey[] {
  const entries = spec
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (entries.length === 0) throw new Error(`${source}: no keys (expected id:base64key[,id:base64key...])`);
  return checkKeys(
    entries.map((entry, index) => {
      const colon = entry.indexOf(':');
      if (colon <= 0) throw new Error(`${source} entry ${index + 1}: expected id:base64key`);
      return { id: entry.slice(0, colon), key: entry.slice(colon + 1) };
    }),
    source,
  );
}

/** Reads a key file `{"keys":[{"id":"k2","key":"base64"}, ...]}` (newest first). */
export function readCodecKeyFile(path: string): CodecKey[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`codec key file ${path}: ${(error as Error).message}`);
  }
  const keys = (parsed as { keys?: unknown })?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new Error(`codec key file ${path}: expected {"keys":[...]}`);
  return checkKeys(
    keys.map((entry, index) => {
      const { id, key } = (entry ?? {}) as { id?: unknown; key?: unknown };
      if (typeof id !== 'string' || typeof key !== 'string')
        throw new Error(`codec key file ${path}: keys[${index}] needs string "id" and "key"`);
      return { id, key };
    }),
    `codec key file ${path}`,
  );
}

/**
 * The keys configured in the environment (SWITCHYARD_CODEC_KEYS, else SWITCHYARD_CODEC_KEY_FILE), newest
 * first, or null when neither is set. Throws on malformed keys: a typo must not silently disable encryption.
 */
export function loadCodecKeys(env: NodeJS.ProcessEnv = process.env): CodecKey[] | null {
  const inline = env[CODEC_KEYS_ENV]?.trim();
  const file = env[CODEC_KEY_FILE_ENV]?.trim();
  if (inline && file) throw new Error(`set either ${CODEC_KEYS_ENV} or ${CODEC_KEY_FILE_ENV}, not both`);
  if (inline) return parseCodecKeys(inline);
  if (file) return readCodecKeyFile(file);
  return null;
}

function checkKeys(entries: { id: string; key: string }[], source: string): CodecKey[] {
  const seen = new Set<string>();
  return entries.map(({ id, key }, index) => {
    const where = `${source} entry ${index + 1} ("${id}")`;
    if (!KEY_ID.test(id)) throw new Error(`${where}: key id must be 1-64 letters, digits, ".", "_" or "-"`);
    if (seen.has(id)) throw new Error(`${where}: duplicate key id`);
    seen.add(id);
    const bytes = Buffer.from(key, 'base64');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || bytes.length !== KEY_BYTES)
      throw new Error(`${where}: key must be ${KEY_BYTES} bytes in base64 (got ${bytes.length} bytes)`);
    return { id, key: bytes };
  });
}
