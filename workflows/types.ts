import type { FailedOutput } from '../src/policy/review-packet.js';
import type { Policy } from '../src/policy/schema.js';
import type {
  AttemptRecord,
  Classification,
  DataClass,
  EntityType,
  ReviewDecision,
  RouteRequest,
  RouteResult,
  TrailEntry,
} from '../src/policy/types.js';

export type { RouteWorkflowInput } from '../src/policy/workflow-input-schema.js';

/**
 * Input of routeRequestWorkflow before workers owned their policies: the client sent the whole policy.
 * Kept only so that histories recorded then still replay; new requests carrying a policy are rejected.
 */
export interface LegacyRouteWorkflowInput {
  request: RouteRequest;
  policy: Policy;
  policyHash: string;
  reviewDeadlineMs?: number;
  searchAttributes?: boolean;
}

export type RoutePhase = 'inspecting' | 'routing' | 'calling' | 'awaiting-review' | 'finished';

/** A pending review as reviewers see it. */
export interface PendingReview {
  reason: string;
  /** ISO time the request entered review. */
  requestedAt: string;
  /** ISO time the review times out. */
  deadlineAt: string;
  /** Draft reply from the policy's draft model, if one was made. */
  draft: string | null;
  draftModel: string | null;
  /** Decisions the reviewer may take. */
  decisions: string[];
  /**
   * Why there is no draft (every allowed draft model failed, none is configured or usable, a content-filtered
   * request); null when there is one. Absent on requests parked by older workers.
   */
  draftMissing?: string | null;
  /** Every failed attempt with the text it produced and its error (src/policy/review-packet.ts). */
  failedOutputs?: FailedOutput[];
}

/** Answer of getRouteStatusQuery: where a request is and how it got there. */
export interface RouteStatus {
  workflowId: string;
  /** The request as received (for reviewers; payloads are encrypted when a codec key is configured). */
  request: RouteRequest;
  phase: RoutePhase;
  policyVersion: string | null;
  route: string | null;
  classification: Classification | null;
  privacy: { dataClass: DataClass; entityTypes: EntityType[] } | null;
  attempts: AttemptRecord[];
  trail: TrailEntry[];
  review: PendingReview | null;
  /** Signals with invalid decisions received while waiting (recorded, ignored). */
  rejectedSignals: number;
  result: RouteResult | null;
}

/** Immediate answer to a reviewer whose update was accepted. */
export interface ReviewAck {
  accepted: true;
  workflowId: string;
  decision: ReviewDecision['decision'];
}
