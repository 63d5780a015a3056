import { fileURLToPath } from 'node:url';
import type { DataConverter } from '@temporalio/common';
import { AesGcmPayloadCodec } from './aes-gcm-codec.js';
import { type CodecKey, loadCodecKeys } from './keys.js';

/** Module exporting the failure converter that encodes messages and stack traces (`encodeCommonAttributes`). */
export const ENCRYPTING_FAILURE_CONVERTER_PATH = fileURLToPath(new URL('./failure-converter.cjs', import.meta.url));

/** The one line commands print when payloads are stored in plain text. */
export const UNENCRYPTED_WARNING =
  'switchyard: no codec key configured — workflow histories are stored unencrypted (set SWITCHYARD_CODEC_KEYS)';

/**
 * A data converter that encrypts every payload (inputs, results, signals, updates, failure details) and
 * failure messages and stack traces with AES-256-GCM. Give the same one to the client and the worker.
 * @param keys newest first: the first encrypts, all decrypt.
 */
export function createDataConverter(
  keys: readonly CodecKey[],
  options: { refuseUnencrypted?: boolean } = {},
): DataConverter {
  return {
    payloadCodecs: [new AesGcmPayloadCodec(keys, options)],
    failureConverterPath: ENCRYPTING_FAILURE_CONVERTER_PATH,
  };
}

/**
 * The encrypting data converter when keys are configured in the environment, else undefined (plain payloads).
 * Workers pass `refuseUnencrypted` so that requests from clients without the keys are refused.
 */
export function dataConverterFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  options: { refuseUnencrypted?: boolean } = {},
): DataConverter | undefined {
  const keys = loadCodecKeys(env);
  return keys ? createDataConverter(keys, options) : undefined;
}

let warned = false;

/** Prints UNENCRYPTED_WARNING on stderr, once per process. */
export function warnUnencrypted(): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`${UNENCRYPTED_WARNING}\n`);
}
