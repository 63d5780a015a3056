import { errorKindOf } from '../policy/error-kinds.js';
import type { ShadowDecision } from '../policy/shadow-decision.js';
import type {
  AttemptRole,
  DataClass,
  EntityType,
  ErrorKind,
  Outcome,
  RouteResult,
  ToolCall,
  TrailEntry,
} from '../policy/types.js';

/**
 * Where a fact in the audit came from: an event of the history itself, the workflow's completion
 * payload (the result it returned), or recomputed from history inputs with today's pure policy code.
 */
export type AuditSource = 'history' | 'completion' | 'recomputed';

/** One line of the decision trail rebuilt from history. */
export interface AuditStep {
  step: string;
  /** ISO time of the event the step comes from. */
  at: string;
  outcome: string;
  reason: string;
  source: AuditSource;
  /** History event id the step comes from (absent for completion-only facts). */
  eventId?: number;
  detail?: Record<string, unknown>;
}

export type AttemptStatus = 'ok' | 'failed' | 'timed-out' | 'canceled' | 'running';

/** One model call (one callModel activity), as the history records it. */
export interface AuditAttempt {
  n: number;
  role: AttemptRole;
  model: string;
  provider: string;
  /** Provider's model id. */
  modelId: string | null;
  status: AttemptStatus;
  scheduledAt: string;
  startedAt: string | null;
  closedAt: string | null;
  /** Activity start to close as the server saw it, ms. */
  durationMs: number | null;
  /** Wall time the activity measured, ms. */
  latencyMs: number | null;
  errorType: string | null;
  errorKind: ErrorKind | null;
  message: string | null;
  httpStatus: number | null;
  /** Retry-After the provider sent, ms. */
  retryAfterMs: number | null;
  formatFailure: boolean;
  /** Durable timer the workflow waited before this attempt, ms (backoff or Retry-After). */
  waitedMs: number | null;
  /** For a retry after a failure that carried Retry-After: whether the wait covered it. */
  retryAfterHonoured: boolean | null;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Per-attempt limit handed to the activity, ms. */
  timeoutMs: number | null;
  /** Worker that ran it (Temporal identity). */
  worker: string | null;
  eventIds: { scheduled: number; closed: number | null };
  /** The JSON repair inside the attempt (`repaired` or `failed`), as the trail states it; absent when none ran. */
  repair?: { outcome: string; reason: string; detail?: Record<string, unknown> };
  /**
   * Ran on the fast path: a local activity inside a workflow task, recorded as one marker (no scheduled/started
   * events, so no server-side duration; `worker` is the task's). Absent for regular activities.
   */
  localActivity?: true;
}

/** A review decision sent by Update or Signal. */
export interface AuditReviewMessage {
  at: string;
  via: 'update' | 'signal';
  reviewer: string | null;
  decision: string | null;
  model: string | null;
  note: string | null;
  /** Characters of reply text (the text itself only with showText). */
  textChars: number | null;
  text?: string;
  /** Temporal identity of the client that sent it. */
  identity: string | null;
  accepted: boolean;
  /** Why an invalid Signal was ignored (the same validator the workflow runs). */
  problem: string | null;
  eventId: number;
}

export interface AuditReview {
  requestedAt: string;
  /** Review deadline (the durable timer), ms. */
  deadlineMs: number | null;
  /** Why review was asked for (from the trail the workflow recorded). */
  reason: string | null;
  /** Where that reason came from: the memo upsert (`history`) or the result (`completion`); null when unknown. */
  reasonSource: AuditSource | null;
  messages: AuditReviewMessage[];
  /** The accepted decision, if any. */
  resolution: AuditReviewMessage | null;
  timedOut: boolean;
  /** Time the deadline timer fired. */
  timedOutAt: string | null;
}

export interface AuditRequestSummary {
  messages: number;
  chars: number;
  roles: Record<string, number>;
  requestId: string | null;
  forcedRoute: string | null;
  models: string[] | null;
  metadata: Record<string, string>;
  attachments: number;
  responseFormat: boolean;
  /** Names of the tools the request offered (no definitions); absent when none. */
  tools?: string[];
  /** The conversation, only with showText (tool calls and the call a tool turn answers included). */
  text?: { role: string; content: string; toolCalls?: ToolCall[]; toolCallId?: string }[];
}

