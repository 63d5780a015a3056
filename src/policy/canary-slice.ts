import { type CanarySettings, type CanarySliceBy, describeSliceBy } from './canary-schema.js';

/** Which configured version decided a request: the worker's active policy or the canary candidate. */
export type RolloutRole = 'active' | 'canary';

/** Recorded with every request (result `rollout`): the role that decided it and why (slice, promotion, rollback). */
export interface Rollout {
  role: RolloutRole;
  reason: string;
}

/** The rollout of a request on a worker without a canary (and of histories from before canaries). */
export const NO_CANARY: Readonly<Rollout> = Object.freeze({ role: 'active', reason: 'no canary configured' });

/** The controller's lifecycle as the worker last saw it; `starting`: not seen running yet. */
export const CANARY_STATES = ['starting', 'running', 'waiting-for-promotion', 'promoted', 'rolled-back'] as const;
export type CanaryState = (typeof CANARY_STATES)[number];

/** Buckets of the slice: a request falls in 0..9999; the candidate takes those below `percent × 100`. */
export const SLICE_BUCKETS = 10_000;

/** The request facts a slice can be cut by. */
export interface SliceFacts {
  /** The request's `requestId`, else its workflow id (stable for the request either way). */
  requestId: string;
  /** Verified caller name, or null (anonymous callers share the empty name). */
  caller: string | null;
  metadata: Readonly<Record<string, string>>;
}

/** What the worker's configuration and the controller's state say about one request. */
export interface RolloutInput {
  settings: CanarySettings;
  candidateVersion: string;
  state: CanaryState;
  /** Why the controller reached its state (e.g. the broken guardrail), for the reason text. */
  stateReason: string | null;
  facts: SliceFacts;
}

/**
 * 32-bit FNV-1a over the UTF-16 code units of `text`: stable on every worker and every Node version, so the
 * same request always lands in the same bucket.
 */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The request's bucket (0..9999). Salted with the candidate version, so each candidate takes its own slice. */
export function sliceBucket(candidateVersion: string, key: string): number {
  return fnv1a(`${candidateVersion}\u0000${key}`) % SLICE_BUCKETS;
}

/** The value the slice rule reads from a request. */
export function sliceKey(by: CanarySliceBy, facts: SliceFacts): string {
  if (by.kind === 'requestId') return facts.requestId;
  if (by.kind === 'caller') return facts.caller ?? '';
  return facts.metadata[by.key] ?? '';
}

/** True when the request is in the candidate's slice. */
export function inSlice(settings: CanarySettings, candidateVersion: string, facts: SliceFacts): boolean {
  return sliceBucket(candidateVersion, sliceKey(settings.by, facts)) < Math.round(settings.percent * 100);
}

/** `10 % by requestId` */
export function sliceRule(settings: Pick<CanarySettings, 'percent' | 'by'>): string {
  return `${settings.percent} % by ${describeSliceBy(settings.by)}`;
}

/**
 * Which version decides a request. Before the controller runs and after a rollback: the active one. Running (or
 * waiting for a person to promote): the slice. Promoted: the candidate, for every request.
 */
export function decideRollout(input: RolloutInput): Rollout {
  const { settings, candidateVersion, state, facts } = input;
  const why = input.stateReason ? `: ${input.stateReason}` : '';
  switch (state) {
    case 'promoted':
      return { role: 'canary', reason: `promoted: candidate ${candidateVersion} serves 100 %${why}` };
    case 'rolled-back':
      return { role: 'active', reason: `canary ${candidateVersion} rolled back${why}` };
    case 'starting':
      return { role: 'active', reason: `canary ${candidateVersion} not running yet` };
    default: {
      const bucket = sliceBucket(candidateVersion, sliceKey(settings.by, facts));
      const inside = bucket < Math.round(settings.percent * 100);
      return inside
        ? { role: 'canary', reason: `slice ${sliceRule(settings)} (bucket ${bucket})` }
        : { role: 'active', reason: `outside canary slice ${sliceRule(settings)} (bucket ${bucket})` };
    }
  }
}
