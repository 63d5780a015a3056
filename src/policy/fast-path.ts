/**
 * The durable fast path (docs/workflow-changes.md, "The fast path"): the request's first model attempt runs as a
 * local activity inside the workflow task that inspected and routed the request, so a request answered on the
 * first try completes in one workflow task. Retries, fallbacks, drafts and reroutes stay regular activities.
 */

/**
 * What the worker grants, recorded in the `resolvePolicy` result (so a replay decides from the history, never from
 * today's constants): absent from histories recorded before the fast path, which take the regular path.
 */
export interface FastPathGrant {
  /**
   * Longest attempt limit (`timeoutMs`) that may run inside a workflow task, ms. Well under the workflow-task
   * timeout (10 s by default): a local activity past 80 % of it makes the worker heartbeat the task (extra events).
   * @default 5000
   */
  maxTimeoutMs: number;
}

/** The grant a worker records when nothing configures it. */
export const DEFAULT_FAST_PATH: FastPathGrant = { maxTimeoutMs: 5000 };

/** The facts that decide whether one attempt takes the fast path. */
export interface FastPathFacts {
  /** The worker's recorded grant; null: a history from before the fast path, or a worker with it off. */
  grant: FastPathGrant | null;
  /** The route's `fastPath` setting (false opts out). @default true */
  routeAllows: boolean | undefined;
  /** The ladder's role: only the request's own ladder (`primary`), not drafts, reroutes or review timeouts. */
  ladderRole: string;
  /** The rung: only the ladder's first call (`primary`). */
  stepRole: string;
  /** Attempts the ladder has made so far. */
  ladderAttempts: number;
  /** The attempt's limit, ms. */
  timeoutMs: number;
  /** The attempt is one leg of a hedged call (those are cancellable regular activities). */
  hedged: boolean;
  /**
   * The route's interim timer watches this ladder (docs/streaming.md#interim-messages): a local activity would hold
   * the workflow task, so the timer could not fire while the model works. @default false
   */
  interimWatched?: boolean;
}

/** Whether this attempt runs as a local activity in the current workflow task. */
export function takesFastPath(facts: FastPathFacts): boolean {
  return (
    facts.grant !== null &&
    facts.routeAllows !== false &&
    facts.ladderRole === 'primary' &&
    facts.stepRole === 'primary' &&
    facts.ladderAttempts === 0 &&
    !facts.hedged &&
    facts.interimWatched !== true &&
    facts.timeoutMs <= facts.grant.maxTimeoutMs
  );
}

/** The activity type of a fast-path attempt, as its `core_local_activity` marker names it. */
export const LOCAL_CALL_ACTIVITY = 'callModelLocally';

/** Summary of the 1 ms timer that ends the task after a failed fast-path attempt (not a wait before an attempt). */
export const FAST_PATH_BOUNDARY = 'fast path: task boundary before the next attempt';