/**
 * The decision trail the workflow recorded: `history` — the last memo upsert (requests started since the
 * `decisions-in-history` change, read while they run); `completion` — the result of a finished request;
 * `recomputed` — neither exists (an older request still running): route reasons come from today's code.
 */
export interface AuditDecisions {
  source: 'history' | 'completion' | 'recomputed';
  /** The recorded entries (empty when recomputed). */
  entries: TrailEntry[];
  /** The memo upsert event read (source `history`). */
  eventId: number | null;
  at: string | null;
  /** Entries the trail had when recorded; more than `entries` when the memo bounds cut it. */
  total: number;
  cut: boolean;
}

/** What the history says about one request. */
export interface AuditReport {
  workflowId: string;
  workflowType: string;
  status: 'running' | 'completed' | 'failed' | 'timed-out' | 'canceled' | 'terminated' | 'continued-as-new';
  /** From the SwitchyardOutcome search attribute upsert, else the completion payload. */
  outcome: Outcome | null;
  policyVersion: string | null;
  policyHash: string | null;
  startedAt: string;
  closedAt: string | null;
  request: AuditRequestSummary | null;
  classification: { intent: string; confidence: number; risk: string; source: string } | null;
  privacy: { dataClass: DataClass; entityTypes: EntityType[]; findings: number } | null;
  /** Route name (history) and why (completion payload, or recomputed while running). */
  route: {
    name: string;
    reason: string | null;
    reasonSource: AuditSource | null;
    /** The SwitchyardRoute upsert event, when search attributes are on. */
    eventId: number | null;
    at: string | null;
  } | null;
  /** The trail as the workflow recorded it, and which source the audit used. */
  decisions: AuditDecisions;
  /** Model that answered (search attribute), null when none did. */
  model: string | null;
  steps: AuditStep[];
  attempts: AuditAttempt[];
  review: AuditReview | null;
  /** Sum of every attempt's cost recorded in history, USD. */
  costUsd: number;
  /** Search attributes after the last upsert. */
  searchAttributes: Record<string, unknown>;
  /** What the workflow returned (completion payload), labelled as such. */
  completion: {
    source: 'completion';
    outcome: string;
    model: string | null;
    route: string | null;
    costUsd: number;
    latencyMs: number;
    reason: string | null;
    answerChars: number | null;
    answer?: string | null;
    /** The worker's shadow policy decision, not acted on (docs/policy-rollout.md); absent without a shadow. */
    shadow?: ShadowDecision;
    /** How a degraded request was answered under its route's `degrade` mode (docs/failover.md#degrade-modes). */
    degradeMode?: RouteResult['degradeMode'];
    /** The answer was a validated partial answer. */
    partial?: boolean;
  } | null;
  /** Worker trouble visible in history (failed or timed-out workflow tasks, e.g. nondeterminism). */
  problems: string[];
  events: number;
}

export interface AuditOptions {
  /** Include request and answer text. @default false */
  showText?: boolean;
}

/** An attempt's outcome facts before its end is known (the event that ends it fills them in). */
export const NO_ATTEMPT_FACTS = {
  latencyMs: null,
  errorType: null,
  errorKind: null,
  message: null,
  httpStatus: null,
  retryAfterMs: null,
  formatFailure: false,
  waitedMs: null,
  retryAfterHonoured: null,
  inputTokens: 0,
  outputTokens: 0,
  costUsd: 0,
} as const satisfies Partial<AuditAttempt>;

/** What an attempt whose activity timed out says (`timeoutType` as Temporal names it; START_TO_CLOSE when unknown). */
export function timedOutFacts(timeoutType: string | null | undefined) {
  const type = timeoutType ?? 'START_TO_CLOSE';
  return {
    status: 'timed-out' as const,
    errorType: 'ActivityTimeout',
    errorKind: errorKindOf('ActivityTimeout'),
    message: `activity ${type.toLowerCase().replaceAll('_', '-')} timeout`,
  };
}
