import { setHandler, workflowInfo } from '@temporalio/workflow';
import { decideRoute } from '../src/policy/decide-route.js';
import { precheckEntry, routeEntry } from '../src/policy/trail-text.js';
import type { RouteResult } from '../src/policy/types.js';
import { validateRequest } from '../src/policy/validate-request.js';
import { inspectRequest } from './inspect-request.js';
import { getRouteStatusQuery } from './messages.js';
import { ReviewGate } from './review-gate.js';
import { RouteRun } from './route-run.js';
import { runLadder } from './run-ladder.js';
import { settle } from './settle.js';
import type { RouteWorkflowInput } from './types.js';

/**
 * Routes one request: validate → classify + privacy → decide route (pure policy) → failure ladder
 * (primary, retry, fallbacks) → answer, degrade, or human review. The history is the audit log.
 */
export async function routeRequestWorkflow(input: RouteWorkflowInput): Promise<RouteResult> {
  const run = new RouteRun(input, workflowInfo().workflowId, Date.now());
  setHandler(getRouteStatusQuery, () => run.status());
  const gate = new ReviewGate(run);
  const { request, policy } = input;

  const problems = validateRequest(request, policy);
  if (problems.length > 0)
    return run.finish({ outcome: 'rejected', answer: null, model: null, reason: problems.join('; ') });
  run.note({ step: 'validate', outcome: 'ok', reason: `${request.messages.length} message(s)` });

  await inspectRequest(run);
  const classification = run.classification!;
  const privacy = run.privacy!;

  run.phase = 'routing';
  const facts = { classification, dataClass: privacy.dataClass, metadata: request.metadata ?? {} };
  const decision = decideRoute(policy, request, facts);
  if (decision.kind === 'reject')
    return run.finish({ outcome: 'rejected', answer: null, model: null, reason: decision.reason });
  const plan = decision.plan;
  run.plan = plan;
  run.note(routeEntry(plan));
  run.note(precheckEntry(plan));
  run.tag({ route: plan.route, dataClass: privacy.dataClass, intent: classification.intent });

  const end = plan.upfrontReview
    ? ({ kind: 'review', reason: plan.upfrontReview } as const)
    : await runLadder(run, plan);
  return run.finish(await settle(run, gate, plan, end));
}
