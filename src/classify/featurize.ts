import { combineHashes, FNV_OFFSET, fmix32, fnvStep } from './hash.js';

/**
 * Text → hashed sparse features. Clips long texts (head and tail), lowercases, keeps letters and digits (apostrophes are dropped inside a
 * word, everything else separates words), then emits word unigrams and bigrams plus character n-grams of
 * each word padded with boundary marks (`<word>`). Every feature is an FNV-1a hash folded into
 * `2^hashBits` buckets. The word group and the character group are each scaled to unit length
 * (1/√count per occurrence), so long and short texts score on the same scale.
 */
export interface FeaturizerConfig {
  /** Buckets = 2^hashBits. @default 18 */
  hashBits: number;
  /** Shortest character n-gram. @default 3 */
  charMin: number;
  /** Longest character n-gram (inclusive). @default 4 */
  charMax: number;
  /**
   * At most this many characters of a text are read: all of a short text; of a longer one its first two
   * thirds and last third of this budget (the request usually sits at the start or the end). @default 384
   */
  maxChars: number;
  /** Character n-grams come from words starting in the first `maxCharNgramChars` characters. @default 128 */
  maxCharNgramChars: number;
  /** Weight of the character group relative to the word group. @default 1 */
  charWeight: number;
}

export const DEFAULT_FEATURIZER_CONFIG: FeaturizerConfig = {
  hashBits: 18,
  charMin: 3,
  charMax: 4,
  maxChars: 384,
  maxCharNgramChars: 128,
  charWeight: 1,
};

const WORD_BASIS = FNV_OFFSET;
const CHAR_BASIS = 0x2f6b1a73;
const BIGRAM_SALT = 0x5bd1e995;
const BOS_HASH = 0x1b873593;
const EOS_HASH = 0x0e6546b6;
const PAD_OPEN = 1;
const PAD_CLOSE = 2;

/** Features of one text: `buckets[0, wordCount)` are word features, `[wordCount, total)` character ones. */
export interface FeatureView {
  buckets: Uint32Array;
  wordCount: number;
  total: number;
  /** Per-occurrence value of a word feature (1/√wordCount). */
  wordValue: number;
  /** Per-occurrence value of a character feature (charWeight/√charCount). */
  charValue: number;
}

function isWordCode(c: number): boolean {
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57);
  // Non-ASCII: treat letters of any script as word characters; skip punctuation/space blocks.
  if (c === 0xa0 || (c >= 0x2000 && c <= 0x206f) || (c >= 0x3000 && c <= 0x303f)) return false;
  if (c === 0xd7 || c === 0xf7 || c < 0xc0) return false;
  return c < 0xd800 || c > 0xdfff;
}

/** The text itself when short enough, else its head and tail joined by a space (`max` + 1 characters). */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const tail = Math.floor(max / 3);
  return `${text.slice(0, max - tail)} ${text.slice(text.length - tail)}`;
}

function isApostrophe(c: number): boolean {
  return c === 39 || c === 0x2019 || c === 0x2018;
}

/** Stateful, allocation-free featurizer (one per thread of use; `extract` reuses its buffers). */
export class Featurizer {
  readonly config: FeaturizerConfig;
  private readonly mask: number;
  private readonly codes: Uint16Array;
  private readonly wordStarts: Int32Array;
  private readonly wordEnds: Int32Array;
  private readonly view: FeatureView;

  constructor(config: FeaturizerConfig = DEFAULT_FEATURIZER_CONFIG) {
    this.config = config;
    this.mask = (1 << config.hashBits) - 1;
    this.codes = new Uint16Array(config.maxChars + 1);
    const maxWords = Math.ceil(config.maxChars / 2) + 1;
    this.wordStarts = new Int32Array(maxWords);
    this.wordEnds = new Int32Array(maxWords);
    const spans = config.charMax - config.charMin + 1;
    const capacity = 2 * maxWords + 2 + (config.maxChars + 2 * maxWords) * spans + 8;
    this.view = { buckets: new Uint32Array(capacity), wordCount: 0, total: 0, wordValue: 0, charValue: 0 };
  }

  /** Fills and returns the shared view (valid until the next call). */
  extract(text: string): FeatureView {
    const { codes, wordStarts, wordEnds, mask, config } = this;
    const lower = clip(text, config.maxChars).toLowerCase();
    let len = 0;
    let words = 0;
    let inWord = false;
    for (let i = 0; i < lower.length && len < codes.length; i++) {
      const c = lower.charCodeAt(i);
      if (isWordCode(c)) {
        if (!inWord) {
          wordStarts[words] = len;
          inWord = true;
        }
        codes[len++] = c;
      } else if (inWord && isApostrophe(c)) {
        // "can't" → "cant": keep the word going.
      } else if (inWord) {
        wordEnds[words++] = len;
        inWord = false;
      }
    }
    if (inWord) wordEnds[words++] = len;

    const buckets = this.view.buckets;
    let n = 0;
    let prev = BOS_HASH;
    for (let w = 0; w < words; w++) {
      let h = WORD_BASIS;
      for (let i = wordStarts[w]!; i < wordEnds[w]!; i++) h = fnvStep(h, codes[i]!);
      h = fmix32(h);
      buckets[n++] = h & mask;
      buckets[n++] = (combineHashes(prev, h) ^ BIGRAM_SALT) & mask;
      prev = h;
    }
    if (words > 0) buckets[n++] = (combineHashes(prev, EOS_HASH) ^ BIGRAM_SALT) & mask;
    const wordCount = n;

    const { charMin, charMax, maxCharNgramChars } = config;
    for (let w = 0; w < words && wordStarts[w]! < maxCharNgramChars; w++) {
      const start = wordStarts[w]!;
      const padded = wordEnds[w]! - start + 2;
      for (let p = 0; p + charMin <= padded; p++) {
        let h = CHAR_BASIS;
        const last = Math.min(padded, p + charMax);
        for (let q = p; q < last; q++) {
          const c = q === 0 ? PAD_OPEN : q === padded - 1 ? PAD_CLOSE : codes[start + q - 1]!;
          h = fnvStep(h, c);
          if (q - p + 1 >= charMin) buckets[n++] = fmix32(h) & mask;
        }
      }
    }
    const view = this.view;
    view.wordCount = wordCount;
    view.total = n;
    view.wordValue = wordCount > 0 ? 1 / Math.sqrt(wordCount) : 0;
    view.charValue = n > wordCount ? config.charWeight / Math.sqrt(n - wordCount) : 0;
    return view;
  }
}
