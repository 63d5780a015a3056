import type { AccessGrant } from './access-schema.js';
import type { Policy } from './schema.js';
import { canonicalPrincipal } from './signatures.js';
import type { RouteRequest, TrailEntry } from './types.js';

/** Who sent a request, as far as the worker could verify it. */
export interface CallerFacts {
  /** Verified caller name, or null for an anonymous (or unverified) caller. */
  name: string | null;
  /** Why a claimed name was not accepted (bad signature, unknown key), for the trail. */
  problem: string | null;
}

/** A request narrowed to what its caller may ask for, and the trail entries that say what was refused. */
export interface AccessVerdict {
  request: RouteRequest;
  notes: TrailEntry[];
}

/** Longest caller-supplied value echoed into the trail, characters. */
const ECHO_LIMIT = 64;

/**
 * Applies the policy's `access` grants: a forced route or model order the caller is not granted is dropped
 * (the request is routed as if it had not asked), and metadata keys the policy does not declare are dropped
 * before matching. Each refusal is noted in the trail with its reason.
 */
export function applyAccess(policy: Policy, request: RouteRequest, caller: CallerFacts): AccessVerdict {
  const notes: TrailEntry[] = [];
  const who = caller.name === null ? 'anonymous caller' : `caller ${caller.name}`;
  if (caller.problem !== null) notes.push({ step: 'access', outcome: 'caller-unverified', reason: caller.problem });
  const grants =
    caller.name === null
      ? undefined
      : Object.entries(policy.access.callers).find(([name]) => canonicalPrincipal(name) === caller.name)?.[1];
  const routeGrant = grants?.forceRoutes ?? policy.access.forceRoutes;
  const modelGrant = grants?.forceModels ?? policy.access.forceModels;
  let narrowed: RouteRequest = request;
  if (request.route !== undefined && !granted(routeGrant, [request.route])) {
    const { route, ...rest } = narrowed;
    narrowed = rest;
    notes.push({
      step: 'access',
      outcome: 'route-refused',
      reason: `${who} may not force route "${echo(route!)}" (access.forceRoutes); routed by the policy instead`,
    });
  }
  if (request.models !== undefined && request.models.length > 0 && !granted(modelGrant, request.models)) {
    const { models, ...rest } = narrowed;
    narrowed = rest;
    notes.push({
      step: 'access',
      outcome: 'models-refused',
      reason: `${who} may not choose models ${models!.map(echo).join(', ')} (access.forceModels); the route's models are used`,
    });
  }
  const metadata = request.metadata ?? {};
  const ignored = Object.keys(metadata).filter((key) => !policy.access.metadataKeys.includes(key));
  if (ignored.length > 0) {
    const kept = Object.fromEntries(
      Object.entries(metadata).filter(([key]) => policy.access.metadataKeys.includes(key)),
    );
    narrowed = { ...narrowed, metadata: kept };
    const names =
      ignored.slice(0, 5).map(echo).join(', ') + (ignored.length > 5 ? ` and ${ignored.length - 5} more` : '');
    notes.push({
      step: 'access',
      outcome: 'metadata-ignored',
      reason: `metadata keys not declared in access.metadataKeys are not matched on: ${names}`,
    });
  }
  return { request: narrowed, notes };
}

function granted(grant: AccessGrant, names: readonly string[]): boolean {
  if (grant === 'all') return true;
  if (grant === 'none') return false;
  return names.every((name) => grant.includes(name));
}

function echo(value: string): string {
  const clean = value.replace(/[\p{Cc}\p{Cf}]/gu, '');
  return clean.length > ECHO_LIMIT ? `${clean.slice(0, ECHO_LIMIT)}…` : clean;
}
