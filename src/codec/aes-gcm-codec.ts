import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { UNENCRYPTED_PAYLOAD } from '../policy/unencrypted-payload.js';
import type { CodecKey } from './keys.js';

const { temporal } = proto; // CommonJS package: named imports do not resolve under ESM

/** `metadata.encoding` of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key that encrypted a payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * AES-256-GCM payload codec. Encrypts the whole payload (metadata and data) with the newest key, a random
 * 12-byte IV per payload and the key id as additional authenticated data; writes `binary/encrypted` and the
 * key id into the new payload's metadata. Decodes with whichever configured key the payload names, so
 * rotated-out keys keep old histories readable. Payloads that are not encrypted pass through unchanged.
 */
export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly newest: CodecKey;

  /**
   * @param keys newest first; the first one encrypts, all of them decrypt.
   * @param options.refuseUnencrypted a worker's setting: a plaintext payload (from a client without the keys)
   *   is replaced by a stand-in the workflow refuses, so plaintext never reaches workflow code. @default false
   */
  constructor(
    keys: readonly CodecKey[],
    private readonly options: { refuseUnencrypted?: boolean } = {},
  ) {
    if (keys.length === 0) throw new Error('payload codec: at least one key is required');
    this.newest = keys[0]!;
    this.keys = new Map(keys.map((entry) => [entry.id, entry.key]));
  }

  /** Key ids this codec can decrypt, newest first. */
  get keyIds(): string[] {
    return [...this.keys.keys()];
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.newest;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(id, 'utf8'));
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const sealed = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(id),
      },
      data: sealed,
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = text(payload.metadata?.[METADATA_ENCODING_KEY]);
    if (encoding !== ENCRYPTED_ENCODING) {
      // An absent value (binary/null) carries nothing; anything else in plain text is refused when asked.
      if (!this.options.refuseUnencrypted || encoding === 'binary/null') return payload;
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from('json/plain') },
        data: Buffer.from(JSON.stringify(UNENCRYPTED_PAYLOAD)),
      };
    }
    const id = text(payload.metadata?.[KEY_ID_METADATA]);
    if (id === undefined) throw new Error(`encrypted payload has no ${KEY_ID_METADATA} metadata`);
    const key = this.keys.get(id);
    if (!key)
      throw new Error(
        `payload was encrypted with key "${id}", which is not configured (configured: ${this.keyIds.join(', ')})`,
      );
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES) throw new Error(`encrypted payload (key "${id}") is truncated`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAAD(Buffer.from(id, 'utf8'));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new Error(`encrypted payload (key "${id}") failed authentication: it was altered or the key is wrong`);
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

function text(bytes: Uint8Array | null | undefined): string | undefined {
  return bytes ? Buffer.from(bytes).toString('utf8') : undefined;
}
