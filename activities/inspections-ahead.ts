import { digestOf } from '../src/policy/signatures.js';
import type { RouteRequest } from '../src/policy/types.js';
import type { InspectRequestOutput } from './types.js';

/** What a start hands over: the request as sent and the policy version and hash it names. */
export interface StartedRequest {
  request: RouteRequest;
  policyVersion?: string | undefined;
  policyHash?: string | undefined;
}

/**
 * Inspects a request under the worker's policy for a version (and expected hash): the policy hash it used and the
 * inspection, or null when the worker would refuse the version. Pure work: no clock, no state (so no canary choice).
 */
export type AheadInspector = (
  started: StartedRequest,
) => { hash: string; inspection: Promise<InspectRequestOutput> } | null;

/** Entries kept at most (oldest dropped first). @default 256 */
export const INSPECTIONS_AHEAD_CAPACITY = 256;
/** An inspection never taken is dropped after this long, ms. @default 30000 */
export const INSPECTION_AHEAD_MAX_AGE_MS = 30_000;

interface Entry {
  /** Date.now() at the offer, ms. */
  at: number;
  requestDigest: string;
  /** Until the inspection starts; dropped then, so a kept entry holds no request text. */
  started: StartedRequest | null;
  made: { hash: string; inspection: Promise<InspectRequestOutput> } | null;
}

/**
 * Inspections made ahead of their workflow, when a RouterClient starts requests on the worker's own process (`dev`,
 * the embedded gateway, the benchmarks): the client offers each request it starts, and the worker inspects it
 * (classification, privacy scan, locale) while the server records the start and the workflow's first task runs,
 * instead of inside the `resolvePolicy` local activity that waits for it (docs/benchmarks.md, issue 19).
 *
 * Nothing changes in what is recorded: `resolvePolicy` takes an inspection only for the same workflow id, the same
 * request (its digest) and the same policy hash it resolved, and the inspection is a pure function of those two.
 * Anything else (no offer, another request, a canary's policy, a run on another worker) inspects as before. Each
 * entry is taken once; entries are bounded in number and age, and drop the request once inspected.
 */
export class InspectionsAhead {
  private readonly entries = new Map<string, Entry>();
  private inspector: AheadInspector | null = null;

  constructor(
    private readonly capacity = INSPECTIONS_AHEAD_CAPACITY,
    private readonly maxAgeMs = INSPECTION_AHEAD_MAX_AGE_MS,
  ) {}

  /** Wired by the worker's activities (`createActivities`); offers before that are ignored. */
  serve(inspector: AheadInspector): void {
    this.inspector = inspector;
  }

  /**
   * A start is on its way: inspect on the next turn of the event loop, after the start call is on the wire.
   * `requestDigest` is `digestOf(started.request)`, which the client computes anyway.
   */
  offer(workflowId: string, started: StartedRequest, requestDigest: string): void {
    if (!this.inspector) return;
    const now = Date.now();
    this.dropStale(now);
    const entry: Entry = { at: now, requestDigest, started, made: null };
    this.entries.delete(workflowId);
    this.entries.set(workflowId, entry);
    setImmediate(() => this.inspect(workflowId, entry));
  }

  /** The start failed (or was a repeat): forget its offer. */
  withdraw(workflowId: string): void {
    this.entries.delete(workflowId);
  }

  /**
   * The inspection made ahead for this workflow, of this request, under this policy hash; null otherwise (then the
   * caller inspects itself). An entry is taken once, whether it matches or not.
   */
  take(workflowId: string, policyHash: string, request: RouteRequest): Promise<InspectRequestOutput> | null {
    const entry = this.entries.get(workflowId);
    if (!entry) return null;
    this.entries.delete(workflowId);
    if (!entry.made || entry.made.hash !== policyHash || entry.requestDigest !== digestOf(request)) return null;
    return entry.made.inspection;
  }

  /** Offers not yet taken (tests, metrics). */
  get size(): number {
    return this.entries.size;
  }

  private inspect(workflowId: string, entry: Entry): void {
    const { started } = entry;
    entry.started = null;
    // Taken or withdrawn meanwhile: the local activity inspects (or inspected) itself.
    if (!started || !this.inspector || this.entries.get(workflowId) !== entry) return;
    try {
      const made = this.inspector(started);
      if (made) {
        made.inspection.catch(() => undefined); // a failure is the taker's, who inspects again
        entry.made = made;
        return;
      }
    } catch {
      // The worker would refuse this version: resolvePolicy says so itself.
    }
    this.entries.delete(workflowId);
  }

  private dropStale(now: number): void {
    for (const [workflowId, entry] of this.entries) {
      if (this.entries.size < this.capacity && now - entry.at <= this.maxAgeMs) break;
      this.entries.delete(workflowId);
    }
  }
}
