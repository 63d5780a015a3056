import { z } from 'zod';

/**
 * JSON checks of the answer verifier, on zod (already in the workflow bundle): a verifier schema is read with
 * `z.fromJSONSchema`, so the check runs in workflow code without a second validator package.
 */

/** Why a verifier's JSON Schema cannot be used, or null when zod reads it. */
export function jsonSchemaProblem(schema: Record<string, unknown>): string | null {
  try {
    z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
    return null;
  } catch (error) {
    return `JSON Schema not usable: ${String((error as Error)?.message ?? error).slice(0, 200)}`;
  }
}

/** Why the answer fails the JSON check (never quoting the answer), or null when it passes. */
export function jsonAnswerProblem(text: string, schema: Record<string, unknown> | undefined): string | null {
  let value: unknown;
  try {
    value = JSON.parse(stripFence(text));
  } catch {
    return 'answer is not valid JSON';
  }
  if (schema === undefined) return null;
  let reader: z.ZodType;
  try {
    reader = z.fromJSONSchema(schema as Parameters<typeof z.fromJSONSchema>[0]);
  } catch {
    return 'verifier schema is not usable';
  }
  const parsed = reader.safeParse(value);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0];
  return `answer does not match the schema: /${issue?.path.join('/') ?? ''} ${issue?.message ?? 'is invalid'}`;
}

/** A JSON answer may come wrapped in a ```json fence, as in the route's response-format check. */
function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*\n([\s\S]*?)\n?```\s*$/i.exec(text);
  return fenced ? fenced[1]! : text;
}
