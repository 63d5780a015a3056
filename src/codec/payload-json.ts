import type { Payload } from '@temporalio/common';

/** A payload as the Temporal Web UI and `temporal` CLI send it: metadata values and data in base64. */
export interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

/** Parses `{payloads:[...]}`; errors name the payload that is malformed. */
export function payloadsFromJson(body: unknown): Payload[] {
  const payloads = (body as { payloads?: unknown } | null)?.payloads;
  if (!Array.isArray(payloads)) throw new Error('body must be {"payloads":[...]}');
  return payloads.map((item, index) => {
    const { metadata, data } = (item ?? {}) as { metadata?: unknown; data?: unknown };
    if (metadata !== undefined && (typeof metadata !== 'object' || metadata === null))
      throw new Error(`payloads[${index}].metadata must be an object of base64 strings`);
    if (data !== undefined && typeof data !== 'string') throw new Error(`payloads[${index}].data must be base64`);
    const decoded: Record<string, Uint8Array> = {};
    for (const [key, value] of Object.entries((metadata ?? {}) as Record<string, unknown>)) {
      if (typeof value !== 'string') throw new Error(`payloads[${index}].metadata.${key} must be base64`);
      decoded[key] = Buffer.from(value, 'base64');
    }
    return { metadata: decoded, data: Buffer.from(data ?? '', 'base64') };
  });
}

/** The inverse of payloadsFromJson. */
export function payloadsToJson(payloads: Payload[]): { payloads: JsonPayload[] } {
  return {
    payloads: payloads.map((payload) => ({
      metadata: Object.fromEntries(
        Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(payload.data ?? new Uint8Array()).toString('base64'),
    })),
  };
}
