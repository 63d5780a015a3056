import { createRequire } from 'node:module';
import { defaultPayloadConverter, type FailureConverter } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { AesGcmPayloadCodec } from '../../../src/codec/aes-gcm-codec.js';
import {
  createDataConverter,
  dataConverterFromEnv,
  ENCRYPTING_FAILURE_CONVERTER_PATH,
} from '../../../src/codec/data-converter.js';

const keys = [{ id: 'k1', key: Buffer.alloc(32, 3) }];

describe('encrypting data converter', () => {
  it('has the AES-GCM codec and a failure converter that encodes messages and stack traces', () => {
    const converter = createDataConverter(keys);
    expect(converter.payloadCodecs?.[0]).toBeInstanceOf(AesGcmPayloadCodec);
    expect(converter.failureConverterPath).toBe(ENCRYPTING_FAILURE_CONVERTER_PATH);
  });

  it('moves failure text into a payload, which the codec then encrypts', async () => {
    // Temporal loads the failure converter with require(), exactly like this.
    const { failureConverter } = createRequire(import.meta.url)(ENCRYPTING_FAILURE_CONVERTER_PATH) as {
      failureConverter: FailureConverter;
    };
    const failure = failureConverter.errorToFailure(
      new Error('provider echoed: card 4111 1111 1111 1111'),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    expect(failure.stackTrace).toBe('');
    const [encrypted] = await new AesGcmPayloadCodec(keys).encode([failure.encodedAttributes!]);
    expect(Buffer.from(encrypted!.data!).includes('4111')).toBe(false);
    const restored = failureConverter.failureToError(failure, defaultPayloadConverter);
    expect(restored.message).toBe('provider echoed: card 4111 1111 1111 1111');
  });

  it('is configured from the environment, or absent without keys', () => {
    expect(dataConverterFromEnv({})).toBeUndefined();
    const converter = dataConverterFromEnv({ SWITCHYARD_CODEC_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}` });
    expect((converter!.payloadCodecs![0] as AesGcmPayloadCodec).keyIds).toEqual(['k1']);
  });
});
