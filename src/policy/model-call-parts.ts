import { attemptDecoding, NO_ROUTE_DECODING } from './attempt-decoding.js';
import type { RoutePlan } from './decide-route.js';
import type { Decoding } from './decoding-schema.js';
import type { Policy } from './schema.js';
import type { ChatMessage, RouteRequest } from './types.js';

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
 * The decoding values, repair and format instruction of an attempt on `modelKey` under the latest request rules
 * (`adjusted`: the retry after a format failure, see the ladder's `adjusted`).
 */
export function latestAttemptSettings(
  policy: Policy,
  plan: RoutePlan,
  request: RouteRequest,
  modelKey: string,
  adjusted = false,
): AttemptSettings {
  const adjustment = adjusted ? (plan.adjustedRetry ?? null) : null;
  const model = policy.models[modelKey];
  const decoding = attemptDecoding(plan.decoding ?? NO_ROUTE_DECODING, model?.decoding, request.decoding, adjustment);
  const json = plan.responseFormat !== null;
  // The schema as a tool: only where the model takes tools and the request brings none of its own.
  const schemaTool =
    adjustment?.schemaTool === true &&
    plan.responseFormat?.schema !== undefined &&
    model?.capabilities.includes('tools') === true &&
    (request.tools ?? []).length === 0;
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

/** The tool fields a model call carries, as the request states them. */
export type ToolFields = Partial<Pick<RouteRequest, 'tools' | 'toolChoice' | 'parallelToolCalls'>>;

/** The request's tool fields that are set (none: the activity input stays as it was before tools). */
export function toolsOf(source: ToolFields): ToolFields {
  return {
    ...(source.tools && source.tools.length > 0 ? { tools: source.tools } : {}),
    ...(source.toolChoice === undefined ? {} : { toolChoice: source.toolChoice }),
    ...(source.parallelToolCalls === undefined ? {} : { parallelToolCalls: source.parallelToolCalls }),
  };
}

/** The route's system prompt first, then the conversation. */
export function withSystemPrompt(system: string | null, messages: ChatMessage[]): ChatMessage[] {
  return system ? [{ role: 'system', content: system }, ...messages] : messages;
}
