import { ApplicationFailure, condition, log, setHandler } from '@temporalio/workflow';
import { gradeDecisionProblem } from '../src/policy/grade-decision.js';
import type { GradeDecision } from '../src/policy/grade-schema.js';
import { canonicalPrincipal } from '../src/policy/signatures.js';
import { getGradeStatusQuery, gradeAnswerUpdate } from './grade-messages.js';
import type { GradeInput, GradeResult, RecordedGrade } from './grade-types.js';

/** Refused grades logged in full; later ones only every 100th (a flood cannot fill the worker's log). */
const LOGGED_REFUSALS = 5;

/**
 * Holds one sampled answer until a reviewer grades it (docs/review.md#grading), id `grade-<routing workflow id>`,
 * started by the routing workflow after it decided the answer (ParentClosePolicy ABANDON: the answer never waits for
 * its grade). A grade is an Update with a validator: allow-listed reviewer, signature bound to the graded request,
 * score 0..1, only one. Ends with the grade, or `expired` at the deadline.
 */
export async function gradeWorkflow(input: GradeInput): Promise<GradeResult> {
  const sampledMs = Date.parse(input.sampledAt);
  let grade: RecordedGrade | null = null;
  let open = true;
  let refused = 0;
  const context = () => ({
    routeWorkflowId: input.routeWorkflowId,
    reviewers: input.reviewers,
    reviewerKeys: input.reviewerKeys,
    pending: open && grade === null,
  });
  setHandler(
    gradeAnswerUpdate,
    (decision: GradeDecision) => {
      // Two grades validated in the same task both saw none: only the first counts (deterministic on replay).
      if (grade !== null)
        throw ApplicationFailure.nonRetryable('no grade is pending for this request (already graded)');
      grade = {
        reviewer: canonicalPrincipal(decision.reviewer),
        score: decision.score,
        note: decision.note ?? null,
        at: new Date(Date.now()).toISOString(),
      };
      return { accepted: true as const, workflowId: input.routeWorkflowId, score: decision.score };
    },
    {
      validator: (decision) => {
        const problem = gradeDecisionProblem(decision, context());
        if (problem === null) return;
        refused += 1;
        if (refused <= LOGGED_REFUSALS || refused % 100 === 0) log.warn('grade refused', { problem, count: refused });
        throw new Error(problem);
      },
      description: 'Grade the sampled answer 0..1 (validated: allow-list, signature, range, once).',
    },
  );
  setHandler(getGradeStatusQuery, () => ({
    routeWorkflowId: input.routeWorkflowId,
    route: input.route,
    model: input.model,
    answer: input.answer,
    sampledAt: input.sampledAt,
    deadlineAt: new Date(sampledMs + input.deadlineMs).toISOString(),
    grade,
  }));
  const graded = await condition(() => grade !== null, input.deadlineMs);
  open = false;
  return {
    routeWorkflowId: input.routeWorkflowId,
    route: input.route,
    policyVersion: input.policyVersion,
    policyHash: input.policyHash,
    model: input.model,
    sampledAt: input.sampledAt,
    outcome: graded ? 'graded' : 'expired',
    grade,
  };
}
