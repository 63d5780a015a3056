/** One changed leaf: where, and its value before and after (undefined = absent). */
export interface FieldChange {
  /** Dotted path inside the compared object, e.g. `price.inputPer1M`, `when.intent`. */
  path: string;
  from: unknown;
  to: unknown;
}

/**
 * Leaf-level differences between two plain values. Objects are compared key by key; arrays and scalars
 * as whole values (a list of fallbacks is one fact: its order matters).
 */
export function valueChanges(from: unknown, to: unknown, path = ''): FieldChange[] {
  if (isPlainObject(from) && isPlainObject(to)) {
    const keys = [...new Set([...Object.keys(from), ...Object.keys(to)])];
    return keys.flatMap((key) => valueChanges(from[key], to[key], path ? `${path}.${key}` : key));
  }
  return sameValue(from, to) ? [] : [{ path, from, to }];
}

/** Deep equality of JSON-like values. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => sameValue(a[key], b[key]));
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
