import { DECODING_RANGES } from './decoding-ranges.js';
import type { AdjustedRetry, CallerDecoding, Decoding, DecodingLimits } from './decoding-schema.js';
import type { Policy, RouteConfig } from './schema.js';

/**
 * Decoding values of one attempt (docs/gateway.md#decoding-parameters), pure: `defaults.decoding`, then the model's
 * `decoding`, then the route's, key by key; a caller's values only with `callerDecoding: clamp`, moved into the
 * route's `decodingLimits`; the adjusted retry's values last. The output cap is not here: it is the attempt's
 * `maxOutputTokens` (route cap, lowered by the caller's `maxOutputTokens` and the cost cap).
 */

/** The decoding layers of a route, defaults filled in. */
export interface RouteDecoding {
  /** `defaults.decoding`. */
  base: Decoding;
  /** The route's `decoding`. */
  route: Decoding;
  /** Route over defaults. @default ignore */
  caller: CallerDecoding;
  /** Route over defaults, key by key. @default the valid ranges */
  limits: DecodingLimits;
}

/** How a route asks its models (route over `defaults`), as the plan carries it (absent on plans made before). */
export interface RouteCallSettings {
  /** Repair a JSON answer that does not parse before it counts as a format failure. @default true */
  repair: boolean;
  /** How the retry after a format failure is adjusted; null: it is not. @default null */
  adjustedRetry: AdjustedRetry | null;
  decoding: RouteDecoding;
}

/** No decoding values, no caller values: what a plan made before these settings means. */
export const NO_ROUTE_DECODING: RouteDecoding = { base: {}, route: {}, caller: 'ignore', limits: {} };

/** The route's call settings over `defaults` (policy snapshots recorded before a key existed lack it). */
export function routeCallSettings(policy: Policy, route: RouteConfig): RouteCallSettings {
  const defaults = policy.defaults;
  const adjusted = route.adjustedRetry ?? defaults.adjustedRetry;
  return {
    repair: route.repair ?? defaults.repair ?? true,
    adjustedRetry: adjusted ? { ...defaults.adjustedRetry, ...route.adjustedRetry } : null,
    decoding: {
      base: defaults.decoding ?? {},
      route: route.decoding ?? {},
      caller: route.callerDecoding ?? defaults.callerDecoding ?? 'ignore',
      limits: { ...defaults.decodingLimits, ...route.decodingLimits },
    },
  };
}

/**
 * The decoding values one attempt sends. `model`: the model's own `decoding`; `caller`: the request's `decoding`
 * (used only with `callerDecoding: clamp`); `adjusted`: the adjusted retry's values, or null.
 */
export function attemptDecoding(
  decoding: RouteDecoding,
  model: Decoding | undefined,
  caller: Decoding | undefined,
  adjusted: AdjustedRetry | null,
): Decoding {
  const policyValues: Decoding = { ...defined(decoding.base), ...defined(model), ...defined(decoding.route) };
  const values =
    decoding.caller === 'clamp' && caller ? withCaller(policyValues, caller, decoding.limits) : policyValues;
  if (adjusted?.temperature !== undefined) values.temperature = adjusted.temperature;
  if (adjusted?.topP !== undefined) values.topP = adjusted.topP;
  return values;
}

/** The policy's values with the caller's over them, each clamped to the route's limits. */
export function withCaller(policyValues: Decoding, caller: Decoding, limits: DecodingLimits): Decoding {
  const values = { ...policyValues };
  const { temperature, topP } = DECODING_RANGES;
  if (caller.temperature !== undefined) {
    values.temperature = clamp(
      caller.temperature,
      limits.temperature?.min ?? temperature.min,
      limits.temperature?.max ?? temperature.max,
    );
  }
  if (caller.topP !== undefined) {
    values.topP = clamp(caller.topP, limits.topP?.min ?? 0, limits.topP?.max ?? topP.max);
  }
  if (caller.stop && caller.stop.length > 0) {
    // The policy's stop sequences always apply; the caller's are added up to `maxStop`, 4 in all.
    const own = policyValues.stop ?? [];
    const added = caller.stop
      .filter((stop) => !own.includes(stop))
      .slice(0, limits.maxStop ?? DECODING_RANGES.stopCount);
    const stop = [...own, ...added].slice(0, DECODING_RANGES.stopCount);
    if (stop.length > 0) values.stop = stop;
  }
  if (caller.seed !== undefined && limits.seed !== false) values.seed = caller.seed;
  return values;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** The keys of a decoding layer that are set (a snapshot's JSON may hold none, or undefined ones). */
function defined(layer: Decoding | undefined): Decoding {
  const out: Decoding = {};
  for (const key of ['temperature', 'topP', 'stop', 'seed'] as const) {
    if (layer?.[key] !== undefined) Object.assign(out, { [key]: layer[key] });
  }
  return out;
}
