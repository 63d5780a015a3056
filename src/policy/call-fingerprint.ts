import { canonicalJson } from './signatures.js';

/**
 * A fingerprint of a model call's input (canonical JSON: its length and two independent 32-bit FNV-1a-style hashes,
 * 64 bits in all): whether the call `resolvePolicy` made ahead is the call the workflow would make
 * (workflows/first-attempt.ts). Not a security digest: both sides are built by this worker's code from one recorded
 * request; this only tells a code change apart. Cheap where it runs, in a fresh workflow context (~10 µs for a small
 * request; sha256 there cost ~0.3 ms).
 */
export function callFingerprint(input: unknown): string {
  const text = canonicalJson(input);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return `${text.length}:${(a >>> 0).toString(16)}:${(b >>> 0).toString(16)}`;
}
