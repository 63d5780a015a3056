/**
 * Feature hashing primitives: 32-bit FNV-1a over UTF-16 code units and the murmur3 finaliser to mix
 * two hashes. Seed-free and stable across runs and platforms, so a saved model stays valid.
 */

/** FNV-1a offset basis (32-bit). */
export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Folds one UTF-16 code unit into an FNV-1a state. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME) >>> 0;
}

/** FNV-1a of `text[start, end)`, starting from `basis` (use different bases for different namespaces). */
export function fnv1a(text: string, start = 0, end = text.length, basis = FNV_OFFSET): number {
  let hash = basis;
  for (let i = start; i < end; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}

/** murmur3's 32-bit finaliser: spreads the bits of `h` (used after combining hashes). */
export function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Order-sensitive combination of two hashes (e.g. a word bigram from its two word hashes). */
export function combineHashes(a: number, b: number): number {
  return fmix32((Math.imul(a, 0x9e3779b1) ^ b) >>> 0);
}
