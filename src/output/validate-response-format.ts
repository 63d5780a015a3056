import { Ajv, type ValidateFunction } from 'ajv';
import type { ResponseFormat } from '../policy/types.js';

const ajv = new Ajv({ allErrors: false, strict: false });
const compiled = new Map<string, ValidateFunction>();

/** The problem of an answer that does not parse as JSON (the one a repair may fix). */
export const NOT_JSON = 'answer is not valid JSON';

/**
 * Checks an answer against a route's response format. Returns null when it conforms, else a short
 * reason (never the answer text). Accepts a JSON answer wrapped in a ```json fence.
 */
export function responseFormatProblem(text: string, format: ResponseFormat): string | null {
  let value: unknown;
  try {
    value = JSON.parse(stripFence(text));
  } catch {
    return NOT_JSON;
  }
  if (!format.schema) return null;
  const key = JSON.stringify(format.schema);
  let validate = compiled.get(key);
  if (!validate) {
    try {
      validate = ajv.compile(format.schema);
    } catch (error) {
      return `route schema does not compile: ${(error as Error).message}`;
    }
    compiled.set(key, validate);
  }
  if (validate(value)) return null;
  const first = validate.errors?.[0];
  return `answer does not match the schema: ${first?.instancePath || '/'} ${first?.message ?? 'is invalid'}`;
}

function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1]! : text;
}
