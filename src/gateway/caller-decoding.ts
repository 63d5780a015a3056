import { z } from 'zod';
import { DECODING_RANGES } from '../policy/decoding-ranges.js';
import type { RouteRequest } from '../policy/types.js';

const { temperature, stopCount, stopChars } = DECODING_RANGES;

/**
 * OpenAI's decoding fields as the gateway reads them (Chat Completions; Responses has temperature and top_p), with
 * the router's ranges: a value outside them is a 400 naming the field. Whether they reach a model is the route's
 * `callerDecoding` (docs/gateway.md#decoding-parameters).
 */
export const OpenAIDecodingShape = {
  temperature: z
    .number()
    .min(temperature.min, 'must be within 0..2')
    .max(temperature.max, 'must be within 0..2')
    .nullable()
    .optional(),
  top_p: z
    .number()
    .gt(0, 'must be above 0 and at most 1')
    .max(1, 'must be above 0 and at most 1')
    .nullable()
    .optional(),
  /** A string or up to 4 strings (a string is one stop sequence). */
  stop: z.preprocess(
    (value) => (typeof value === 'string' ? [value] : value),
    z
      .array(z.string().min(1, 'may not be empty').max(stopChars, `at most ${stopChars} characters`))
      .max(stopCount, `at most ${stopCount} stop sequences`)
      .nullable()
      .optional(),
  ),
  seed: z
    .number()
    .int('must be an integer')
    .min(Number.MIN_SAFE_INTEGER)
    .max(Number.MAX_SAFE_INTEGER)
    .nullable()
    .optional(),
};

type OpenAIDecoding = { [K in keyof typeof OpenAIDecodingShape]?: z.output<(typeof OpenAIDecodingShape)[K]> };

/** The caller's decoding values as the router names them (`RouteRequest.decoding`), or null when none was sent. */
export function callerDecoding(fields: OpenAIDecoding): RouteRequest['decoding'] | null {
  const stop = fields.stop ?? [];
  const decoding = {
    ...(typeof fields.temperature === 'number' ? { temperature: fields.temperature } : {}),
    ...(typeof fields.top_p === 'number' ? { topP: fields.top_p } : {}),
    ...(stop.length > 0 ? { stop } : {}),
    ...(typeof fields.seed === 'number' ? { seed: fields.seed } : {}),
  };
  return Object.keys(decoding).length > 0 ? decoding : null;
}
