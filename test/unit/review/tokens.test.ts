import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findReviewer, generateReviewerTokens, loadReviewerTokens } from '../../../src/review/tokens.js';

const ALICE = 'alice-token-0123456789';
const BOB = 'bob-token-0123456789ab';

describe('reviewer tokens', () => {
  it('reads identity=token pairs from SWITCHYARD_REVIEWER_TOKENS', () => {
    const env = { SWITCHYARD_REVIEWER_TOKENS: ` alice@example.com=${ALICE} , bob@example.com=${BOB},` };
    expect(loadReviewerTokens(env)).toEqual({ [ALICE]: 'alice@example.com', [BOB]: 'bob@example.com' });
    expect(loadReviewerTokens({})).toEqual({});
  });

  it('reads a JSON file, which wins over the environment', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'switchyard-tokens-')), 'tokens.json');
    writeFileSync(file, JSON.stringify({ tokens: { [BOB]: 'bob@example.com' } }));
    const env = { SWITCHYARD_REVIEWER_TOKENS: `alice@example.com=${ALICE}` };
    expect(loadReviewerTokens(env, file)).toEqual({ [BOB]: 'bob@example.com' });
  });

  it('names the bad entry without echoing the token', () => {
    const short = { SWITCHYARD_REVIEWER_TOKENS: `alice@example.com=${ALICE},bob@example.com=tok2` };
    expect(() => loadReviewerTokens(short)).toThrow(
      'SWITCHYARD_REVIEWER_TOKENS entry 2 (bob@example.com): the token must have at least 16 characters',
    );
    expect(() => loadReviewerTokens({ SWITCHYARD_REVIEWER_TOKENS: 'no-equals-sign' })).toThrow(
      'SWITCHYARD_REVIEWER_TOKENS entry 1: expected identity=token',
    );
    const twice = { SWITCHYARD_REVIEWER_TOKENS: `a@example.com=${ALICE},b@example.com=${ALICE}` };
    expect(() => loadReviewerTokens(twice)).toThrow('the same token is given twice');
    try {
      loadReviewerTokens(twice);
    } catch (error) {
      expect((error as Error).message).not.toContain(ALICE);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'switchyard-tokens-')), 'bad.json');
    writeFileSync(file, JSON.stringify({ [ALICE]: 'alice@example.com' }));
    expect(() => loadReviewerTokens({}, file)).toThrow('expected {"tokens": {"<token>": "<reviewer>"}}');
  });

  it('generates distinct random tokens and finds reviewers by token', () => {
    const tokens = generateReviewerTokens(['alice@example.com', 'bob@example.com', 'alice@example.com']);
    const entries = Object.entries(tokens);
    expect(entries.map(([, identity]) => identity).sort()).toEqual(['alice@example.com', 'bob@example.com']);
    for (const [token, identity] of entries) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
      expect(findReviewer(tokens, token)).toBe(identity);
    }
    expect(findReviewer(tokens, 'x'.repeat(32))).toBeNull();
    expect(findReviewer(tokens, '')).toBeNull();
  });
});
