import { upsertMemo } from '@temporalio/workflow';
import { boundTrail, RECORDED_TRAIL_MEMO_KEY } from '../src/policy/recorded-trail.js';
import type { TrailEntry } from '../src/policy/types.js';

/**
 * Patch id of recording the decision trail in the history as the request runs (docs/workflow-changes.md):
 * histories from before it carry the trail only in their result.
 */
export const DECISIONS_PATCH = 'decisions-in-history';

/**
 * Writes the trail to the workflow's memo at the points where the workflow is about to block (a model call, a
 * retry timer, a wait for a reviewer), so the decisions made in a workflow task go into the history with that
 * task's other commands: one WorkflowPropertiesModified event per blocking task that noted something, no extra
 * round trip. The finish is not a flush point: the result carries the whole trail.
 */
export class DecisionLog {
  /** Trail entries already in the memo. */
  private recorded = 0;
  /** The trail outgrew the memo bounds once: later entries are only in the result. */
  private cut = false;

  /** Upserts the trail when it grew since the last flush (the whole trail so far, bounded). */
  flush(trail: readonly TrailEntry[]): void {
    if (this.cut || trail.length === this.recorded) return;
    const bounded = boundTrail(trail);
    upsertMemo({ [RECORDED_TRAIL_MEMO_KEY]: bounded });
    this.recorded = trail.length;
    this.cut = bounded.cut;
  }
}
