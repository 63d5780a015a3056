import { planForModel, type RoutePlan } from './decide-route.js';
import { DEFAULT_DEGRADE_INSTRUCTION, DEFAULT_DEGRADE_MAX_OUTPUT_TOKENS } from './degrade-defaults.js';
import type { DegradeConfig } from './degrade-schema.js';
import { MIN_ATTEMPT_MS } from './ladder-state.js';
import type { Policy } from './schema.js';
import type { DataClass } from './types.js';

/**
 * The plan of a reduced-scope degrade (docs/failover.md#degrade-modes): one short ladder on `degrade.model` with the
 * instruction as the system prompt, no retries, the degrade output cap, prose (no response format, no tools), and
 * the deadline the request has left. The model must pass the same checks as any candidate (privacy and regions of
 * the data class, context window); the ladder checks the cost cap against what the request has spent. Returns why
 * not when it may not run.
 */
export function reducedScopePlan(
  policy: Policy,
  base: RoutePlan,
  degrade: DegradeConfig,
  request: { dataClass: DataClass; inputTokens: number; elapsedMs: number },
): RoutePlan | string {
  if (degrade.model === undefined) return 'no degrade.model';
  if (base.needsTools === true) return 'the request calls tools; a reduced-scope task offers none';
  const deadlineMs = base.limits.deadlineMs - request.elapsedMs;
  if (deadlineMs < MIN_ATTEMPT_MS) return `deadline of ${base.limits.deadlineMs} ms reached`;
  const maxOutputTokens = Math.min(
    degrade.maxOutputTokens ?? DEFAULT_DEGRADE_MAX_OUTPUT_TOKENS,
    base.limits.maxOutputTokens,
  );
  const reduced: RoutePlan = {
    ...base,
    limits: { ...base.limits, retries: 0, maxOutputTokens, deadlineMs },
    responseFormat: null,
    system: degrade.instruction ?? DEFAULT_DEGRADE_INSTRUCTION,
    upfrontReview: null,
  };
  const { degrade: _degrade, ...plan } = reduced;
  return planForModel(policy, plan, degrade.model, request.dataClass, request.inputTokens);
}
