import { describe, expect, it } from 'vitest';
import { DEFAULT_FEATURIZER_CONFIG, Featurizer } from '../../../src/classify/featurize.js';
import { fnv1a } from '../../../src/classify/hash.js';

const features = (text: string): number[] => {
  const view = new Featurizer().extract(text);
  return Array.from(view.buckets.subarray(0, view.total));
};

describe('Featurizer', () => {
  it('ignores case, punctuation and apostrophes', () => {
    expect(features("Can't FIND my card!!")).toEqual(features('cant find my card'));
  });

  it('emits word unigrams and bigrams first, then character n-grams', () => {
    const view = new Featurizer().extract('lost card');
    // 2 unigrams + 2 bigrams (start→lost, lost→card) + the end bigram.
    expect(view.wordCount).toBe(5);
    // "<lost>" (6 chars) and "<card>" (6 chars): 4 trigrams + 3 four-grams each.
    expect(view.total - view.wordCount).toBe(14);
    expect(view.wordValue).toBeCloseTo(1 / Math.sqrt(5));
    expect(view.charValue).toBeCloseTo(1 / Math.sqrt(14));
  });

  it('keeps buckets in range and reads at most maxChars characters', () => {
    const long = 'transfer money abroad '.repeat(200);
    const view = new Featurizer().extract(long);
    const buckets = 2 ** DEFAULT_FEATURIZER_CONFIG.hashBits;
    expect(Array.from(view.buckets.subarray(0, view.total)).every((b) => b >= 0 && b < buckets)).toBe(true);
    expect(view.wordCount).toBeLessThanOrEqual(2 * (DEFAULT_FEATURIZER_CONFIG.maxChars / 2) + 1);
    const max = DEFAULT_FEATURIZER_CONFIG.maxChars;
    const head = long.slice(0, max - Math.floor(max / 3));
    const tail = long.slice(long.length - Math.floor(max / 3));
    expect(Array.from(view.buckets.subarray(0, view.total))).toEqual(features(`${head} ${tail}`));
  });

  it('reads the end of a long text too', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(100);
    expect(features(`${filler} refund`)).not.toEqual(features(`${filler} delivery`));
  });

  it('handles empty text and non-Latin scripts', () => {
    expect(new Featurizer().extract('').total).toBe(0);
    expect(new Featurizer().extract('¿Dónde está mi tarjeta?').wordCount).toBeGreaterThan(0);
    expect(new Featurizer().extract('我的卡在哪里').total).toBeGreaterThan(0);
  });

  it('hashes with FNV-1a', () => {
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
  });
});
