import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { resolveReviewSignal, resolveReviewUpdate } from '../../workflows/messages.js';
import type { ReviewAck } from '../../workflows/types.js';
import { REVIEW_DECISIONS, type ReviewDecision, type ReviewDecisionKind } from '../policy/types.js';

/** What became of a decision sent as an Update. */
export type ReviewSubmission =
  | { kind: 'accepted'; ack: ReviewAck }
  /** The workflow's validator refused it, or the request has finished; `message` says why (nothing reached history). */
  | { kind: 'refused'; message: string }
  /** No request with that id. */
  | { kind: 'not-found'; message: string };

/**
 * Sends a decision as the `resolveReview` Update and waits for the workflow's answer. Validator refusals
 * and unknown ids come back as values; other failures (Temporal unreachable) throw.
 */
export async function submitReviewDecision(
  client: Client,
  workflowId: string,
  decision: ReviewDecision,
): Promise<ReviewSubmission> {
  try {
    const ack = await client.workflow.getHandle(workflowId).executeUpdate(resolveReviewUpdate, { args: [decision] });
    return { kind: 'accepted', ack };
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      return { kind: 'refused', message: error.cause?.message ?? error.message };
    }
    if (error instanceof WorkflowNotFoundError) return notRunning(client, workflowId);
    throw error;
  }
}

/** Tells an unknown id from a request that has finished (updates cannot reach a closed workflow). */
async function notRunning(client: Client, workflowId: string): Promise<ReviewSubmission> {
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    return {
      kind: 'refused',
      message: `no review is pending for this request: it has already finished (${description.status.name.toLowerCase()})`,
    };
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) {
      return { kind: 'not-found', message: `no request with workflow id ${workflowId}` };
    }
    throw error;
  }
}

/**
 * Sends a decision as the `resolveReviewSignal` Signal (fire-and-forget): the workflow validates it when
 * it arrives and records an invalid one in the trail. Throws when there is no running request with that id.
 */
export async function signalReviewDecision(
  client: Client,
  workflowId: string,
  decision: ReviewDecision,
): Promise<void> {
  try {
    await client.workflow.getHandle(workflowId).signal(resolveReviewSignal, decision);
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) throw new Error(`no running request with workflow id ${workflowId}`);
    throw error;
  }
}

/** True for the four decision kinds. */
export function isReviewDecisionKind(value: unknown): value is ReviewDecisionKind {
  return typeof value === 'string' && (REVIEW_DECISIONS as readonly string[]).includes(value);
}

/**
 * A decision from loose fields (form or flags): only the field the decision uses is kept (`text` for
 * reply-with-text, `model` for reroute-to-model), so a stray field never travels into history.
 * Emptiness is left to the workflow's validator, which has the final word.
 */
export function buildReviewDecision(fields: {
  reviewer: string;
  decision: ReviewDecisionKind;
  text?: string | undefined;
  model?: string | undefined;
  note?: string | undefined;
}): ReviewDecision {
  const decision: ReviewDecision = { reviewer: fields.reviewer, decision: fields.decision };
  if (fields.decision === 'reply-with-text') decision.text = fields.text ?? '';
  if (fields.decision === 'reroute-to-model') decision.model = fields.model ?? '';
  if (fields.note !== undefined && fields.note.trim() !== '') decision.note = fields.note;
  return decision;
}
