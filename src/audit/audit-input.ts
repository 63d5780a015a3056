import type { ResolvePolicyOutput } from '../../activities/types.js';
import type { Policy } from '../policy/schema.js';
import type { PublicKeys } from '../policy/signatures.js';
import type { RouteRequest } from '../policy/types.js';

/** What the audit needs from a request's start, whichever shape its history has. */
export interface AuditInput {
  request: RouteRequest;
  /** The policy that decided: from the input (histories before workers owned policies) or the resolvePolicy marker. */
  policy: Policy;
  policyHash: string;
  reviewDeadlineMs?: number;
  searchAttributes?: boolean;
  /**
   * Reviewer public keys the worker recorded at start: present for requests whose review decisions must be
   * signed (since workers own their policies); absent for older histories.
   */
  reviewerKeys?: PublicKeys;
}

/**
 * One audit view of both input shapes: before `worker-policy` the client sent the policy in the input; since,
 * the input names a version and the worker's snapshot is the resolvePolicy local activity's recorded result.
 */
export function auditInput(started: unknown, resolved: ResolvePolicyOutput | null): AuditInput | null {
  const input = started as Partial<AuditInput> | null;
  if (typeof input !== 'object' || input === null || !input.request) return null;
  const policy = typeof input.policy === 'object' ? input.policy : resolved?.policy;
  const policyHash = typeof input.policy === 'object' ? input.policyHash : resolved?.hash;
  if (!policy || typeof policyHash !== 'string') return null;
  return {
    request: input.request,
    policy,
    policyHash,
    ...(typeof input.reviewDeadlineMs === 'number' ? { reviewDeadlineMs: input.reviewDeadlineMs } : {}),
    ...(typeof input.searchAttributes === 'boolean' ? { searchAttributes: input.searchAttributes } : {}),
    ...(typeof input.policy !== 'object' && resolved ? { reviewerKeys: resolved.reviewerKeys } : {}),
  };
}
