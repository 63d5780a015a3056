import { upsertSearchAttributes } from '@temporalio/workflow';
import type { FirstAttemptRecord } from '../activities/first-attempt.js';
import { NO_CANARY, type Rollout } from '../src/policy/canary-slice.js';
import { roundUsd } from '../src/policy/cost.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import type { DegradeMode } from '../src/policy/degrade-schema.js';
import type { FastPathGrant } from '../src/policy/fast-path.js';
import { latencySplit } from '../src/policy/latency-split.js';
import type { Policy } from '../src/policy/schema.js';
import type { ShadowDecision, ShadowPolicySnapshot } from '../src/policy/shadow-decision.js';
import type { PublicKeys } from '../src/policy/signatures.js';
import type {
  AttemptRecord,
  Classification,
  FinishKind,
  Outcome,
  PrivacyVerdict,
  ReviewDecision,
  RouteRequest,
  RouteResult,
  ToolCall,
  TrailEntry,
} from '../src/policy/types.js';
import { SEARCH_ATTRIBUTES } from '../src/temporal/search-attributes.js';
import type { DecisionLog } from './decision-log.js';
import { attemptSummary, type CacheUse, switchyardSink } from './sinks.js';
import type { PendingReview, RoutePhase, RouteStatus, RouteWorkflowInput } from './types.js';

/** Search-attribute values a run sets (labels only, never text). */
interface Tags {
  route?: string;
  dataClass?: string;
  intent?: string;
  needsReview?: boolean;
  model?: string;
  outcome?: string;
  policyVersion?: string;
  shadowRoute?: string;
}

/** How a request ended, before it becomes a RouteResult. */
export interface Ending {
  outcome: Outcome;
  answer: string | null;
  model: string | null;
  reason: string;
  review?: ReviewDecision & { at: string };
  /** How the answer ended; unset: `stop` when a model answered, else null. */
  finish?: FinishKind | null;
  /** Tool calls of the answering model. @default null */
  toolCalls?: ToolCall[] | null;
  /** How a degraded request was answered under its route's `degrade` mode. @default absent */
  degradeMode?: DegradeMode;
  /** The answer is a validated partial answer (degrade mode `partial`). @default absent */
  partial?: boolean;
  /** The attempt whose text is the answer when it is not the last successful one (a partial answer's). */
  sourceAttempt?: number;
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
  /** Text a failed attempt did produce (a format failure's answer), by attempt number: for reviewers and partials. */
  readonly failedTexts = new Map<number, string>();
  /** What each verified attempt measured on its answer (docs/router.md#cascade), by attempt number. */
  readonly answerFacts = new Map<number, { formatProblem?: string | null; meanLogprob?: number | null }>();
  /** How each successful attempt's answer ended and the tool calls it asked for, by attempt number. */
  readonly answerEnds = new Map<number, { finish: FinishKind; toolCalls: ToolCall[] | null }>();
  classification: Classification | null = null;
  privacy: PrivacyVerdict | null = null;
  plan: RoutePlan | null = null;
  review: PendingReview | null = null;
  rejectedSignals = 0;
  /** The policy that decides this request: the worker's own, resolved at start (see resolvePolicy). */
  policy!: Policy; // set by the start (startWithWorkerPolicy / startLegacy) before anything reads it
  /** sha256 of that policy. */
  policyHash = '';
  /** Reviewer public keys (canonical identity → hex) from the worker's configuration, recorded at start. */
  reviewerKeys: PublicKeys = {};
  /**
   * Replaying a history recorded before workers owned their policies: the rules of that time apply (cost cap
   * on fallbacks only; drafts for content-filtered requests). @default false
   */
  legacy = false;
  /**
   * Failover by error kind applies (`failover-by-kind` patch): false only when replaying a history recorded
   * before it, which then runs the rules of its time. @default false until the workflow start sets it
   */
  failoverByKind = false;
  /** Which configured version decided and why (resolvePolicy, `canary-rollout` patch). @default NO_CANARY */
  rollout: Rollout = NO_CANARY;
  /** Verified caller name (resolvePolicy), or null: anonymous, or a history from before callers. */
  callerName: string | null = null;
  /**
   * Reserve each attempt against the policy's budgets (`budget-ledger` patch; set only when the policy has
   * budgets, so other policies run exactly as before). @default false
   */
  budgets = false;
  /**
   * Difficulty routing (issue 17: verifier cascade, hedged calls, answer cache) applies (`difficulty-routing` patch,
   * asked at the start with the other patches): false only when replaying a history recorded before it. @default false
   */
  difficultyRouting = false;
  /**
   * Recorded with the folded `request-rules-2026-12` marker (workflows/request-rules.ts): every earlier change
   * applies, and so do the rules that came with it (issue 18's rungs, the fast path). @default false
   */
  latestRules = false;
  /**
   * The fast path the worker granted, as `resolvePolicy` recorded it (workflows/fast-attempt.ts); null: none (a
   * history from before it, or a worker with it off). @default null
   */
  fastPath: FastPathGrant | null = null;
  /** The first attempt `resolvePolicy` made ahead, until the ladder adopts it (workflows/first-attempt.ts). @default null */
  firstAttempt: FirstAttemptRecord | null = null;
  /**
   * The inspection `resolvePolicy` recorded with the policy (fast-path workers); null: inspected by its own local
   * activity, as in every history recorded before. @default null
   */
  inspection: { classification: Classification; privacy: PrivacyVerdict } | null = null;
  /** What the route's answer cache did for this request (workflows/answer-cache.ts), for metrics. @default null */
  cacheUse: CacheUse | null = null;
  /** Claim quotas before attempts (`quota-ledger` patch; set only when the policy has quotas). @default false */
  quotas = false;
  /** The worker's shadow policy, recorded by resolvePolicy; null: none (docs/policy-rollout.md). */
  shadowPolicy: ShadowPolicySnapshot | null = null;
  /** The request as the caller sent it (validated, before `access` narrowed it): the shadow applies its own grants. */
  askedRequest: RouteRequest;
  /** The shadow decision (`shadow-policy` patch), for the result. */
  shadow: ShadowDecision | null = null;
  /** Quota ledgers (`name:key`) this request has joined. */
  readonly quotaJoined = new Set<string>();
  private readonly backgroundWork: Promise<unknown>[] = [];
  /** The request as validated at start. */
  request: RouteRequest;
  /** Records the trail in history as it grows (`decisions-in-history` patch); null for histories from before. */
  decisionLog: DecisionLog | null = null;
  /** Time parked for reviewers so far, ms (ReviewGate): kept out of the end-to-end latency. @default 0 */
  reviewWaitMs = 0;
  /** Collect search-attribute updates and write them at review or finish (see `tag`). */
  deferTags = false;
  private pendingTags: Tags = {};
  private result: RouteResult | null = null;

