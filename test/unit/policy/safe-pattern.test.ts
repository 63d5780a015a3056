import { describe, expect, it } from 'vitest';
import { classifyByRules, compileIntentRules } from '../../../src/classify/rules-classifier.js';
import { compileSafePattern, findNestedQuantifier, MAX_PATTERN_LENGTH } from '../../../src/policy/safe-pattern.js';
import { IntentSchema } from '../../../src/policy/schema.js';

const compiled = (source: string) => {
  const result = compileSafePattern(source);
  if (!result.ok) throw new Error(result.message);
  return result.pattern;
};

describe('compileSafePattern', () => {
  it('rejects what RE2 cannot compile: broken syntax, backreferences, lookaround', () => {
    for (const source of ['([', '(a)\\1', '(?=x)y', '(?<=x)y', '(?!x)']) {
      const result = compileSafePattern(source);
      expect(result.ok, source).toBe(false);
      if (!result.ok) expect(result.message).toMatch(/^invalid pattern .*no backreferences or lookaround$/);
    }
  });

  it('rejects nested unbounded quantifiers (catastrophic in backtracking engines) and says how to rewrite', () => {
    for (const [source, nested] of [
      ['^(a+)+$', '(a+)+'],
      ['(a*)*', '(a*)*'],
      ['(\\w+\\s?)*$', '(\\w+\\s?)*'],
      ['(?:x|y{2,})+z', '(?:x|y{2,})+'],
      ['((a+)b)*', '((a+)b)*'],
    ]) {
      const result = compileSafePattern(source!);
      expect(result.ok, source).toBe(false);
      if (!result.ok) {
        expect(result.message).toContain(`nested unbounded quantifiers ("${nested}")`);
        expect(result.message).toContain('catastrophic');
        expect(result.message).toContain('"^a+$" instead of "^(a+)+$"');
      }
    }
  });

  it('accepts single-level and bounded repetition, escaped and bracketed quantifiers', () => {
    for (const source of ['a+b*', '(a+)?', '(a+){2,5}', '(\\d{3}-)+', '\\(a+\\)+', '[(a+)]+', '\\Q(a+)\\E+']) {
      expect(findNestedQuantifier(source), source).toBeNull();
      expect(compileSafePattern(source).ok, source).toBe(true);
    }
  });

  it('caps the pattern length', () => {
    expect(compileSafePattern('a'.repeat(MAX_PATTERN_LENGTH)).ok).toBe(true);
    const result = compileSafePattern('a'.repeat(MAX_PATTERN_LENGTH + 1));
    expect(result.ok || result.message).toBe(`pattern is 1001 characters long (at most ${MAX_PATTERN_LENGTH})`);
  });

  it('matches like the old RegExp(source, "iu"): case-insensitive, Unicode, JavaScript escapes', () => {
    const account = compiled('\\b(close|delete|terminate)\\b.{0,20}\\baccount\\b');
    expect(account.test('Please CLOSE my Account now')).toBe(true);
    expect(account.test('please disclose my account')).toBe(false);
    expect(compiled('café|\\u00fcber').test('CAFÉ ÜBER')).toBe(true);
    expect(compiled('^.$').test('😀')).toBe(true);
    expect(compiled('\\p{L}+').matches('😀 Ωmega 42')).toEqual([{ start: 3, end: 8 }]);
  });

  it('runs in linear time where a backtracking engine would not return', () => {
    // `(a|aa)*c` is exponential for RegExp on a long run of "a" without "c"; RE2 answers at once.
    expect(compiled('^(a|aa)*c$').test('a'.repeat(50_000))).toBe(false);
  });
});

describe('intent patterns', () => {
  it('are validated by the schema', () => {
    const parsed = IntentSchema.safeParse({ patterns: ['ok', '^(a+)+$'] });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['patterns', 1]);
  });

  it('classify with RE2 as before', () => {
    const rules = compileIntentRules({
      close: IntentSchema.parse({ patterns: ['\\b(close|delete)\\b.{0,20}\\baccount\\b'] }),
      refund: IntentSchema.parse({ keywords: ['refund'] }),
    });
    expect(classifyByRules(rules, 'DELETE my ACCOUNT please')?.intent).toBe('close');
    expect(classifyByRules(rules, 'I want a Refund')?.intent).toBe('refund');
    expect(classifyByRules(rules, 'hello')).toBeNull();
  });
});
