import { createHash, timingSafeEqual } from 'node:crypto';

/** Environment variable holding the gateway's API keys, comma-separated. */
export const GATEWAY_API_KEYS_ENV = 'SWITCHYARD_GATEWAY_API_KEYS';

/** Keys from `SWITCHYARD_GATEWAY_API_KEYS` (comma-separated, blanks dropped). */
export function apiKeysFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[GATEWAY_API_KEYS_ENV] ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
}

/** A constant-time check of a presented key against the configured ones. */
export function createKeyCheck(keys: readonly string[]): (presented: string) => boolean {
  const digests = keys.map(digest);
  return (presented) => {
    const candidate = digest(presented);
    let match = false;
    for (const known of digests) match = timingSafeEqual(known, candidate) || match;
    return match;
  };
}

/** The bearer token of an `Authorization` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return match ? match[1]!.trim() : null;
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}
