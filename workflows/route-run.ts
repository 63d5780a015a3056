import { upsertSearchAttributes } from '@temporalio/workflow';
import { roundUsd } from '../src/policy/cost.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import type {
  AttemptRecord,
  Classification,
  Outcome,
  PrivacyVerdict,
  ReviewDecision,
  RouteResult,
  TrailEntry,
} from '../src/policy/types.js';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes.js';
import { switchyardSink } from './sinks.js';
import type { PendingReview, RoutePhase, RouteStatus, RouteWorkflowInput } from './types.js';

/** Search-attribute values a run sets (labels only, never text). */
interface Tags {
  route?: string;
  dataClass?: string;
  intent?: string;
  needsReview?: boolean;
  model?: string;
  outcome?: string;
}

/** How a request ended, before it becomes a RouteResult. */
export interface Ending {
  outcome: Outcome;
  answer: string | null;
  model: string | null;
  reason: string;
  review?: ReviewDecision & { at: string };
}

/**
 * Everything one routing run has learned so far: trail, attempts, inspection, plan. Answers the status
 * query and builds the result. Holds no decisions: those come from src/policy.
 */
export class RouteRun {
  phase: RoutePhase = 'inspecting';
  readonly trail: TrailEntry[] = [];
  readonly attempts: AttemptRecord[] = [];
  /** Answer text of each successful attempt, by attempt number. */
  readonly texts = new Map<number, string>();
  classification: Classification | null = null;
  privacy: PrivacyVerdict | null = null;
  plan: RoutePlan | null = null;
  review: PendingReview | null = null;
  rejectedSignals = 0;
  /** Collect search-attribute updates and write them at review or finish (see `tag`). */
  deferTags = false;
  private pendingTags: Tags = {};
  private result: RouteResult | null = null;

  constructor(
    readonly input: RouteWorkflowInput,
    readonly workflowId: string,
    readonly startedAtMs: number,
  ) {}

  note(entry: TrailEntry | null): void {
    if (entry) this.trail.push(entry);
  }

  addAttempt(attempt: AttemptRecord, text: string | null): void {
    this.attempts.push(attempt);
    if (text !== null) this.texts.set(attempt.n, text);
  }

  /**
   * Sets search attributes. With `deferTags` (runs started after the `inspect-once` change) they are
   * collected and written in one upsert when the request parks for review or finishes, saving a command
   * per request; older runs upsert at once, as they did when recorded.
   */
  tag(values: Tags): void {
    if (this.input.searchAttributes === false) return;
    Object.assign(this.pendingTags, values);
    if (!this.deferTags) this.flushTags();
  }

  /** Writes the collected search attributes (one UpsertWorkflowSearchAttributes event). */
  flushTags(): void {
    const values = this.pendingTags;
    this.pendingTags = {};
    const updates = [];
    if (values.route !== undefined) updates.push({ key: SEARCH_ATTRIBUTES.route, value: values.route });
    if (values.dataClass !== undefined) updates.push({ key: SEARCH_ATTRIBUTES.dataClass, value: values.dataClass });
    if (values.intent !== undefined) updates.push({ key: SEARCH_ATTRIBUTES.intent, value: values.intent });
    if (values.needsReview !== undefined)
      updates.push({ key: SEARCH_ATTRIBUTES.needsReview, value: values.needsReview });
    if (values.model !== undefined) updates.push({ key: SEARCH_ATTRIBUTES.model, value: values.model });
    if (values.outcome !== undefined) updates.push({ key: SEARCH_ATTRIBUTES.outcome, value: values.outcome });
    if (updates.length > 0) upsertSearchAttributes(updates);
  }

  finish(ending: Ending): RouteResult {
    const step = ending.outcome === 'rejected' ? 'reject' : ending.outcome === 'degraded' ? 'degrade' : 'answer';
    this.note({ step, outcome: ending.outcome, reason: ending.reason });
    const answering = ending.model === null ? undefined : this.attempts.findLast((attempt) => attempt.ok);
    this.result = {
      workflowId: this.workflowId,
      outcome: ending.outcome,
      answer: ending.answer,
      route: this.plan?.route ?? null,
      model: ending.model,
      attempts: this.attempts,
      trail: this.trail,
      costUsd: roundUsd(this.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0)),
      latencyMs: Date.now() - this.startedAtMs,
      policyVersion: this.input.policy.version,
      policyHash: this.input.policyHash,
      classification: this.classification,
      privacy: this.privacy ? { dataClass: this.privacy.dataClass, entityTypes: this.privacy.entityTypes } : null,
      review: ending.review ?? null,
      usage: answering ? { inputTokens: answering.inputTokens, outputTokens: answering.outputTokens } : null,
    };
    this.phase = 'finished';
    this.review = null;
    this.tag({ outcome: ending.outcome, model: ending.model ?? 'none', needsReview: false });
    this.flushTags();
    switchyardSink.requestFinished({
      route: this.result.route,
      outcome: this.result.outcome,
      model: this.result.model,
      dataClass: this.privacy?.dataClass ?? null,
      costUsd: this.result.costUsd,
      latencyMs: this.result.latencyMs,
      attempts: this.attempts.map(({ model, provider, ok, errorKind, errorType, latencyMs, costUsd }) => ({
        model,
        provider,
        ok,
        errorKind,
        errorType,
        latencyMs,
        costUsd,
      })),
    });
    return this.result;
  }

  status(): RouteStatus {
    return {
      workflowId: this.workflowId,
      request: this.input.request,
      phase: this.phase,
      policyVersion: this.input.policy.version,
      route: this.plan?.route ?? null,
      classification: this.classification,
      privacy: this.privacy ? { dataClass: this.privacy.dataClass, entityTypes: this.privacy.entityTypes } : null,
      attempts: this.attempts,
      trail: this.trail,
      review: this.review,
      rejectedSignals: this.rejectedSignals,
      result: this.result,
    };
  }
}
