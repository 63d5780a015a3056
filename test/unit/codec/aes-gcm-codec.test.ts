import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../../../src/codec/aes-gcm-codec.js';
import type { CodecKey } from '../../../src/codec/keys.js';

const k1: CodecKey = { id: 'k1', key: Buffer.alloc(32, 1) };
const k2: CodecKey = { id: 'k2', key: Buffer.alloc(32, 2) };
const secret = { prompt: 'my card is 4111 1111 1111 1111', n: 7 };
const plain = () => defaultPayloadConverter.toPayload(secret);
const text = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('utf8');

describe('AES-256-GCM payload codec', () => {
  it('round-trips a payload, metadata included', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [encrypted] = await codec.encode([plain()]);
    const [decrypted] = await codec.decode([encrypted!]);
    expect(defaultPayloadConverter.fromPayload(decrypted!)).toEqual(secret);
    expect(text(decrypted!.metadata?.encoding)).toBe('json/plain');
  });

  it('writes binary/encrypted and the key id, and no plain text', async () => {
    const [encrypted] = await new AesGcmPayloadCodec([k1]).encode([plain()]);
    expect(text(encrypted!.metadata?.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(text(encrypted!.metadata?.[KEY_ID_METADATA])).toBe('k1');
    expect(Object.keys(encrypted!.metadata ?? {}).sort()).toEqual(['encoding', 'encryption-key-id']);
    expect(Buffer.from(encrypted!.data!).includes('4111')).toBe(false);
    expect(Buffer.from(encrypted!.data!).includes('json/plain')).toBe(false);
  });

  it('uses a fresh IV for every payload', async () => {
    const codec = new AesGcmPayloadCodec([k1]);
    const [a, b] = await codec.encode([plain(), plain()]);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('rotates: new writes use the newest key, old payloads still decrypt', async () => {
    const [old] = await new AesGcmPayloadCodec([k1]).encode([plain()]);
    const rotated = new AesGcmPayloadCodec([k2, k1]);
    const [fresh] = await rotated.encode([plain()]);
    expect(text(fresh!.metadata?.[KEY_ID_METADATA])).toBe('k2');
    const decoded = await rotated.decode([old!, fresh!]);
    expect(decoded.map((payload) => defaultPayloadConverter.fromPayload(payload))).toEqual([secret, secret]);
  });

  it('detects tampering with the data or the key id', async () => {
    const codec = new AesGcmPayloadCodec([k1, { id: 'k1b', key: k1.key }]);
    const [encrypted] = await codec.encode([plain()]);
    const flipped = Buffer.from(encrypted!.data!);
    flipped[20] = flipped[20]! ^ 1;
    await expect(codec.decode([{ ...encrypted!, data: flipped }])).rejects.toThrow(
      'encrypted payload (key "k1") failed authentication: it was altered or the key is wrong',
    );
    // Same key bytes under another id: the key id is authenticated data, so relabelling is caught too.
    const relabelled: Payload = {
      ...encrypted!,
      metadata: { ...encrypted!.metadata, [KEY_ID_METADATA]: Buffer.from('k1b') },
    };
    await expect(codec.decode([relabelled])).rejects.toThrow('failed authentication');
    await expect(codec.decode([{ ...encrypted!, data: Buffer.alloc(10) }])).rejects.toThrow('is truncated');
  });

  it('names an unknown key id', async () => {
    const [encrypted] = await new AesGcmPayloadCodec([k2]).encode([plain()]);
    await expect(new AesGcmPayloadCodec([k1]).decode([encrypted!])).rejects.toThrow(
      'payload was encrypted with key "k2", which is not configured (configured: k1)',
    );
  });

  it('passes payloads that are not encrypted through (histories from before encryption was on)', async () => {
    const payload = plain();
    expect(await new AesGcmPayloadCodec([k1]).decode([payload])).toEqual([payload]);
  });

  it('needs at least one key', () => {
    expect(() => new AesGcmPayloadCodec([])).toThrow('at least one key');
  });
});
