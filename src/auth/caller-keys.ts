import { canonicalPrincipal, credentialPublicKey } from '../policy/signatures.js';

/** Environment variable listing callers' public keys: `name=hex,name=hex`. */
export const CALLER_KEYS_ENV = 'SWITCHYARD_CALLER_KEYS';

/**
 * Public keys of the callers a worker recognises (for `access.callers` grants): SWITCHYARD_CALLER_KEYS, plus
 * the keys derived from gateway API keys (`name=key` pairs) when the worker is given them (`dev`, or a worker
 * that shares the gateway's environment). Errors name the entry, never a secret.
 */
export function loadCallerPublicKeys(
  env: NodeJS.ProcessEnv = process.env,
  gatewayKeys: readonly { name: string; key: string }[] = [],
): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const { name, key } of gatewayKeys) keys[canonicalPrincipal(name)] = credentialPublicKey(key);
  const listed = env[CALLER_KEYS_ENV] ?? '';
  listed
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .forEach((entry, index) => {
      const at = entry.indexOf('=');
      const name = at > 0 ? entry.slice(0, at).trim() : '';
      const hex =
        at > 0
          ? entry
              .slice(at + 1)
              .trim()
              .toLowerCase()
          : '';
      if (name === '' || !/^[0-9a-f]{64}$/.test(hex)) {
        throw new Error(
          `${CALLER_KEYS_ENV} entry ${index + 1}: expected name=<64 hex digits of an Ed25519 public key>`,
        );
      }
      keys[canonicalPrincipal(name)] = hex;
    });
  return keys;
}
