import { type Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { resolveReviewSignal, resolveReviewUpdate } from '../../workflows/messages.js';
import type { ReviewAck } from '../../workflows/types.js';
import { signReviewDecision, type UnsignedReviewDecision } from '../policy/review-decision.js';
import { canonicalPrincipal } from '../policy/signatures.js';
import { REVIEW_DECISIONS, type ReviewDecisionKind } from '../policy/types.js';
import { findReviewer, type ReviewerTokens } from './tokens.js';

export { signReviewDecision, type UnsignedReviewDecision };

/** Environment variable with one reviewer's own token (their credential), for `review resolve`. */
export const REVIEWER_TOKEN_ENV = 'SWITCHYARD_REVIEWER_TOKEN';

/** What became of a decision sent as an Update. */
export type ReviewSubmission =
  | { kind: 'accepted'; ack: ReviewAck }
  /** The workflow's validator refused it, or the request has finished; `message` says why (nothing reached history). */
  | { kind: 'refused'; message: string }
  /** No request with that id. */
  | { kind: 'not-found'; message: string };

/**
 * Signs a decision with the reviewer's credential (their reviewer token), sends it as the `resolveReview`
 * Update and waits for the workflow's answer. Validator refusals and unknown ids come back as values;
 * other failures (Temporal unreachable) throw.
 */
export async function submitReviewDecision(
  client: Client,
  workflowId: string,
  decision: UnsignedReviewDecision,
  credential: string,
): Promise<ReviewSubmission> {
  const signed = signReviewDecision(credential, workflowId, decision);
  try {
    const ack = await client.workflow.getHandle(workflowId).executeUpdate(resolveReviewUpdate, { args: [signed] });
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
 * Signs a decision with the reviewer's credential and sends it as the `resolveReviewSignal` Signal
 * (fire-and-forget): the workflow checks it when it arrives and ignores (counts) an invalid one. Throws
 * when there is no running request with that id.
 */
export async function signalReviewDecision(
  client: Client,
  workflowId: string,
  decision: UnsignedReviewDecision,
  credential: string,
): Promise<void> {
  const signed = signReviewDecision(credential, workflowId, decision);
  try {
    await client.workflow.getHandle(workflowId).signal(resolveReviewSignal, signed);
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
}): UnsignedReviewDecision {
  const decision: UnsignedReviewDecision = { reviewer: fields.reviewer, decision: fields.decision };
  if (fields.decision === 'reply-with-text') decision.text = fields.text ?? '';
  if (fields.decision === 'reroute-to-model') decision.model = fields.model ?? '';
  if (fields.note !== undefined && fields.note.trim() !== '') decision.note = fields.note;
  return decision;
}

/**
 * Who signs: the reviewer's credential (`--token`, else SWITCHYARD_REVIEWER_TOKEN) and their identity —
 * the one the configured tokens give that credential, else `reviewer` (which must then be given). A
 * `reviewer` that disagrees with the configured identity is an error. Messages never echo the token.
 */
export function reviewerCredential(options: {
  token?: string | undefined;
  reviewer?: string | undefined;
  env?: NodeJS.ProcessEnv;
  /** Configured reviewer tokens (token → identity). @default none */
  tokens?: ReviewerTokens;
}): { reviewer: string; credential: string } {
  const credential = options.token ?? options.env?.[REVIEWER_TOKEN_ENV];
  if (credential === undefined || credential.trim() === '') {
    throw new Error(
      `a reviewer token is required to sign the decision: pass --token or set ${REVIEWER_TOKEN_ENV} (see docs/review.md)`,
    );
  }
  const known = options.tokens ? findReviewer(options.tokens, credential.trim()) : null;
  const given = options.reviewer?.trim();
  if (known !== null) {
    if (given && canonicalPrincipal(given) !== canonicalPrincipal(known)) {
      throw new Error(`--reviewer ${given} does not match the reviewer the token belongs to (${known})`);
    }
    return { reviewer: canonicalPrincipal(known), credential: credential.trim() };
  }
  if (!given) {
    throw new Error('--reviewer is required: the token is not among the configured reviewer tokens');
  }
  return { reviewer: canonicalPrincipal(given), credential: credential.trim() };
}
