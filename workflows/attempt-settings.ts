import { attemptDecoding, NO_ROUTE_DECODING } from '../src/policy/attempt-decoding.js';
import type { RoutePlan } from '../src/policy/decide-route.js';
import type { Decoding } from '../src/policy/decoding-schema.js';
import type { RouteRun } from './route-run.js';

/** How one attempt is asked beyond its messages and limits (activities/types.ts CallModelInput). */
export interface AttemptSettings {
  /** Decoding values to send. @default none (provider defaults) */
  decoding?: Decoding;
  /** Repair a JSON answer that does not parse before failing on format. @default false */
  repair?: boolean;
  /** Add the stricter format instruction. @default false */
  strictFormat?: boolean;
  /** Offer the format's schema as a forced tool. @default false */
  schemaTool?: boolean;
}

/**
 * The decoding values, repair and format instruction of an attempt on `modelKey` (`adjusted`: the retry after a
 * format failure, see the ladder's `adjusted`). Only for runs recorded with `request-rules-2026-12`: older
 * histories' attempts were sent without them, and their activity inputs stay as recorded.
 */
export function attemptSettings(run: RouteRun, plan: RoutePlan, modelKey: string, adjusted = false): AttemptSettings {
  if (!run.latestRules) return {};
  const adjustment = adjusted ? (plan.adjustedRetry ?? null) : null;
  const model = run.policy.models[modelKey];
  const decoding = attemptDecoding(
    plan.decoding ?? NO_ROUTE_DECODING,
    model?.decoding,
    run.request.decoding,
    adjustment,
  );
  const json = plan.responseFormat !== null;
  // The schema as a tool: only where the model takes tools and the request brings none of its own.
  const schemaTool =
    adjustment?.schemaTool === true &&
    plan.responseFormat?.schema !== undefined &&
    model?.capabilities.includes('tools') === true &&
    (run.request.tools ?? []).length === 0;
  return {
    ...(Object.keys(decoding).length > 0 ? { decoding } : {}),
    ...(json && plan.repair !== false ? { repair: true } : {}),
    ...(json && adjustment?.strictFormat ? { strictFormat: true } : {}),
    ...(schemaTool ? { schemaTool: true } : {}),
  };
}

/** The settings a model call sends in its activity input: only those set (an unset one leaves the input as before). */
export function settingsInput(call: AttemptSettings): AttemptSettings {
  return {
    ...(call.decoding ? { decoding: call.decoding } : {}),
    ...(call.repair ? { repair: true } : {}),
    ...(call.strictFormat ? { strictFormat: true } : {}),
    ...(call.schemaTool ? { schemaTool: true } : {}),
  };
}
