import { Ajv } from 'ajv';

/** Same options as the worker's answer validator (src/output/validate-response-format.ts), so what compiles here compiles there. */
const ajv = new Ajv({ allErrors: false, strict: false });

/**
 * Why a caller's `response_format` JSON Schema does not compile, or null. Checked at the edge: a schema
 * the worker cannot compile would fail every paid attempt before the request degrades. The compiled
 * schema is dropped again, so callers' schemas neither pile up in memory nor clash by `$id`.
 */
export function jsonSchemaProblem(schema: Record<string, unknown>): string | null {
  try {
    ajv.compile(schema);
    return null;
  } catch (error) {
    return String((error as Error).message)
      .split('\n')[0]!
      .slice(0, 300);
  } finally {
    ajv.removeSchema(schema);
  }
}
