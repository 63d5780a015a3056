import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** Reviewer tokens: secret token → reviewer identity (an address on the policy's reviewer allow-list). */
export type ReviewerTokens = Record<string, string>;

/** Environment variable with `identity=token` pairs separated by commas. */
export const REVIEWER_TOKENS_ENV = 'SWITCHYARD_REVIEWER_TOKENS';

/** Shortest token accepted, characters (generated tokens have 32). */
export const MIN_TOKEN_LENGTH = 16;

/**
 * Reads reviewer tokens from a JSON file (`{"tokens": {"<token>": "alice@example.com"}}`) when `file` is
 * given, else from SWITCHYARD_REVIEWER_TOKENS (`alice@example.com=<token>,bob@example.com=<token>`).
 * Returns `{}` when neither is configured. Errors name the entry but never echo a token.
 */
export function loadReviewerTokens(env: NodeJS.ProcessEnv = process.env, file?: string): ReviewerTokens {
  if (file !== undefined) return parseTokenFile(file);
  const value = env[REVIEWER_TOKENS_ENV];
  if (value === undefined || value.trim() === '') return {};
  return parseTokenList(value);
}

/** `identity=token,identity=token` (as in SWITCHYARD_REVIEWER_TOKENS) → tokens. */
export function parseTokenList(value: string): ReviewerTokens {
  const tokens: ReviewerTokens = {};
  value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .forEach((entry, index) => {
      const at = entry.indexOf('=');
      const where = `${REVIEWER_TOKENS_ENV} entry ${index + 1}`;
      if (at <= 0) throw new Error(`${where}: expected identity=token`);
      addToken(tokens, entry.slice(at + 1).trim(), entry.slice(0, at).trim(), where);
    });
  return tokens;
}

function parseTokenFile(file: string): ReviewerTokens {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`reviewer tokens ${file}: ${(error as Error).message}`);
  }
  const entries = (raw as { tokens?: unknown } | null)?.tokens;
  if (!entries || typeof entries !== 'object' || Array.isArray(entries)) {
    throw new Error(`reviewer tokens ${file}: expected {"tokens": {"<token>": "<reviewer>"}}`);
  }
  const tokens: ReviewerTokens = {};
  Object.entries(entries).forEach(([token, identity], index) => {
    const where = `reviewer tokens ${file}: tokens entry ${index + 1}`;
    if (typeof identity !== 'string') throw new Error(`${where}: the reviewer must be a string`);
    addToken(tokens, token.trim(), identity.trim(), where);
  });
  return tokens;
}

function addToken(tokens: ReviewerTokens, token: string, identity: string, where: string): void {
  if (identity === '') throw new Error(`${where}: the reviewer identity is empty`);
  if (token.length < MIN_TOKEN_LENGTH) {
    throw new Error(`${where} (${identity}): the token must have at least ${MIN_TOKEN_LENGTH} characters`);
  }
  if (Object.hasOwn(tokens, token)) throw new Error(`${where} (${identity}): the same token is given twice`);
  tokens[token] = identity;
}

/** Random tokens (24 random bytes, base64url: 32 characters) for the given reviewers, for dev and demos. */
export function generateReviewerTokens(reviewers: readonly string[]): ReviewerTokens {
  const tokens: ReviewerTokens = {};
  for (const reviewer of new Set(reviewers.map((name) => name.trim()).filter((name) => name !== ''))) {
    tokens[randomBytes(24).toString('base64url')] = reviewer;
  }
  return tokens;
}

/** The identity a presented token belongs to, or null. Compares digests in constant time against every token. */
export function findReviewer(tokens: ReviewerTokens, presented: string): string | null {
  const wanted = digest(presented);
  let found: string | null = null;
  for (const [token, identity] of Object.entries(tokens)) {
    if (timingSafeEqual(digest(token), wanted) && found === null) found = identity;
  }
  return found;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}
