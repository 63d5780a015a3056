/** A reviewer's or user's verdict on a routed request's answer. */
export type FeedbackVerdict = 'good' | 'bad';

/** One recorded feedback: the input of `feedbackWorkflow`, and its result. */
export interface FeedbackRecord {
  /** The request id the caller used (the workflow id without `route-` and the caller scope). */
  requestId: string;
  /** The routing workflow the feedback is about (`route-<id>` or `route-<caller>/<id>`). */
  workflowId: string;
  verdict: FeedbackVerdict;
  /** Free text, at most 2000 characters. @default none */
  comment?: string;
  /** Who gave it: the gateway caller, or the CLI's `--by`. @default none */
  by?: string;
  /** ISO time the feedback was received (at the edge). */
  at: string;
}

/**
 * Durable feedback on a finished request (a closed workflow takes no signals): each feedback is its own tiny
 * workflow, id `feedback-<routing workflow id>`, that completes at once with its input as result. A later
 * feedback for the same request starts a new run under the same id, so the newest run is the one that counts
 * (src/feedback/record-feedback.ts).
 */
export async function feedbackWorkflow(record: FeedbackRecord): Promise<FeedbackRecord> {
  return record;
}
