import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Policy, RouteConfig } from './schema.js';

/** A route's sampled-quality settings, resolved over `defaults.quality` (docs/review.md#grading). */
export interface RouteQuality {
  /** Share of answered requests sent for grading, percent 0..100. @default 0 */
  samplePercent: number;
  /** Mean grade below which the report flags the route, 0..1; null: no floor. */
  floor: number | null;
  /** How long a sampled answer waits for its grade, ms. @default the policy's review deadline */
  gradeDeadlineMs: number;
}

/**
 * The quality settings of a route: its own `quality` keys over `defaults.quality`, key by key; the route's
 * `qualityFloor` (an alias) applies when neither `quality.floor` is set. Unknown route: the defaults. Pure.
 */
export function routeQuality(
  policy: {
    routes: readonly Pick<RouteConfig, 'name' | 'quality' | 'qualityFloor'>[];
    defaults?: Pick<Policy['defaults'], 'quality'>;
    review: Pick<Policy['review'], 'deadline'>;
  },
  routeName: string | null,
): RouteQuality {
  const route = policy.routes.find((candidate) => candidate.name === routeName);
  const base = policy.defaults?.quality ?? {};
  const own = route?.quality ?? {};
  return {
    samplePercent: own.samplePercent ?? base.samplePercent ?? 0,
    floor: own.floor ?? route?.qualityFloor ?? base.floor ?? null,
    gradeDeadlineMs: own.gradeDeadline ?? base.gradeDeadline ?? policy.review.deadline,
  };
}

/** Buckets of the sampling hash: a percentage is decided to 1/100 of a percent. */
const SAMPLE_BUCKETS = 10_000;

/**
 * Whether a request's answer is in the grading sample: a hash of its workflow id against `samplePercent`. The same id
 * always gets the same answer (replay-safe: no randomness, no clock); over many ids the share is `samplePercent`.
 */
export function inGradingSample(workflowId: string, samplePercent: number): boolean {
  if (samplePercent <= 0) return false;
  if (samplePercent >= 100) return true;
  const digest = sha256(utf8ToBytes(`switchyard-grade-sample-v1\n${workflowId}`));
  const value = ((digest[0]! << 24) | (digest[1]! << 16) | (digest[2]! << 8) | digest[3]!) >>> 0;
  return value % SAMPLE_BUCKETS < Math.round(samplePercent * (SAMPLE_BUCKETS / 100));
}

/** The grading workflow of a routed request (one per request: `grade-<routing workflow id>`). */
export function gradeWorkflowId(routeWorkflowId: string): string {
  return `grade-${routeWorkflowId}`;
}

/** The routing workflow a grade item is about: `grade-<id>` → `<id>`; a routing workflow id as it is. */
export function gradedWorkflowId(id: string): string {
  return id.startsWith('grade-') ? id.slice('grade-'.length) : id;
}
