import { type DataConverter, decodeTimeoutType, defaultPayloadConverter, type Payload } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { ENCRYPTED_ENCODING, KEY_ID_METADATA } from '../codec/aes-gcm-codec.js';

type ProtoFailure = temporal.api.failure.v1.IFailure;

/** A failure from history with its encoded parts decoded (message and stack trace may have been encrypted). */
export interface DecodedFailure {
  message: string;
  /** ApplicationFailure type, `Timeout`, `Canceled`, … */
  type: string;
  /** For timeouts: START_TO_CLOSE, SCHEDULE_TO_CLOSE, … */
  timeoutType: string | null;
  nonRetryable: boolean;
  details: unknown[];
  stackTrace: string | null;
  cause: DecodedFailure | null;
}

/** Decodes payloads the way a client does: codecs in reverse order, then the default payload converter. */
export class PayloadDecoder {
  private readonly codecs;

  constructor(dataConverter: DataConverter = {}) {
    this.codecs = [...(dataConverter.payloadCodecs ?? [])].reverse();
  }

  async values(payloads: Payload[] | null | undefined): Promise<unknown[]> {
    if (!payloads || payloads.length === 0) return [];
    let decoded = payloads;
    for (const codec of this.codecs) decoded = await codec.decode(decoded);
    return decoded.map((payload) => {
      const encoding = Buffer.from(payload.metadata?.encoding ?? new Uint8Array()).toString();
      if (encoding === ENCRYPTED_ENCODING) {
        const keyId = Buffer.from(payload.metadata?.[KEY_ID_METADATA] ?? new Uint8Array()).toString();
        throw new Error(
          `history payloads are encrypted (key "${keyId}"): set SWITCHYARD_CODEC_KEYS or SWITCHYARD_CODEC_KEY_FILE`,
        );
      }
      return defaultPayloadConverter.fromPayload(payload);
    });
  }

  async first(payloads: Payload[] | null | undefined): Promise<unknown> {
    return (await this.values(payloads))[0];
  }

  async failure(failure: ProtoFailure | null | undefined): Promise<DecodedFailure | null> {
    if (!failure) return null;
    let message = failure.message ?? '';
    let stackTrace = failure.stackTrace || null;
    if (failure.encodedAttributes) {
      const attributes = (await this.first([failure.encodedAttributes])) as {
        message?: unknown;
        stack_trace?: unknown;
      };
      if (typeof attributes?.message === 'string') message = attributes.message;
      if (typeof attributes?.stack_trace === 'string') stackTrace = attributes.stack_trace;
    }
    const application = failure.applicationFailureInfo;
    const timeout = failure.timeoutFailureInfo;
    return {
      message,
      type: application
        ? (application.type ?? 'Error')
        : timeout
          ? 'Timeout'
          : failure.canceledFailureInfo
            ? 'Canceled'
            : failure.terminatedFailureInfo
              ? 'Terminated'
              : failure.activityFailureInfo
                ? 'ActivityFailure'
                : 'Failure',
      timeoutType: timeout ? (decodeTimeoutType(timeout.timeoutType) ?? null) : null,
      nonRetryable: application?.nonRetryable ?? false,
      details: await this.values(application?.details?.payloads),
      stackTrace,
      cause: await this.failure(failure.cause),
    };
  }
}

/** Search attribute payloads are never encoded by codecs: the server indexes them. */
export function searchAttributeValues(fields: Record<string, Payload> | null | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [key, payload] of Object.entries(fields ?? {})) {
    try {
      values[key] = defaultPayloadConverter.fromPayload(payload);
    } catch {
      values[key] = null;
    }
  }
  return values;
}
