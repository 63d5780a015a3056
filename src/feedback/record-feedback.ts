import {
  type Client,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
} from '@temporalio/client';
import type { FeedbackRecord, FeedbackVerdict } from '../../workflows/feedback.js';
import { canonicalPrincipal } from '../policy/signatures.js';
import { WORKFLOW_ID_PREFIX } from '../temporal/defaults.js';

/** Workflow id prefix of feedback records: `feedback-<routing workflow id>`. */
export const FEEDBACK_WORKFLOW_PREFIX = 'feedback-';
/** Longest feedback comment, characters. */
export const MAX_FEEDBACK_COMMENT_CHARS = 2000;
/** Longest request id or workflow id accepted, characters. */
const MAX_ID_CHARS = 400;

/** Why a feedback was refused: `invalid` input (the field is named) or `not-found` (no such request for this caller). */
export class FeedbackError extends Error {
  override readonly name = 'FeedbackError';
  constructor(
    readonly code: 'invalid' | 'not-found',
    message: string,
    /** The input field at fault. */
    readonly field: string,
  ) {
    super(message);
  }
}

export interface FeedbackOptions {
  /** A request id, a routing workflow id (`route-…`) or a gateway completion id (`chatcmpl-route-…`). */
  id: string;
  verdict: FeedbackVerdict;
  /** @default none */
  comment?: string;
  /** Who gives it. @default none */
  by?: string;
  /**
   * A verified caller (gateway API key name): request ids map to `route-<caller>/<id>`, and only that caller's
   * requests may be rated. @default none: any request
   */
  caller?: string;
  /** Time of the feedback. @default now */
  at?: Date;
}

/**
 * The routing workflow a feedback id names: `route-…` as is, `chatcmpl-route-…` without its prefix, else a request
 * id mapped as RouterClient maps it. With a caller, a workflow outside `route-<caller>/` is not found (as an unknown
 * id is, so one caller learns nothing about another's requests).
 */
export function feedbackTarget(id: string, caller?: string): { workflowId: string; requestId: string } {
  const trimmed = id.trim();
  if (trimmed === '' || trimmed.length > MAX_ID_CHARS)
    throw new FeedbackError('invalid', `request_id: expected 1..${MAX_ID_CHARS} characters`, 'request_id');
  const bare = trimmed.replace(/^chatcmpl-(?=route-)/, '');
  const scope = caller === undefined ? '' : `${canonicalPrincipal(caller)}/`;
  const workflowId = bare.startsWith(WORKFLOW_ID_PREFIX) ? bare : `${WORKFLOW_ID_PREFIX}${scope}${bare}`;
  if (caller !== undefined && !workflowId.startsWith(`${WORKFLOW_ID_PREFIX}${scope}`))
    throw new FeedbackError('not-found', `request_id: no request "${bare}" of this caller`, 'request_id');
  const rest = workflowId.slice(WORKFLOW_ID_PREFIX.length);
  return { workflowId, requestId: rest.slice(rest.indexOf('/') + 1) };
}

/**
 * Records a feedback durably as a `feedbackWorkflow` run (workflows/feedback.ts) after checking that the routing
 * workflow exists. A second feedback for the same request replaces the first: a new run under the same id
 * (`ALLOW_DUPLICATE`; a run still open is terminated), and the newest run is the one mining reads. Returns the
 * record; the start is durable, a worker on `taskQueue` completes the run.
 */
export async function recordFeedback(
  client: Client,
  taskQueue: string,
  options: FeedbackOptions,
): Promise<FeedbackRecord & { feedbackId: string }> {
  const { workflowId, requestId } = feedbackTarget(options.id, options.caller);
  if (options.comment !== undefined && options.comment.length > MAX_FEEDBACK_COMMENT_CHARS)
    throw new FeedbackError('invalid', `comment: at most ${MAX_FEEDBACK_COMMENT_CHARS} characters`, 'comment');
  try {
    const description = await client.workflow.getHandle(workflowId).describe();
    if (description.type !== 'routeRequestWorkflow') throw new WorkflowNotFoundError('not a request', workflowId, '');
  } catch (error) {
    if (error instanceof WorkflowNotFoundError)
      throw new FeedbackError('not-found', `request_id: no request "${options.id.trim()}"`, 'request_id');
    throw error;
  }
  const record: FeedbackRecord = {
    requestId,
    workflowId,
    verdict: options.verdict,
    ...(options.comment === undefined ? {} : { comment: options.comment }),
    ...(options.by === undefined ? {} : { by: options.by.slice(0, 320) }),
    at: (options.at ?? new Date()).toISOString(),
  };
  const feedbackId = `${FEEDBACK_WORKFLOW_PREFIX}${workflowId}`;
  await client.workflow.start('feedbackWorkflow', {
    taskQueue,
    workflowId: feedbackId,
    args: [record],
    workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE,
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING,
    staticSummary: `feedback ${record.verdict} on ${workflowId}`,
  });
  return { ...record, feedbackId };
}