  constructor(
    readonly input: RouteWorkflowInput,
    readonly workflowId: string,
    readonly startedAtMs: number,
  ) {
    this.request = input.request;
    this.askedRequest = input.request;
  }

  /** Work that decides nothing for the request (quota accounting): runs beside it, awaited before the ladder ends. */
  background(work: Promise<unknown>): void {
    this.backgroundWork.push(work.catch(() => undefined));
  }

  /** Waits for the background work started so far. */
  /** Whether background work is still pending (drainBackground would wait). */
  hasBackgroundWork(): boolean {
    return this.backgroundWork.length > 0;
  }

  async drainBackground(): Promise<void> {
    while (this.backgroundWork.length > 0) await Promise.all(this.backgroundWork.splice(0));
  }

  note(entry: TrailEntry | null): void {
    if (entry) this.trail.push(entry);
  }

  /** Puts the trail noted so far into the history; called where the workflow is about to block (see DecisionLog). */
  recordDecisions(): void {
    this.decisionLog?.flush(this.trail);
  }

  addAttempt(
    attempt: AttemptRecord,
    text: string | null,
    end: { finish?: FinishKind; toolCalls?: ToolCall[] | null } = {},
  ): void {
    this.attempts.push(attempt);
    if (text === null) return;
    this.texts.set(attempt.n, text);
    this.answerEnds.set(attempt.n, { finish: end.finish ?? 'stop', toolCalls: end.toolCalls ?? null });
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
    if (values.policyVersion !== undefined)
      updates.push({ key: SEARCH_ATTRIBUTES.policyVersion, value: values.policyVersion });
    if (values.shadowRoute !== undefined)
      updates.push({ key: SEARCH_ATTRIBUTES.shadowRoute, value: values.shadowRoute });
    if (updates.length > 0) upsertSearchAttributes(updates);
  }

  finish(ending: Ending): RouteResult {
    const step = ending.outcome === 'rejected' ? 'reject' : ending.outcome === 'degraded' ? 'degrade' : 'answer';
    this.note({ step, outcome: ending.degradeMode ?? ending.outcome, reason: ending.reason });
    // A judge grades the answer after it (docs/router.md#cascade), a summary comes before: their usage is not its.
    const answering =
      ending.model === null
        ? undefined
        : ending.sourceAttempt !== undefined
          ? this.attempts.find((attempt) => attempt.n === ending.sourceAttempt)
          : this.attempts.findLast((attempt) => attempt.ok && attempt.role !== 'judge' && attempt.role !== 'summarize');
    const latencyMs = Date.now() - this.startedAtMs;
    this.result = {
      workflowId: this.workflowId,
      outcome: ending.outcome,
      answer: ending.answer,
      route: this.plan?.route ?? null,
      model: ending.model,
      attempts: this.attempts,
      trail: this.trail,
      costUsd: roundUsd(this.attempts.reduce((sum, attempt) => sum + attempt.costUsd, 0)),
      latencyMs,
      latency: latencySplit(this.attempts, answering, latencyMs, this.reviewWaitMs),
      policyVersion: this.policy?.version ?? null,
      policyHash: this.policy ? this.policyHash : null,
      rollout: this.rollout,
      classification: this.classification,
      privacy: this.privacy ? { dataClass: this.privacy.dataClass, entityTypes: this.privacy.entityTypes } : null,
      review: ending.review ?? null,
      usage: answering ? { inputTokens: answering.inputTokens, outputTokens: answering.outputTokens } : null,
      finish:
        ending.finish !== undefined ? ending.finish : ending.model !== null && ending.answer !== null ? 'stop' : null,
      toolCalls: ending.toolCalls ?? null,
      ...(this.shadow ? { shadow: this.shadow } : {}),
      ...(ending.degradeMode ? { degradeMode: ending.degradeMode } : {}),
      ...(ending.partial ? { partial: true } : {}),
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
      latency: this.result.latency,
      policyHash: this.result.policyHash,
      rollout: this.rollout.role,
      ...(this.cacheUse ? { cache: this.cacheUse } : {}),
      attempts: this.attempts.map(attemptSummary),
    });
    return this.result;
  }

  status(): RouteStatus {
    return {
      workflowId: this.workflowId,
      request: this.request,
      phase: this.phase,
      policyVersion: this.policy?.version ?? null,
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
