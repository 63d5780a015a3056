import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Signatures that workflow code verifies itself (pure JS, deterministic, no Node crypto): a credential
 * (a secret token) derives an Ed25519 key pair; workers hold only public keys (hex, 64 characters);
 * a signature (hex, 128 characters) binds a statement to one workflow id, so it cannot be replayed elsewhere.
 */

/** What a signature covers; the purpose keeps a review signature from passing as a caller claim or a grade. */
export type SignaturePurpose = 'review-decision' | 'caller' | 'answer-grade';

/** Public keys by canonical principal name (reviewer identity or caller name), hex. */
export type PublicKeys = Readonly<Record<string, string>>;

/** One name per principal: Unicode NFKC, trimmed, lower case (so ` ALICE@example.COM ` is alice@example.com). */
export function canonicalPrincipal(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/** The exact bytes signed: purpose, workflow id and the statement's canonical JSON. */
export function signedMessage(purpose: SignaturePurpose, workflowId: string, statement: unknown): Uint8Array {
  return utf8ToBytes(`switchyard-${purpose}-v1\n${workflowId}\n${canonicalJson(statement)}`);
}

/** True when `signatureHex` is `publicKeyHex`'s signature of the message. Never throws. */
export function verifySignature(publicKeyHex: string, message: Uint8Array, signatureHex: string): boolean {
  if (!/^[0-9a-f]{64}$/i.test(publicKeyHex) || !/^[0-9a-f]{128}$/i.test(signatureHex)) return false;
  try {
    return ed25519.verify(hexToBytes(signatureHex), message, hexToBytes(publicKeyHex));
  } catch {
    return false;
  }
}

/** The Ed25519 secret key (32 bytes) a credential derives. */
export function credentialSecretKey(credential: string): Uint8Array {
  return sha256(utf8ToBytes(`switchyard-credential-v1\u0000${credential}`));
}

/** The public key (hex) of a credential: what a worker's configuration lists. */
export function credentialPublicKey(credential: string): string {
  return bytesToHex(ed25519.getPublicKey(credentialSecretKey(credential)));
}

/** Signs a statement for one workflow with a credential; returns the signature in hex. */
export function signStatement(
  credential: string,
  purpose: SignaturePurpose,
  workflowId: string,
  statement: unknown,
): string {
  return bytesToHex(ed25519.sign(signedMessage(purpose, workflowId, statement), credentialSecretKey(credential)));
}

/** sha256 of a value's canonical JSON, hex (binds a caller claim to the request it came with). */
export function digestOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}

/** JSON with object keys sorted and undefined members dropped: one text per value. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
