import { ApplicationFailure, setHandler, workflowInfo } from '@temporalio/workflow';
import { decideRoute } from '../src/policy/decide-route.js';
import { legacyRequestProblems } from '../src/policy/legacy-request-rules.js';
import { precheckEntry, routeEntry } from '../src/policy/trail-text.js';
import type { RouteResult } from '../src/policy/types.js';
import { ENCRYPTION_REQUIRED, isUnencryptedPayload } from '../src/policy/unencrypted-payload.js';
import { lookupCachedAnswer, NO_CACHE, routeHasCache, storeAnswer } from './answer-cache.js';
import { BUDGET_LEDGER_PATCH } from './budget-guard.js';
import { DecisionLog } from './decision-log.js';
import { noteUnadoptedAttempt } from './first-attempt.js';
import { inspectedAhead, inspectRequest } from './inspect-request.js';
import { getRouteStatusQuery } from './messages.js';
import { mayBeSampled, sampleForGrading } from './quality-sample.js';
import { QUOTA_LEDGER_PATCH } from './quota-guard.js';
import { askRequestRules, laterPatch } from './request-rules.js';

import { ReviewGate } from './review-gate.js';
import { LOCALE_SEGMENTS_PATCH } from './route-locale.js';
import type { Ending } from './route-run.js';
import { RouteRun } from './route-run.js';
import { runLadder } from './run-ladder.js';
import { answered, settle } from './settle.js';
import { recordShadow } from './shadow-step.js';
import { startWithWorkerPolicy } from './start-request.js';
import type { LegacyRouteWorkflowInput, RouteWorkflowInput } from './types.js';

/**
 * Routes one request: resolve the worker's policy → classify + privacy → decide route (pure policy) →
 * failure ladder (primary, retry, fallbacks) → answer, degrade, or human review. The history is the audit log.
 */
export async function routeRequestWorkflow(input: RouteWorkflowInput | LegacyRouteWorkflowInput): Promise<RouteResult> {
  // A worker holding codec keys sees this stand-in for a payload that arrived in plain text (src/codec).
  if (isUnencryptedPayload(input)) {
    throw ApplicationFailure.nonRetryable(
      'this worker requires encrypted payloads: configure the client with the same codec keys (SWITCHYARD_CODEC_KEYS)',
      ENCRYPTION_REQUIRED,
    );
  }
  const run = new RouteRun(input, workflowInfo().workflowId, Date.now());
  setHandler(getRouteStatusQuery, () => run.status());
  const gate = new ReviewGate(run);
  // Patch checks come first, before any await, so their markers land in the first workflow task on every
  // run and replay (a patched() call after a local activity can fall into another task on replay). New runs
  // record no marker (workflows/request-rules.ts); older histories answer the folded one or each earlier patch.
  const rules = askRequestRules(input);
  run.latestRules = rules.latest;
  run.failoverByKind = rules.failoverByKind;
  run.decisionLog = rules.decisions ? new DecisionLog() : null;
  run.difficultyRouting = rules.difficultyRouting;
  // Changed after the first releases (docs/workflow-changes.md): the worker resolves its own policy;
  // histories from before carry the policy in their input and replay the old path.
  const refused = rules.workerPolicy ? await startWithWorkerPolicy(run) : startLegacy(run);
  if (refused) return finished(run, refused);
  const { request, policy } = run;
  // Budgets came after every recorded history without them: the patch is asked only when the policy has some.
  run.budgets = (policy.budgets?.length ?? 0) > 0 && laterPatch(run, BUDGET_LEDGER_PATCH);
  run.quotas = (policy.quotas?.length ?? 0) > 0 && laterPatch(run, QUOTA_LEDGER_PATCH);
  // Locale routing came later too (docs/workflow-changes.md): asked only when a route matches on locale.
  const byLocale =
    policy.routes.some((route) => route.when?.locale !== undefined) && laterPatch(run, LOCALE_SEGMENTS_PATCH);

  // Each await in workflow code costs a promise and its stack capture (the SDK's promise hook): the fast path's
  // common case runs these steps without one when nothing in them waits (docs/benchmarks.md, issue 19).
  if (!inspectedAhead(run)) await inspectRequest(run, rules.inspectOnce);
  const classification = run.classification!;
  const privacy = run.privacy!;

  run.phase = 'routing';
  const facts = {
    classification,
    dataClass: privacy.dataClass,
    metadata: request.metadata ?? {},
    ...(byLocale && classification.locale !== undefined ? { locale: classification.locale } : {}),
  };
  // Conversation review rules (docs/review.md), prompt fitting and degrade modes (docs/failover.md) came with the
  // folded marker: older histories decide without them.
  const decision = decideRoute(policy, request, facts, {
    failoverByKind: run.failoverByKind,
    conversationRules: run.latestRules,
    fitPrompt: run.latestRules,
  });
  if (rules.shadow) recordShadow(run, decision); // decides only when resolvePolicy recorded a shadow policy
  if (decision.kind === 'reject')
    return finished(run, { outcome: 'rejected', answer: null, model: null, reason: decision.reason });
  const plan = decision.plan;
  run.plan = plan;
  run.note(routeEntry(plan));
  run.note(precheckEntry(plan));
  run.tag({ route: plan.route, dataClass: privacy.dataClass, intent: classification.intent });

  // Answer cache (docs/router.md): only with the difficulty-routing patch and a route that asks for it.
  const cached = run.difficultyRouting && routeHasCache(run, plan) ? await lookupCachedAnswer(run, plan) : NO_CACHE;
  if (cached.hit) return finished(run, cached.hit);
  // A first attempt made ahead that answered needs no wait: runLadder returns its end without a promise.
  const laddered = plan.upfrontReview
    ? ({ kind: 'review', reason: plan.upfrontReview } as const)
    : runLadder(run, plan);
  const end = laddered instanceof Promise ? await laddered : laddered;
  const ending = end.kind === 'answer' ? answered(run, end, 'answered') : await settle(run, gate, plan, end);
  if (cached.slot) await storeAnswer(run, cached.slot, end, ending);
  if (mayBeSampled(run, ending)) await sampleForGrading(run, ending); // latest rules only (docs/review.md#grading)
  return finished(run, ending);
}

/** The result, once a first attempt made ahead and never taken up is in the trail (workflows/first-attempt.ts). */
function finished(run: RouteRun, ending: Ending): RouteResult {
  noteUnadoptedAttempt(run);
  return run.finish(ending);
}

/** Histories recorded before workers owned their policies: the policy came in the input. */
function startLegacy(run: RouteRun): Ending | null {
  const input = run.input as LegacyRouteWorkflowInput;
  run.legacy = true;
  run.policy = input.policy;
  run.policyHash = input.policyHash;
  const problems = legacyRequestProblems(input.request, input.policy);
  if (problems.length > 0) return { outcome: 'rejected', answer: null, model: null, reason: problems.join('; ') };
  run.note({ step: 'validate', outcome: 'ok', reason: `${input.request.messages.length} message(s)` });
  return null;
}
