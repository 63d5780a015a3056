import { sleep } from '@temporalio/workflow';
import { planForModel, type RoutePlan } from '../src/policy/decide-route.js';
import { type DraftTry, nextDraftStep } from '../src/policy/draft-steps.js';
import type { AttemptRecord } from '../src/policy/types.js';
import type { RouteRun } from './route-run.js';
import { type LadderEnd, runLadder } from './run-ladder.js';

/** A draft reply for the reviewer. */
export interface Draft {
  text: string;
  model: string;
}

/** The draft a parked request gets, or why it has none (`missing`, shown in the review packet). */
export interface DraftOutcome {
  draft: Draft | null;
  /** Why there is no draft; null when there is one. */
  missing: string | null;
}

/**
 * The draft a reviewer sees. A request a provider blocked on content grounds gets none unless the policy opts
 * in (`review.when.draftOnPolicyBlocked`): policy-blocked means no other model sees it. Runs on the folded
 * marker (`run.latestRules`) retry and fall back across the draft models (`writeDraft`); older histories replay
 * the single try they recorded (`firstDraft`).
 */
export async function draftFor(
  run: RouteRun,
  plan: RoutePlan,
  end: Extract<LadderEnd, { kind: 'review' }>,
): Promise<DraftOutcome> {
  if (end.policyBlocked && !run.legacy && !run.policy.review.when.draftOnPolicyBlocked) {
    const reason = 'content-filtered request: no draft model sees it (review.when.draftOnPolicyBlocked is off)';
    run.note({ step: 'review', outcome: 'no-draft', reason });
    return { draft: null, missing: reason };
  }
  if (run.latestRules) return writeDraft(run, plan);
  const draft = await firstDraft(run, plan);
  return { draft, missing: draft ? null : 'the draft model failed or none was usable (see the trail)' };
}

/**
 * Writes a draft the way every attempt is made (docs/review.md#drafts): each try is its own `draft` attempt
 * (one activity, the route's timeouts); a try that failed, timed out or died with its worker is retried or falls
 * back to the next draft model the data class allows (`nextDraftStep`), within the draft deadline (the route's
 * `deadlineMs`, at most the review deadline) and the route's cost cap (checked before every try).
 */
async function writeDraft(run: RouteRun, base: RoutePlan): Promise<DraftOutcome> {
  const { policy } = run;
  if (policy.review.draftModels.length === 0) {
    return { draft: null, missing: 'the policy names no draft models (review.draftModels)' };
  }
  const plans = new Map<string, RoutePlan>();
  const refusals: string[] = [];
  for (const model of policy.review.draftModels) {
    const plan = planForModel(policy, base, model, run.privacy!.dataClass, run.classification!.complexity.inputTokens);
    if (typeof plan === 'string') refusals.push(`${model}: ${plan}`);
    else plans.set(model, plan);
  }
  if (plans.size === 0) {
    const reason = `no draft model usable: ${refusals.join('; ')}`;
    run.note({ step: 'review', outcome: 'no-draft', reason });
    return { draft: null, missing: reason };
  }
  const models = [...plans.keys()];
  const reviewDeadlineMs = run.input.reviewDeadlineMs ?? policy.review.deadline;
  const deadlineMs = Math.min(base.limits.deadlineMs, reviewDeadlineMs);
  const startedAt = Date.now();
  const tries: DraftTry[] = [];
  for (;;) {
    const step = nextDraftStep(models, tries, base.limits, deadlineMs - (Date.now() - startedAt));
    if (step.kind === 'stop') {
      const reason = refusals.length > 0 ? `${step.reason}; not usable: ${refusals.join('; ')}` : step.reason;
      run.note({ step: 'review', outcome: 'no-draft', reason });
      return { draft: null, missing: reason };
    }
    if (tries.length > 0) {
      const outcome = step.model === tries.at(-1)!.model ? 'draft-retry' : 'draft-fallback';
      run.note({ step: 'review', outcome, reason: step.reason });
    }
    if (step.delayMs > 0) {
      run.recordDecisions();
      await sleep(step.delayMs);
    }
    const plan = plans.get(step.model)!;
    const remainingMs = deadlineMs - (Date.now() - startedAt);
    const before = run.attempts.length;
    // One try per ladder (no retries inside): this loop decides retries and fallbacks, so each is a `draft`.
    const limits = { ...plan.limits, retries: 0, deadlineMs: Math.min(plan.limits.deadlineMs, remainingMs) };
    const end = await runLadder(run, { ...plan, limits }, 'draft');
    if (end.kind === 'answer')
      return { draft: { text: run.texts.get(end.attempt.n) ?? '', model: end.attempt.model }, missing: null };
    const attempt = run.attempts.length > before ? run.attempts.at(-1)! : null;
    tries.push(draftTry(step.model, attempt, end.reason));
  }
}

/** A failed draft try as the draft loop sees it (no attempt: the ladder refused the call, e.g. over the cap). */
function draftTry(model: string, attempt: AttemptRecord | null, refusal: string): DraftTry {
  if (attempt === null) {
    return { model, attempted: false, ok: false, errorKind: null, errorType: null, retryAfterMs: null, why: refusal };
  }
  const message = attempt.message ? `: ${attempt.message}` : '';
  return {
    model,
    attempted: true,
    ok: attempt.ok,
    errorKind: attempt.errorKind,
    errorType: attempt.errorType,
    retryAfterMs: attempt.retryAfterMs,
    why: `${attempt.errorType ?? 'failed'}${message}`.slice(0, 200),
  };
}

/** Histories from before the folded marker: the first draft model the data class allows, one try. */
async function firstDraft(run: RouteRun, base: RoutePlan): Promise<Draft | null> {
  const { policy } = run;
  const refusals: string[] = [];
  for (const model of policy.review.draftModels) {
    const plan = planForModel(policy, base, model, run.privacy!.dataClass, run.classification!.complexity.inputTokens);
    if (typeof plan === 'string') {
      refusals.push(`${model}: ${plan}`);
      continue;
    }
    const end = await runLadder(run, { ...plan, limits: { ...plan.limits, retries: 0 } }, 'draft');
    if (end.kind !== 'answer') return null;
    return { text: run.texts.get(end.attempt.n) ?? '', model: end.attempt.model };
  }
  if (refusals.length > 0)
    run.note({ step: 'review', outcome: 'no-draft', reason: `no draft model usable: ${refusals.join('; ')}` });
  return null;
}
