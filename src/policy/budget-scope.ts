import type { BudgetConfig, BudgetScope } from './budget-schema.js';

/** What a budget scope can match on for one attempt. */
export interface BudgetFacts {
  route: string;
  model: string;
  provider: string;
  /** Verified caller name, or null (anonymous). */
  caller: string | null;
  /** The request's metadata (only keys declared in `access.metadataKeys` may be named by a scope). */
  metadata: Readonly<Record<string, string>>;
}

/** True when the scope covers an attempt with these facts. */
export function scopeMatches(scope: BudgetScope, facts: BudgetFacts): boolean {
  if (scope === 'all') return true;
  if ('route' in scope) return scope.route === facts.route;
  if ('model' in scope) return scope.model === facts.model;
  if ('provider' in scope) return scope.provider === facts.provider;
  if ('caller' in scope) return facts.caller !== null && scope.caller === facts.caller;
  const [key, value] = Object.entries(scope.metadata)[0] ?? [];
  return key !== undefined && facts.metadata[key] === value;
}

/** The budgets an attempt counts against, in policy order. */
export function budgetsFor(budgets: readonly BudgetConfig[], facts: BudgetFacts): BudgetConfig[] {
  return budgets.filter((budget) => scopeMatches(budget.scope, facts));
}

/** Short label of a scope for tables and logs, e.g. `all`, `route=faq`, `metadata.team=support`. */
export function scopeLabel(scope: BudgetScope): string {
  if (scope === 'all') return 'all';
  if ('metadata' in scope) return Object.entries(scope.metadata).map(([key, value]) => `metadata.${key}=${value}`)[0]!;
  const [key, value] = Object.entries(scope)[0]!;
  return `${key}=${value}`;
}
