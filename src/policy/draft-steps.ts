import type { RouteLimits } from './decide-route.js';
import { errorClassOf } from './error-kinds.js';
import { MIN_ATTEMPT_MS } from './ladder-state.js';

/** The error type of a try skipped at an open circuit breaker. */
const CIRCUIT_OPEN = 'CircuitOpen';

/** How one draft try ended, as the draft loop saw it. */
export interface DraftTry {
  model: string;
  /** False when the ladder made no call (the cost cap or a budget refused it). */
  attempted: boolean;
  ok: boolean;
  errorKind: 'transient' | 'permanent' | 'policy-blocked' | null;
  errorType: string | null;
  /** Provider's Retry-After, ms. */
  retryAfterMs: number | null;
  /** Short reason of a failure (error type and message, or the ladder's refusal). */
  why: string;
}

/** What the draft loop does next: call a draft model (after `delayMs`), or stop without a draft. */
export type DraftStep =
  | { kind: 'call'; model: string; delayMs: number; reason: string }
  | { kind: 'stop'; reason: string };

/**
 * The next draft try (docs/review.md#drafts). Draft models are tried in the policy's order (`models`: those the
 * data class and the route's needs allow). A transient failure is retried on the same model up to the route's
 * `retries` (at least once) (after its Retry-After, at most `maxRetryAfterMs`, else `retryDelayMs`) unless `onError` fails its
 * class over at once and another draft model is left; any other failure moves to the next model; a provider's
 * content refusal stops drafting (no other model sees such a request). Every try must fit `remainingMs`, the time
 * left of the draft deadline (the route's deadline, at most the review deadline).
 */
export function nextDraftStep(
  models: readonly string[],
  tries: readonly DraftTry[],
  limits: Pick<RouteLimits, 'retries' | 'retryDelayMs' | 'maxRetryAfterMs' | 'onError'>,
  remainingMs: number,
): DraftStep {
  const last = tries.at(-1);
  if (!last) return callOrStop(models[0], 0, 'draft reply', remainingMs, tries);
  if (last.ok) return { kind: 'stop', reason: 'draft written' };
  if (last.errorKind === 'policy-blocked') return { kind: 'stop', reason: `${last.model} refused: ${last.why}` };
  const index = models.indexOf(last.model);
  const next = models[index + 1];
  // An open circuit breaker (docs/circuit-breaker.md) skipped the call: the next model, no retry.
  if (last.attempted && last.errorKind === 'transient' && last.errorType !== CIRCUIT_OPEN) {
    const onModel = countTrailing(tries, last.model);
    const errorClass = errorClassOf(last.errorType ?? '');
    const failOver = next !== undefined && errorClass !== null && limits.onError[errorClass] === 'fallback';
    const retryAfterTooLong = last.retryAfterMs !== null && last.retryAfterMs > limits.maxRetryAfterMs;
    // At least one retry: a draft that died with its worker (ActivityTimeout) deserves a second try.
    if (onModel <= Math.max(1, limits.retries) && !failOver && !(retryAfterTooLong && next !== undefined)) {
      const delayMs = Math.min(last.retryAfterMs ?? limits.retryDelayMs, limits.maxRetryAfterMs);
      const reason = `draft: transient ${last.errorType} on ${last.model}: retry`;
      return callOrStop(last.model, delayMs, reason, remainingMs, tries);
    }
  }
  if (next === undefined) return { kind: 'stop', reason: noDraftReason(tries) };
  return callOrStop(next, 0, `draft: ${last.model} failed (${last.why}): fall back to ${next}`, remainingMs, tries);
}

/** Why there is no draft after these tries, for the review packet. */
export function noDraftReason(tries: readonly DraftTry[]): string {
  const models = [...new Set(tries.map((attempt) => attempt.model))];
  const failures = tries.filter((attempt) => !attempt.ok).map((attempt) => `${attempt.model}: ${attempt.why}`);
  return `every draft model allowed failed (${models.length} model(s), ${tries.length} try/tries): ${failures.join('; ')}`;
}

function callOrStop(
  model: string | undefined,
  delayMs: number,
  reason: string,
  remainingMs: number,
  tries: readonly DraftTry[],
): DraftStep {
  if (model === undefined) return { kind: 'stop', reason: 'no draft model allowed' };
  if (remainingMs - delayMs < MIN_ATTEMPT_MS) {
    const before = tries.length === 0 ? '' : `; ${noDraftReason(tries)}`;
    return { kind: 'stop', reason: `draft deadline reached (${Math.max(0, remainingMs)} ms left)${before}` };
  }
  return { kind: 'call', model, delayMs, reason };
}

/** How many tries in a row, at the end, went to `model`. */
function countTrailing(tries: readonly DraftTry[], model: string): number {
  let count = 0;
  for (let index = tries.length - 1; index >= 0 && tries[index]!.model === model; index -= 1) count += 1;
  return count;
}
