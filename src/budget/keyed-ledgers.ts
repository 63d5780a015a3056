import type { Client } from '@temporalio/client';
import { budgetPeriod, ledgerWorkflowId } from '../policy/budget-period.js';
import type { BudgetScope } from '../policy/budget-schema.js';
import { isPerKeyScope } from '../policy/budget-scope.js';

/** Most per-key ledgers listed for one budget or quota. @default 500 */
const MAX_KEYED_LEDGERS = 500;

/** One ledger of a budget or quota in its current period: the whole scope's (`key` null) or one caller's/value's. */
export interface LedgerRef {
  workflowId: string;
  /** The caller or metadata value of a per-key scope; null for a scope with one ledger. */
  key: string | null;
  periodKey: string;
  periodEndMs: number;
}

/**
 * The ledgers of a budget or quota for the period `nowMs` falls in. A per-key scope (`{caller: '*'}`) has one per
 * caller or value, found through Temporal visibility (so one that just started may show a second later); none yet:
 * an empty list.
 */
export async function ledgersOf(
  client: Client,
  entry: { name: string; scope: BudgetScope; period: 'hour' | 'day' | 'month'; timezone: string },
  kind: 'budget' | 'quota',
  nowMs: number,
): Promise<LedgerRef[]> {
  const period = budgetPeriod(entry.period, entry.timezone, nowMs);
  const base = { periodKey: period.key, periodEndMs: period.endMs };
  if (!isPerKeyScope(entry.scope))
    return [{ workflowId: ledgerWorkflowId(entry.name, period.key, '', kind), key: null, ...base }];
  const type = kind === 'budget' ? 'budgetLedgerWorkflow' : 'quotaLedgerWorkflow';
  const prefix = `${kind}-${entry.name}:`;
  const suffix = `/${period.key}`;
  const found = new Map<string, LedgerRef>();
  for await (const execution of client.workflow.list({ query: `WorkflowType = '${type}'` })) {
    const id = execution.workflowId;
    if (!id.startsWith(prefix) || !id.endsWith(suffix) || found.has(id)) continue;
    found.set(id, { workflowId: id, key: decodeURIComponent(id.slice(prefix.length, -suffix.length)), ...base });
    if (found.size >= MAX_KEYED_LEDGERS) break;
  }
  // Code-point order: `~anonymous` and `~none` after every real key.
  return [...found.values()].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : 1));
}
