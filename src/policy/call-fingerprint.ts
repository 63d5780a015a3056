/**
 * A fingerprint of a model call's input (its JSON text: length and two independent 32-bit FNV-1a-style hashes, 64 bits
 * in all): whether the call `resolvePolicy` made ahead is the call the workflow would make (workflows/first-attempt.ts).
 * Both sides build the input with the same function (modelCallInput) from one recorded request, so the JSON texts
 * agree key for key; a difference (a code change between the two) only means the call made ahead is not used. Not a
 * security digest. Cheap where it runs: workflow code is evaluated afresh per workflow and runs unoptimized, where
 * sha256 cost ~0.3 ms and canonical JSON ~0.2 ms; native JSON.stringify and this loop cost a few µs.
 */
export function callFingerprint(input: unknown): string {
  const text = JSON.stringify(input);
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
