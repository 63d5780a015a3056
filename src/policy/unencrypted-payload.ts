/**
 * What a worker that holds codec keys sees in place of a payload that arrived unencrypted: its codec never
 * hands plaintext from a client to workflow code, and the workflow refuses the request (EncryptionRequired).
 */
export const UNENCRYPTED_PAYLOAD = { $switchyard: 'unencrypted-payload' } as const;

/** Failure type of a request refused because its payloads were not encrypted. */
export const ENCRYPTION_REQUIRED = 'EncryptionRequired';

/** True for the stand-in of an unencrypted payload. */
export function isUnencryptedPayload(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as Record<string, unknown>).$switchyard === UNENCRYPTED_PAYLOAD.$switchyard
  );
}
