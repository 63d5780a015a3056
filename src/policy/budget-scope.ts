import type { BudgetScope } from './budget-schema.js';

/** What a budget or quota scope can match on for one attempt. */
export interface BudgetFacts {
  route: string;
  model: string;
  provider: string;
  /** Verified caller name, or null (anonymous). */
  caller: string | null;
  /** The request's metadata (only keys declared in `access.metadataKeys` may be named by a scope). */
  metadata: Readonly<Record<string, string>>;
}

/** The facts of one call to `candidate` on `route` for a request with this caller and metadata. */
export function callScope(
  route: string,
  candidate: { model: string; provider: string },
  caller: string | null,
  metadata: Readonly<Record<string, string>> | undefined,
): BudgetFacts {
  return { route, model: candidate.model, provider: candidate.provider, caller, metadata: metadata ?? {} };
}

/** The per-caller key of unverified requests (`~` never appears in a caller name). */
export const ANONYMOUS_KEY = '~anonymous';
/** The per-value key of requests without the metadata key a `'*'` scope names. */
export const NO_VALUE_KEY = '~none';

/**
 * Which ledger of a scope an attempt counts on: null when the scope does not cover it, `''` for a scope with one
 * ledger, else the caller or metadata value of a per-key (`'*'`) scope.
 */
export function scopeKey(scope: BudgetScope, facts: BudgetFacts): string | null {
  if (scope === 'all') return '';
  if ('route' in scope) return scope.route === facts.route ? '' : null;
  if ('model' in scope) return scope.model === facts.model ? '' : null;
  if ('provider' in scope) return scope.provider === facts.provider ? '' : null;
  if ('caller' in scope) {
    if (scope.caller === '*') return facts.caller ?? ANONYMOUS_KEY;
    return facts.caller !== null && scope.caller === facts.caller ? '' : null;
  }
  const [key, value] = Object.entries(scope.metadata)[0] ?? [];
  if (key === undefined) return null;
  if (value === '*') return facts.metadata[key] ?? NO_VALUE_KEY;
  return facts.metadata[key] === value ? '' : null;
}

/** True when the scope covers an attempt with these facts. */
export function scopeMatches(scope: BudgetScope, facts: BudgetFacts): boolean {
  return scopeKey(scope, facts) !== null;
}

/** The entries (budgets or quotas) an attempt counts against, in policy order, each with its ledger key. */
export function budgetsFor<T extends { scope: BudgetScope }>(
  entries: readonly T[],
  facts: BudgetFacts,
): (T & { key: string })[] {
  return entries.flatMap((entry) => {
    const key = scopeKey(entry.scope, facts);
    return key === null ? [] : [{ ...entry, key }];
  });
}

/** Short label of a scope for tables and logs, e.g. `all`, `route=faq`, `metadata.team=support`, `caller=*`. */
export function scopeLabel(scope: BudgetScope): string {
  if (scope === 'all') return 'all';
  if ('metadata' in scope) return Object.entries(scope.metadata).map(([key, value]) => `metadata.${key}=${value}`)[0]!;
  const [key, value] = Object.entries(scope)[0]!;
  return `${key}=${value}`;
}

/** True for a per-key scope (`{caller: '*'}`, `{metadata: {k: '*'}}`): one ledger per caller or value. */
export function isPerKeyScope(scope: BudgetScope): boolean {
  if (scope === 'all') return false;
  if ('caller' in scope) return scope.caller === '*';
  if ('metadata' in scope) return Object.values(scope.metadata)[0] === '*';
  return false;
}
