import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatReviewerKeys, loadReviewerPublicKeys, reviewerPublicKeysOf } from '../../../src/auth/reviewer-keys.js';
import { credentialPublicKey } from '../../../src/policy/signatures.js';
import { reviewerCredential } from '../../../src/review/submit.js';

const ALICE_TOKEN = 'alice-token-0123456789abcdef';
const BOB_TOKEN = 'bob-token-0123456789abcdef';

describe('loadReviewerPublicKeys', () => {
  it('reads SWITCHYARD_REVIEWER_KEYS with canonical identities', () => {
    const alice = credentialPublicKey(ALICE_TOKEN);
    const bob = credentialPublicKey(BOB_TOKEN);
    const env = { SWITCHYARD_REVIEWER_KEYS: ` ALICE@example.COM =${alice.toUpperCase()}, bob@example.com=${bob},` };
    expect(loadReviewerPublicKeys(env)).toEqual({ 'alice@example.com': alice, 'bob@example.com': bob });
    expect(loadReviewerPublicKeys({})).toEqual({});
  });

  it('derives keys from reviewer tokens (env or file), and merges them with listed keys', () => {
    const env = {
      SWITCHYARD_REVIEWER_TOKENS: `Alice@Example.com=${ALICE_TOKEN}`,
      SWITCHYARD_REVIEWER_KEYS: `bob@example.com=${credentialPublicKey(BOB_TOKEN)}`,
    };
    expect(loadReviewerPublicKeys(env)).toEqual({
      'alice@example.com': credentialPublicKey(ALICE_TOKEN),
      'bob@example.com': credentialPublicKey(BOB_TOKEN),
    });
    expect(loadReviewerPublicKeys(env, { fromTokens: false })).toEqual({
      'bob@example.com': credentialPublicKey(BOB_TOKEN),
    });
    const file = join(mkdtempSync(join(tmpdir(), 'reviewer-keys-')), 'tokens.json');
    writeFileSync(file, JSON.stringify({ tokens: { [BOB_TOKEN]: 'bob@example.com' } }));
    expect(loadReviewerPublicKeys({}, { tokensFile: file })).toEqual({
      'bob@example.com': credentialPublicKey(BOB_TOKEN),
    });
  });

  it('names the bad entry without echoing its value', () => {
    const attempt = (value: string) => () => loadReviewerPublicKeys({ SWITCHYARD_REVIEWER_KEYS: value });
    expect(attempt(`alice@example.com=${ALICE_TOKEN}`)).toThrow(
      /^SWITCHYARD_REVIEWER_KEYS entry 1 \(alice@example.com\): expected a public key of 64 hex characters/,
    );
    try {
      attempt(`alice@example.com=${ALICE_TOKEN}`)();
    } catch (error) {
      expect((error as Error).message).not.toContain(ALICE_TOKEN);
    }
    expect(attempt('no-equals-sign')).toThrow('SWITCHYARD_REVIEWER_KEYS entry 1: expected identity=<public key hex>');
    const alice = credentialPublicKey(ALICE_TOKEN);
    expect(attempt(`alice@example.com=${alice},ALICE@example.com=${credentialPublicKey(BOB_TOKEN)}`)).toThrow(
      'SWITCHYARD_REVIEWER_KEYS entry 2 (alice@example.com): a different public key is already configured for this reviewer',
    );
    expect(() =>
      loadReviewerPublicKeys({
        SWITCHYARD_REVIEWER_KEYS: `alice@example.com=${credentialPublicKey(BOB_TOKEN)}`,
        SWITCHYARD_REVIEWER_TOKENS: `alice@example.com=${ALICE_TOKEN}`,
      }),
    ).toThrow(/different public key/);
  });

  it('formats keys as the SWITCHYARD_REVIEWER_KEYS value', () => {
    const keys = reviewerPublicKeysOf({ [ALICE_TOKEN]: 'alice@example.com', [BOB_TOKEN]: 'Bob@example.com' });
    expect(formatReviewerKeys(keys)).toBe(
      `alice@example.com=${credentialPublicKey(ALICE_TOKEN)},bob@example.com=${credentialPublicKey(BOB_TOKEN)}`,
    );
    expect(loadReviewerPublicKeys({ SWITCHYARD_REVIEWER_KEYS: formatReviewerKeys(keys) })).toEqual(keys);
  });
});

describe('reviewerCredential (review resolve)', () => {
  const tokens = { [ALICE_TOKEN]: 'Alice@example.com' };
  it("takes the identity from the configured tokens, or from --reviewer when the token isn't configured", () => {
    expect(reviewerCredential({ token: ALICE_TOKEN, tokens })).toEqual({
      reviewer: 'alice@example.com',
      credential: ALICE_TOKEN,
    });
    expect(reviewerCredential({ env: { SWITCHYARD_REVIEWER_TOKEN: BOB_TOKEN }, reviewer: 'bob@example.com' })).toEqual({
      reviewer: 'bob@example.com',
      credential: BOB_TOKEN,
    });
  });
  it('fails clearly without a token, without an identity, or with an identity that does not match', () => {
    expect(() => reviewerCredential({ reviewer: 'alice@example.com', env: {} })).toThrow(
      /^a reviewer token is required to sign the decision: pass --token or set SWITCHYARD_REVIEWER_TOKEN/,
    );
    expect(() => reviewerCredential({ token: BOB_TOKEN, tokens })).toThrow(/--reviewer is required/);
    expect(() => reviewerCredential({ token: ALICE_TOKEN, tokens, reviewer: 'bob@example.com' })).toThrow(
      '--reviewer bob@example.com does not match the reviewer the token belongs to (Alice@example.com)',
    );
  });
});
