import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { claimProbeUpdate } from '../../workflows/circuit-messages.js';
import type { CircuitVerdict } from '../policy/circuit-guard.js';
import type { CircuitTarget } from './circuit-target.js';

/** How long a worker waits for the entity's answer to a probe claim, ms. */
export const CLAIM_TIMEOUT_MS = 1000;
/** A probe claim holds for the attempt's timeout plus this, ms (time to report the outcome). */
const CLAIM_MARGIN_MS = 5000;
/** The attempt's timeout when the caller names none, ms. */
const DEFAULT_ATTEMPT_MS = 60_000;

/**
 * Asks the circuit entity of `target` for a half-open probe slot (Update `claimProbe`, docs/circuit-breaker.md).
 * Returns the claim's id with the entity's verdict, or with the error when the entity cannot be reached or does not
 * answer within `timeoutMs` (the caller then falls back to its own limit; the claim may have been granted anyway).
 */
export async function requestProbeClaim(
  client: Client,
  target: CircuitTarget,
  attemptTimeoutMs = DEFAULT_ATTEMPT_MS,
  timeoutMs = CLAIM_TIMEOUT_MS,
): Promise<{ id: string; verdict: CircuitVerdict } | { id: string; error: unknown }> {
  const request = {
    id: randomUUID(),
    model: target.model,
    route: target.route,
    halfOpenProbes: target.settings.halfOpenProbes,
    ttlMs: attemptTimeoutMs + CLAIM_MARGIN_MS,
  };
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The abort cancels a call in flight; the race also bounds the wait for a connection (not abortable).
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Error(`no answer to the probe claim within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    const verdict = await Promise.race([
      client.withAbortSignal(controller.signal, () =>
        client.workflow.getHandle(target.entityId).executeUpdate(claimProbeUpdate, { args: [request] }),
      ),
      timeout,
    ]);
    return { id: request.id, verdict };
  } catch (error) {
    return { id: request.id, error };
  } finally {
    clearTimeout(timer);
  }
}
