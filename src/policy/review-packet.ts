import type { AttemptRecord } from './types.js';

/** Longest failed answer text kept in a review packet, characters (the rest is cut, marked with `…`). */
export const MAX_FAILED_OUTPUT_CHARS = 16_000;
/** Most failed outputs in a review packet (the latest are kept). */
export const MAX_FAILED_OUTPUTS = 20;

/** A failed attempt as a reviewer sees it: what the model produced (if anything) and why it did not count. */
export interface FailedOutput {
  /** Policy model key. */
  model: string;
  /** The answer text the model produced (e.g. prose where JSON was required), or null when it produced none. */
  text: string | null;
  /** Why the attempt failed: error type and short message (`OutputFormatInvalid: answer is not JSON`). */
  error: string;
  /** Attempt number within the request. */
  attempt: number;
  /** Why the model was called (primary, retry, fallback, draft…). */
  role: AttemptRecord['role'];
}

/**
 * Every failed attempt of a request, in order, with the text it produced (a format failure's answer, kept in
 * `failedTexts` by attempt number) and its error. Attempts skipped at an open circuit breaker never reached a
 * provider and are left out. At most MAX_FAILED_OUTPUTS, each text at most MAX_FAILED_OUTPUT_CHARS.
 */
export function failedOutputsOf(
  attempts: readonly AttemptRecord[],
  failedTexts: ReadonlyMap<number, string>,
): FailedOutput[] {
  return attempts
    .filter((attempt) => !attempt.ok && attempt.errorType !== 'CircuitOpen')
    .slice(-MAX_FAILED_OUTPUTS)
    .map((attempt) => {
      const text = failedTexts.get(attempt.n) ?? null;
      const message = attempt.message ? `: ${attempt.message}` : '';
      return {
        model: attempt.model,
        text:
          text !== null && text.length > MAX_FAILED_OUTPUT_CHARS ? `${text.slice(0, MAX_FAILED_OUTPUT_CHARS)}…` : text,
        error: `${attempt.errorType ?? 'Unknown'}${message}`,
        attempt: attempt.n,
        role: attempt.role,
      };
    });
}
