import { jsonrepair } from 'jsonrepair';
import type { FinishKind, ResponseFormat } from './types.js';

/**
 * `degrade: { mode: partial }` (docs/failover.md#degrade-modes): the best validated partial answer a failed attempt
 * produced. Pure. What counts, exactly:
 * - Sources: the text of failed answer attempts of the request (`run.failedTexts`: an answer that failed the JSON
 *   format or schema, an answer cut at the output cap), newest first. Never the text of a policy-blocked attempt,
 *   of a judge or of a summary.
 * - Prose routes (no `responseFormat`): the text, trimmed, with at least PARTIAL_MIN_CHARS characters.
 * - JSON routes: the text (a ```json fence stripped) repaired with jsonrepair (closes a cut-off object) and parsed.
 *   With a schema whose top level is an object with `properties`: the answer keeps only the declared properties
 *   whose value passes their `type`, `enum` and `const` (one level deeper by the same keywords), and at least one
 *   must remain. With another schema: the whole value must pass those checks. Without a schema: a non-empty object
 *   or array. The answer is the kept value as JSON.
 * The first source that passes is the answer, marked partial; none: the static message.
 */

/** Fewest characters of a prose partial answer. @default 20 */
export const PARTIAL_MIN_CHARS = 20;

/** A failed attempt's text, a partial-answer candidate. */
export interface PartialSource {
  n: number;
  model: string;
  /** The failed attempt's error type (`OutputFormatInvalid`, `OutputTruncated`, …). */
  errorType: string | null;
  text: string;
}

export interface PartialAnswer {
  /** The attempt whose text it is. */
  n: number;
  model: string;
  /** The validated partial answer. */
  text: string;
  /** `length` when the source was cut at the output cap, else `stop`. */
  finish: FinishKind;
  /** JSON routes: top-level fields kept and dropped. */
  kept: string[];
  dropped: string[];
}

/** The first source (newest first) that yields a valid partial answer, or why none did. */
export function bestPartial(
  sources: readonly PartialSource[],
  format: ResponseFormat | null,
): { ok: true; answer: PartialAnswer } | { ok: false; reason: string } {
  const refusals: string[] = [];
  for (const source of sources) {
    const checked = format === null ? proseCheck(source.text) : jsonCheck(source.text, format);
    if ('problem' in checked) {
      refusals.push(`attempt ${source.n}: ${checked.problem}`);
      continue;
    }
    const finish: FinishKind = source.errorType === 'OutputTruncated' ? 'length' : 'stop';
    return { ok: true, answer: { n: source.n, model: source.model, finish, ...checked } };
  }
  if (sources.length === 0) return { ok: false, reason: 'no failed attempt produced text' };
  return { ok: false, reason: refusals.join('; ') };
}

type Checked = { text: string; kept: string[]; dropped: string[] } | { problem: string };

function proseCheck(text: string): Checked {
  const trimmed = text.trim();
  if (trimmed.length < PARTIAL_MIN_CHARS) return { problem: `under ${PARTIAL_MIN_CHARS} characters` };
  return { text: trimmed, kept: [], dropped: [] };
}

function jsonCheck(text: string, format: ResponseFormat): Checked {
  let value: unknown;
  try {
    value = JSON.parse(jsonrepair(stripFence(text)));
  } catch {
    return { problem: 'not JSON, even repaired' };
  }
  const schema = format.schema;
  if (schema && isObject(schema.properties) && (schema.type === undefined || schema.type === 'object')) {
    if (!isObject(value)) return { problem: 'not a JSON object' };
    const properties = schema.properties;
    const kept: Record<string, unknown> = {};
    const dropped: string[] = [];
    for (const [key, field] of Object.entries(value)) {
      if (key in properties && valueMatches(field, properties[key], 1)) kept[key] = field;
      else dropped.push(key);
    }
    const keys = Object.keys(kept);
    if (keys.length === 0) return { problem: 'no field valid under the schema' };
    return { text: JSON.stringify(kept), kept: keys, dropped };
  }
  if (schema && !valueMatches(value, schema, 1)) return { problem: 'does not match the schema' };
  const empty = Array.isArray(value) ? value.length === 0 : isObject(value) ? Object.keys(value).length === 0 : false;
  if (empty || value === null || (typeof value !== 'object' && !schema)) return { problem: 'empty or not an object' };
  return { text: JSON.stringify(value), kept: [], dropped: [] };
}

/** `type`, `enum` and `const` of a JSON Schema; nested properties and items by type, `depth` levels down. */
export function valueMatches(value: unknown, schema: unknown, depth: number): boolean {
  if (!isObject(schema)) return true;
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) return false;
  if (Array.isArray(schema.enum) && !schema.enum.some((item) => JSON.stringify(item) === JSON.stringify(value)))
    return false;
  const types = typeof schema.type === 'string' ? [schema.type] : Array.isArray(schema.type) ? schema.type : null;
  if (types && !types.some((type) => typeMatches(value, type))) return false;
  if (depth <= 0) return true;
  if (isObject(value) && isObject(schema.properties)) {
    const properties = schema.properties;
    return Object.entries(value).every(
      ([key, item]) => !(key in properties) || valueMatches(item, properties[key], depth - 1),
    );
  }
  if (Array.isArray(value) && isObject(schema.items))
    return value.every((item) => valueMatches(item, schema.items, depth - 1));
  return true;
}

function typeMatches(value: unknown, type: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isObject(value);
    default:
      return true;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)(?:\n?```\s*)?$/i.exec(text);
  return fenced ? fenced[1]! : text;
}
