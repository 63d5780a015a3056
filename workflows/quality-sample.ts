import { ParentClosePolicy, startChild } from '@temporalio/workflow';
import { formatDurationMs } from '../src/policy/duration.js';
import { gradeWorkflowId, inGradingSample, routeQuality } from '../src/policy/quality.js';
import { gradeWorkflow } from './grade-answer.js';
import { GRADE_MEMO_KEY } from './grade-messages.js';
import type { Ending, RouteRun } from './route-run.js';

/**
 * Sends a model's answer to the route's grading sample (docs/review.md#grading) when the request's workflow id hashes
 * into `quality.samplePercent`: a `gradeWorkflow` child (ParentClosePolicy ABANDON) holds the answer for a reviewer.
 * The answer waits only for the child's start (it must be confirmed, or the server drops the start when the parent
 * closes first), never for the grade. Runs only on the latest rules (`request-rules-2026-12`): older histories
 * replay without the child.
 */
/** Whether `sampleForGrading` samples this ending (it returns at once otherwise): the same checks, without a wait. */
export function mayBeSampled(run: RouteRun, ending: Ending): boolean {
  if (!run.latestRules || ending.outcome !== 'answered' || ending.answer === null || ending.model === null)
    return false;
  const route = run.plan?.route;
  return route !== undefined && inGradingSample(run.workflowId, routeQuality(run.policy, route).samplePercent);
}

export async function sampleForGrading(run: RouteRun, ending: Ending): Promise<void> {
  if (!run.latestRules || ending.outcome !== 'answered' || ending.answer === null || ending.model === null) return;
  const route = run.plan?.route;
  if (!route) return;
  const quality = routeQuality(run.policy, route);
  if (!inGradingSample(run.workflowId, quality.samplePercent)) return;
  const workflowId = gradeWorkflowId(run.workflowId);
  const reason = `${quality.samplePercent}% sample of route ${route}: grade the answer 0..1`;
  try {
    await startChild(gradeWorkflow, {
      workflowId,
      parentClosePolicy: ParentClosePolicy.ABANDON,
      memo: { [GRADE_MEMO_KEY]: { routeWorkflowId: run.workflowId, route, reason } },
      args: [
        {
          routeWorkflowId: run.workflowId,
          route,
          policyVersion: run.policy.version,
          policyHash: run.policyHash,
          model: ending.model,
          answer: ending.answer,
          samplePercent: quality.samplePercent,
          sampledAt: new Date(Date.now()).toISOString(),
          deadlineMs: quality.gradeDeadlineMs,
          reviewers: [...run.policy.review.reviewers],
          reviewerKeys: run.reviewerKeys,
        },
      ],
    });
    run.note({
      step: 'quality-sample',
      outcome: 'sampled',
      reason: `${reason}; waiting as ${workflowId} (deadline ${formatDurationMs(quality.gradeDeadlineMs)})`,
    });
  } catch (error) {
    run.note({
      step: 'quality-sample',
      outcome: 'not-started',
      reason: `grading workflow ${workflowId} did not start: ${(error as Error).message.slice(0, 200)}`,
    });
  }
}
