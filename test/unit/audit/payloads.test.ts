import { defaultPayloadConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { PayloadDecoder } from '../../../src/audit/payloads.js';
import { AesGcmPayloadCodec } from '../../../src/codec/aes-gcm-codec.js';
import { createDataConverter } from '../../../src/codec/data-converter.js';

const keys = [{ id: 'k1', key: Buffer.alloc(32, 5) }];

describe('payload decoding for audits', () => {
  it('decrypts through the data converter’s codec', async () => {
    const [encrypted] = await new AesGcmPayloadCodec(keys).encode([defaultPayloadConverter.toPayload({ a: 1 })]);
    expect(await new PayloadDecoder(createDataConverter(keys)).values([encrypted!])).toEqual([{ a: 1 }]);
  });

  it('says what to set when the history is encrypted and no key is configured', async () => {
    const [encrypted] = await new AesGcmPayloadCodec(keys).encode([defaultPayloadConverter.toPayload('x')]);
    await expect(new PayloadDecoder().values([encrypted!])).rejects.toThrow(
      'history payloads are encrypted (key "k1"): set SWITCHYARD_CODEC_KEYS or SWITCHYARD_CODEC_KEY_FILE',
    );
  });

  it('decodes encoded failure attributes (encrypted messages) and details', async () => {
    const decoder = new PayloadDecoder(createDataConverter(keys));
    const codec = new AesGcmPayloadCodec(keys);
    const [attributes] = await codec.encode([
      defaultPayloadConverter.toPayload({ message: 'HTTP 503 for card 4111', stack_trace: 'at x' }),
    ]);
    const [details] = await codec.encode([defaultPayloadConverter.toPayload({ kind: 'transient', status: 503 })]);
    const failure = await decoder.failure({
      message: 'Encoded failure',
      encodedAttributes: attributes!,
      applicationFailureInfo: { type: 'Overloaded', details: { payloads: [details!] } },
    });
    expect(failure).toMatchObject({
      message: 'HTTP 503 for card 4111',
      stackTrace: 'at x',
      type: 'Overloaded',
      details: [{ kind: 'transient', status: 503 }],
    });
  });
});
