import { canonicalPrincipal, credentialPublicKey } from '../policy/signatures.js';
import { loadReviewerTokens, REVIEWER_TOKENS_ENV } from '../review/tokens.js';

/** Environment variable with reviewer public keys: `identity=hex` pairs separated by commas. */
export const REVIEWER_KEYS_ENV = 'SWITCHYARD_REVIEWER_KEYS';

export interface ReviewerKeyOptions {
  /** Reviewer tokens JSON file to derive public keys from (as `review serve --tokens`). @default none */
  tokensFile?: string;
  /**
   * Also derive public keys from the reviewer tokens this process has (SWITCHYARD_REVIEWER_TOKENS or
   * `tokensFile`): a dev convenience; production workers list public keys only. @default true
   */
  fromTokens?: boolean;
}

/**
 * The reviewer public keys a worker checks decision signatures against: canonical identity → hex key,
 * from SWITCHYARD_REVIEWER_KEYS (`alice@example.com=<64 hex>,…`) plus, when this process has reviewer
 * tokens, the keys they derive. `{}` when nothing is configured (then every decision is refused).
 * Errors name the entry and identity, never the value (a token pasted by mistake must not reach a log).
 */
export function loadReviewerPublicKeys(
  env: NodeJS.ProcessEnv = process.env,
  options: ReviewerKeyOptions = {},
): Record<string, string> {
  const keys: Record<string, string> = {};
  const value = env[REVIEWER_KEYS_ENV];
  if (value !== undefined && value.trim() !== '') {
    value
      .split(',')
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '')
      .forEach((entry, index) => {
        const where = `${REVIEWER_KEYS_ENV} entry ${index + 1}`;
        const at = entry.indexOf('=');
        if (at <= 0) throw new Error(`${where}: expected identity=<public key hex>`);
        const identity = canonicalPrincipal(entry.slice(0, at));
        const key = entry.slice(at + 1).trim();
        if (identity === '') throw new Error(`${where}: the reviewer identity is empty`);
        if (!/^[0-9a-f]{64}$/i.test(key)) {
          throw new Error(
            `${where} (${identity}): expected a public key of 64 hex characters (print one with \`switchyard review keys\`; never configure a token here)`,
          );
        }
        addKey(keys, identity, key.toLowerCase(), where);
      });
  }
  if (options.fromTokens !== false) {
    const derived = reviewerPublicKeysOf(loadReviewerTokens(env, options.tokensFile));
    const source = options.tokensFile ?? REVIEWER_TOKENS_ENV;
    for (const [identity, key] of Object.entries(derived)) addKey(keys, identity, key, `reviewer token in ${source}`);
  }
  return keys;
}

/** Public keys of reviewer tokens (identity → hex), for `switchyard review keys`. One token per reviewer. */
export function reviewerPublicKeysOf(tokens: Readonly<Record<string, string>>): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const [token, identity] of Object.entries(tokens)) {
    addKey(keys, canonicalPrincipal(identity), credentialPublicKey(token), 'reviewer token');
  }
  return keys;
}

/** `identity=hex,…`: the value of SWITCHYARD_REVIEWER_KEYS for these keys. */
export function formatReviewerKeys(keys: Readonly<Record<string, string>>): string {
  return Object.entries(keys)
    .map(([identity, key]) => `${identity}=${key}`)
    .join(',');
}

function addKey(keys: Record<string, string>, identity: string, key: string, where: string): void {
  const known = Object.hasOwn(keys, identity) ? keys[identity] : undefined;
  if (known !== undefined && known !== key) {
    throw new Error(`${where} (${identity}): a different public key is already configured for this reviewer`);
  }
  keys[identity] = key;
}
