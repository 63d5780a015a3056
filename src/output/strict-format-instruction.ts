import type { ResponseFormat } from '../policy/types.js';

/** First line of the stricter format instruction an adjusted retry adds (`adjustedRetry.strictFormat`). */
export const STRICT_FORMAT_INSTRUCTION =
  'Your previous answer was not in the required format. Reply with exactly one valid JSON value and nothing else: ' +
  'no prose, no code fences, no comments, double-quoted keys and strings, no trailing commas.';

/** The instruction for a format, with its JSON Schema when it has one (sent as a system message). */
export function strictFormatInstruction(format: ResponseFormat): string {
  if (!format.schema) return STRICT_FORMAT_INSTRUCTION;
  return `${STRICT_FORMAT_INSTRUCTION}\nIt must validate against this JSON Schema: ${JSON.stringify(format.schema)}`;
}
