import type { ConnectionLike } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_KEYS } from './search-attributes.js';

const { temporal } = proto; // CommonJS package: named imports do not resolve under ESM

const INDEXED_TYPES: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/**
 * Makes sure Switchyard's search attributes exist on the namespace, registering missing ones (works on
 * dev servers and self-hosted clusters). Returns false, with a warning, when they are missing and cannot
 * be added (e.g. Temporal Cloud without admin rights): routing then runs without them.
 */
export async function ensureSearchAttributes(connection: ConnectionLike, namespace: string): Promise<boolean> {
  try {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    const existing = new Set([
      ...Object.keys(listed.customAttributes ?? {}),
      ...Object.keys(listed.systemAttributes ?? {}),
    ]);
    const missing = SEARCH_ATTRIBUTE_KEYS.filter((key) => !existing.has(key.name));
    if (missing.length === 0) return true;
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPES[key.type]!])),
    });
    return true;
  } catch (error) {
    console.warn(
      `switchyard: search attributes unavailable on namespace ${namespace} (${(error as Error).message.split('\n')[0]}); ` +
        'routing continues without them. Register them as described in the README.',
    );
    return false;
  }
}
