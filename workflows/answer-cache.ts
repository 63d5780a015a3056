import { log, proxyLocalActivities } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import {
  type CacheLookupResult,
  cacheEligibility,
  cacheHitEntry,
  cacheMissEntry,
  storableAnswer,
} from '../src/policy/answer-cache.js';
import type { RouteCache } from '../src/policy/cache-schema.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import type { LadderEnd } from './admit-step.js';
import type { Ending, RouteRun } from './route-run.js';

/** The cache runs in the worker process (local activities): a hit or miss is a marker in the history. */
const { cacheLookup, cacheStore } = proxyLocalActivities<SwitchyardActivities>({
  startToCloseTimeout: '5s',
  retry: { maximumAttempts: 2, initialInterval: '100ms' },
});

/** Where a missed request's answer is kept once it is answered. */
export interface CacheSlot {
  key: string;
  route: string;
  cache: RouteCache;
}

/** The cache's verdict before the ladder: the ending of a hit, or where to keep the answer (null: not cached). */
export type CacheLookup = { hit: Ending; slot: null } | { hit: null; slot: CacheSlot | null };

/** Nothing looked up (histories from before `difficulty-routing`, routes without `cache`). */
export const NO_CACHE: CacheLookup = { hit: null, slot: null };

/** Whether the plan's route has an answer cache at all; without one `lookupCachedAnswer` is NO_CACHE at once. */
export function routeHasCache(run: RouteRun, plan: RoutePlan): boolean {
  return run.policy.routes.find((route) => route.name === plan.route)?.cache !== undefined;
}

/**
 * Looks the request up in its route's cache when the route has one and the request may use it (public data only;
 * see cacheEligibility). A hit ends the request at no cost with the cached model's answer; a failing lookup is a miss.
 */
export async function lookupCachedAnswer(run: RouteRun, plan: RoutePlan): Promise<CacheLookup> {
  const { policy, request } = run;
  const eligibility = cacheEligibility({
    cache: policy.routes.find((route) => route.name === plan.route)?.cache,
    dataClass: run.privacy!.dataClass,
    request,
    streaming: run.input.stream !== undefined,
    upfrontReview: plan.upfrontReview,
  });
  if (eligibility.kind === 'none') return NO_CACHE;
  if (eligibility.kind === 'skip') {
    run.note({ step: 'cache', outcome: 'skip', reason: eligibility.reason });
    return NO_CACHE;
  }
  let found: CacheLookupResult;
  try {
    found = await cacheLookup({
      request: {
        messages: request.messages,
        tools: request.tools,
        toolChoice: request.toolChoice,
        parallelToolCalls: request.parallelToolCalls,
        responseFormat: request.responseFormat,
        models: request.models,
        maxOutputTokens: request.maxOutputTokens,
        // A caller's decoding values shape the answer only where the route passes them (`callerDecoding: clamp`).
        ...(plan.decoding?.caller === 'clamp' && request.decoding ? { decoding: request.decoding } : {}),
      },
      route: plan.route,
      policyVersion: policy.version,
      policyHash: run.policyHash,
    });
  } catch (error) {
    log.warn('answer cache lookup failed: treated as a miss', { error: String(error) });
    run.note({ step: 'cache', outcome: 'error', reason: 'lookup failed: treated as a miss, answer not kept' });
    return NO_CACHE;
  }
  if (found.hit === null) {
    run.cacheUse = { result: 'miss', stored: false };
    run.note(cacheMissEntry(plan.route, policy.version));
    return { hit: null, slot: { key: found.key, route: plan.route, cache: eligibility.cache } };
  }
  const { hit } = found;
  run.cacheUse = { result: 'hit', stored: false };
  run.note(cacheHitEntry(hit, plan.route, policy.version));
  return {
    hit: {
      outcome: 'answered',
      answer: hit.answer,
      model: hit.model,
      reason: `answered from the cache (${hit.model}, cached ${hit.cachedAt})`,
      finish: hit.finish,
      toolCalls: null,
    },
    slot: null,
  };
}

/**
 * Keeps the answer of a missed request when it may be kept (storableAnswer: the request's own ladder answered with
 * `stop` and no tool calls). Runs after the answer; a failure is logged and noted, never fails the request.
 */
export async function storeAnswer(run: RouteRun, slot: CacheSlot, end: LadderEnd, ending: Ending): Promise<void> {
  const entry = storableAnswer({ ...ending, ladderAnswered: end.kind === 'answer' });
  if (entry === null) return;
  let stored = false;
  try {
    ({ stored } = await cacheStore({
      key: slot.key,
      route: slot.route,
      ttlSeconds: slot.cache.ttlSeconds,
      ...(slot.cache.maxEntries === undefined ? {} : { maxEntries: slot.cache.maxEntries }),
      entry,
    }));
  } catch (error) {
    log.warn('answer cache store failed', { error: String(error) });
  }
  if (run.cacheUse) run.cacheUse.stored = stored;
  run.note(
    stored
      ? { step: 'cache', outcome: 'stored', reason: `kept for ${slot.cache.ttlSeconds} s on route ${slot.route}` }
      : { step: 'cache', outcome: 'not-stored', reason: 'the store failed (logged); the answer stands' },
  );
}
