import type { ConnectionLike } from '@temporalio/client';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTE_KEYS } from './search-attributes.js';
import { serverReason } from './service-error.js';

const { temporal } = proto; // CommonJS package: named imports do not resolve under ESM

const INDEXED_TYPES: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  KEYWORD: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  BOOL: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
};

/** The part of a connection registration needs (a seam for tests). */
export type SearchAttributeConnection = {
  operatorService: Pick<ConnectionLike['operatorService'], 'listSearchAttributes' | 'addSearchAttributes'>;
};

export interface EnsureSearchAttributesOptions {
  /** How long to wait for newly added attributes to be served, ms. @default 30000 */
  timeoutMs?: number;
  /** Pause between polls while waiting, ms. @default 250 */
  pollMs?: number;
  /** @default setTimeout */
  sleep?: (ms: number) => Promise<void>;
  /** Where the "unavailable" warning goes. @default console.warn */
  warn?: (message: string) => void;
}

/**
 * Makes sure Switchyard's search attributes exist on the namespace, registering missing ones (works on
 * dev servers and self-hosted clusters), and waits — up to `timeoutMs` — until the server lists every one
 * of them: a self-hosted server maps new attributes to the namespace asynchronously and refuses workflows
 * that set them until then (`Namespace … has no mapping defined for search attribute …`). Returns false,
 * with a warning, when they are missing and cannot be added (e.g. Temporal Cloud without admin rights) or
 * are still not served at the deadline: routing then runs without them.
 */
export async function ensureSearchAttributes(
  connection: SearchAttributeConnection,
  namespace: string,
  options: EnsureSearchAttributesOptions = {},
): Promise<boolean> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const pollMs = options.pollMs ?? 250;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const warn = options.warn ?? ((message: string) => console.warn(message));
  const missingNow = async () => {
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    const existing = new Set([
      ...Object.keys(listed.customAttributes ?? {}),
      ...Object.keys(listed.systemAttributes ?? {}),
    ]);
    return SEARCH_ATTRIBUTE_KEYS.filter((key) => !existing.has(key.name));
  };
  try {
    const missing = await missingNow();
    if (missing.length === 0) return true;
    try {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_TYPES[key.type]!])),
      });
    } catch (error) {
      // Another client may have added them in the meantime (ALREADY_EXISTS): only a still-missing one is fatal.
      if ((await missingNow()).length > 0) throw error;
      return true;
    }
    // Poll until served (a bounded number of polls: the sleep may be faked).
    const polls = Math.max(1, Math.ceil(timeoutMs / Math.max(1, pollMs)));
    let still = missing;
    for (let poll = 0; poll < polls; poll++) {
      still = await missingNow();
      if (still.length === 0) return true;
      await sleep(pollMs);
    }
    warn(
      `switchyard: search attributes ${still.map((key) => key.name).join(', ')} were registered on namespace ${namespace} ` +
        `but are still not served after ${timeoutMs} ms; routing continues without them.`,
    );
    return false;
  } catch (error) {
    warn(
      `switchyard: search attributes unavailable on namespace ${namespace} (${serverReason(error)}); ` +
        'routing continues without them. Register them as described in the README.',
    );
    return false;
  }
}
