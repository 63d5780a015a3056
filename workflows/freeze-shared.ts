/**
 * Freezes what every workflow of a worker thread shares (workflows/shared-modules.ts), so a workflow that tries
 * to change shared state fails at once instead of leaking it into the next workflow. Temporal's reusable V8
 * context deep-freezes preloaded modules the same way, and skips anything already frozen: this runs first and
 * leaves out two kinds of object that memoize, which a blanket freeze breaks on first use:
 * - zod schemas (an own `_zod`): they define their parsers, bound methods and derived facts lazily, on
 *   themselves. The memo is a pure function of the schema, so sharing it cannot leak one request into another.
 * - objects with a configurable getter (a lazily computed value that replaces itself, e.g. zod's `allowsEval`).
 * Everything reachable through other own properties (data or getters, as webpack's export bindings are) is
 * frozen: constant tables, option objects, functions. Objects that refuse to freeze (typed arrays) are skipped.
 */
export function freezeShared(value: unknown, seen: WeakSet<object> = new WeakSet()): void {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return;
  if (seen.has(value) || Object.isFrozen(value)) return;
  seen.add(value);
  if (typeof value === 'object') {
    if (Object.hasOwn(value, '_zod')) return;
    let memoizes = false;
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (!descriptor) continue;
      if (descriptor.get && descriptor.configurable) {
        memoizes = true;
        continue;
      }
      freezeShared(descriptor.get ? readGetter(value, key) : descriptor.value, seen);
    }
    if (memoizes) return;
  }
  try {
    Object.freeze(value);
  } catch {
    // Typed arrays with elements cannot be frozen; nothing of ours shares one.
  }
}

/** A getter's value, or undefined when reading it throws (an export binding read before its module finished). */
function readGetter(target: object, key: PropertyKey): unknown {
  try {
    return Reflect.get(target, key);
  } catch {
    return undefined;
  }
}
