import type { AttemptRecord, RouteResult } from '../policy/types.js';

/** One provider's part of the traffic and spend in a report window. Shares are fractions 0..1. */
export interface ProviderConcentrationRow {
  provider: string;
  /** Attempts sent to the provider (every role, classifier calls included; skips at an open circuit excluded). */
  attempts: number;
  /** attempts / all attempts sent (0 when none were). */
  attemptShare: number;
  /** Requests whose answer came from one of the provider's models. */
  answered: number;
  /** answered / all requests answered by a model (0 when none were). */
  answeredShare: number;
  /** Sum of the provider's attempt costs, USD. */
  spendUsd: number;
  /** spendUsd / all attempt spend (0 when nothing was spent). */
  spendShare: number;
}

/** The error type of an attempt skipped at an open circuit breaker: it never reached the provider. */
const CIRCUIT_OPEN = 'CircuitOpen';

/**
 * Vendor concentration over finished results: per provider, its share of attempts, of requests answered and of
 * spend. Rows sorted by attempts, then spend, then name. Pure.
 */
export function computeProviderConcentration(results: readonly RouteResult[]): ProviderConcentrationRow[] {
  const totals = new Map<string, { attempts: number; answered: number; spendUsd: number }>();
  const totalOf = (provider: string) => {
    let total = totals.get(provider);
    if (!total) {
      total = { attempts: 0, answered: 0, spendUsd: 0 };
      totals.set(provider, total);
    }
    return total;
  };
  for (const result of results) {
    for (const attempt of result.attempts) {
      if (attempt.errorType === CIRCUIT_OPEN) continue;
      const total = totalOf(attempt.provider);
      total.attempts += 1;
      total.spendUsd += attempt.costUsd;
    }
    const answering = answeringAttempt(result);
    if (answering) totalOf(answering.provider).answered += 1;
  }
  const rows = [...totals.entries()].map(([provider, total]) => ({ provider, ...total }));
  const attempts = sum(rows.map((row) => row.attempts));
  const answered = sum(rows.map((row) => row.answered));
  const spendUsd = sum(rows.map((row) => row.spendUsd));
  return rows
    .map((row) => ({
      provider: row.provider,
      attempts: row.attempts,
      attemptShare: share(row.attempts, attempts),
      answered: row.answered,
      answeredShare: share(row.answered, answered),
      spendUsd: row.spendUsd,
      spendShare: share(row.spendUsd, spendUsd),
    }))
    .sort((a, b) => b.attempts - a.attempts || b.spendUsd - a.spendUsd || a.provider.localeCompare(b.provider));
}

/** The attempt whose answer the request returned: the last successful one of the answering model, if any. */
function answeringAttempt(result: RouteResult): AttemptRecord | undefined {
  if (result.model === null || result.answer === null) return undefined;
  return result.attempts.findLast(
    (attempt) => attempt.ok && attempt.model === result.model && attempt.role !== 'classify',
  );
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);
const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
