import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CanaryProgress, CanarySample, Guardrail } from '../src/policy/canary-guardrails.js';
import type { CanarySettings } from '../src/policy/canary-schema.js';

/** A policy as the controller names it. */
export interface PolicyRef {
  version: string;
  hash: string;
}

/** One recorded decision of the controller (also written to its memo: a `WorkflowPropertiesModified` event). */
export interface CanaryDecision {
  kind: 'promote' | 'rollback' | 'wait';
  /** Workflow time, epoch ms. */
  atMs: number;
  reason: string;
  /** Who promoted, for a person's promotion (`switchyard canary promote --by`); null for the controller's own. */
  by: string | null;
}

/** Outcome windows per role, oldest first (at most `settings.windowSize` each). */
export interface CanaryWindows {
  active: CanarySample[];
  canary: CanarySample[];
}

/** Input of a canary controller (and of each continue-as-new run: the carried state). */
export interface CanaryControllerInput {
  active: PolicyRef;
  candidate: PolicyRef;
  settings: CanarySettings;
  progress?: CanaryProgress;
  /** Outcomes received since the controller started, per role. */
  served?: { active: number; canary: number };
  windows?: CanaryWindows;
  decisions?: CanaryDecision[];
  /** Malformed reports ignored so far. */
  invalidReports?: number;
}

/** One worker's batch of finished requests, per role (sent with signal-with-start). */
export interface CanaryReport {
  active: CanarySample[];
  canary: CanarySample[];
}

/** What `switchyard canary status --json` prints (docs/policy-rollout.md, Canary). */
export interface CanaryStatus {
  workflowId: string;
  active: PolicyRef;
  candidate: PolicyRef;
  /** Share of traffic the candidate takes while running, percent. */
  percent: number;
  state: CanaryProgress['state'];
  /** Why it is in that state (the last decision's reason), or null while running undecided. */
  stateReason: string | null;
  served: { active: number; canary: number };
  guardrails: Guardrail[];
  decisions: CanaryDecision[];
  settings: CanarySettings;
  invalidReports: number;
}

/** A person promotes a canary (when the controller waits for one, or earlier). */
export interface PromoteCanaryRequest {
  /** Who promotes (recorded as given: anyone who may send Updates to the namespace can promote). */
  by: string;
}

export const canaryReportSignal = defineSignal<[CanaryReport]>('canaryReport');
export const canaryStateQuery = defineQuery<CanaryStatus>('canaryState');
/** Rejected (no trace in history) unless the canary is running or waiting for promotion. */
export const promoteCanaryUpdate = defineUpdate<CanaryStatus, [PromoteCanaryRequest]>('promoteCanary');

/** Decisions kept in the controller's state (and its status answer). */
export const MAX_DECISIONS = 20;
/** Bounds on one report, so no sender can push the controller past payload limits. */
export const MAX_REPORT_SAMPLES = 2000;
