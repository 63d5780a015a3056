import { Counter, Gauge, Registry } from 'prom-client';

/**
 * Budget metrics of this process (merge `budgetRegistry` into the worker's metrics endpoint with
 * `Registry.merge`):
 * - `switchyard_budget_alerts_total{budget,threshold}`: alerts sent (each threshold once per budget and period)
 * - `switchyard_budget_spent_usd{budget,period}` / `switchyard_budget_reserved_usd{budget,period}`: last seen by
 *   this process's reservations and commits, USD
 */
export const budgetRegistry = new Registry();

export const budgetAlerts = new Counter({
  name: 'switchyard_budget_alerts_total',
  help: 'Budget alerts sent, by budget and threshold (fraction of the limit)',
  labelNames: ['budget', 'threshold'] as const,
  registers: [budgetRegistry],
});

export const budgetSpent = new Gauge({
  name: 'switchyard_budget_spent_usd',
  help: 'Committed spend of a budget in its current period, USD (as last seen by this process)',
  labelNames: ['budget', 'period'] as const,
  registers: [budgetRegistry],
});

export const budgetReserved = new Gauge({
  name: 'switchyard_budget_reserved_usd',
  help: 'Open reservations of a budget in its current period, USD (as last seen by this process)',
  labelNames: ['budget', 'period'] as const,
  registers: [budgetRegistry],
});
