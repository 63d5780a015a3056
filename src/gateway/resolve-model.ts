import type { Policy } from '../policy/schema.js';
import { modelNotFound } from './openai-error.js';

/** `model` values that mean "let the policy route it". */
export const AUTO_MODEL_NAMES = ['auto', 'switchyard'] as const;

/** Prefixes that name a route or a model explicitly when a route and a model share a name. */
export const ROUTE_PREFIX = 'route:';
export const MODEL_PREFIX = 'model:';

/** What the request's `model` asks for. */
export type ModelTarget = { kind: 'auto' } | { kind: 'route'; route: string } | { kind: 'model'; model: string };

/**
 * Resolves the OpenAI `model` field: `auto`/`switchyard` route normally, a route name forces that route, a
 * policy model key asks for that model directly. Route names win over model keys of the same name;
 * `route:NAME` and `model:KEY` are explicit. Throws a 404 GatewayError for anything else.
 */
export function resolveModel(name: string, policy: Policy): ModelTarget {
  if ((AUTO_MODEL_NAMES as readonly string[]).includes(name)) return { kind: 'auto' };
  const hasRoute = (route: string) => policy.routes.some((candidate) => candidate.name === route);
  if (name.startsWith(ROUTE_PREFIX)) {
    const route = name.slice(ROUTE_PREFIX.length);
    if (!hasRoute(route)) throw modelNotFound(name);
    return { kind: 'route', route };
  }
  if (name.startsWith(MODEL_PREFIX)) {
    const model = name.slice(MODEL_PREFIX.length);
    if (!policy.models[model]) throw modelNotFound(name);
    return { kind: 'model', model };
  }
  if (hasRoute(name)) return { kind: 'route', route: name };
  if (policy.models[name]) return { kind: 'model', model: name };
  throw modelNotFound(name);
}

/** Resolves one entry of OpenRouter's `models` array: a policy model key (optionally `model:KEY`). */
export function resolveFallbackModel(name: string, policy: Policy, param: string): string {
  const key = name.startsWith(MODEL_PREFIX) ? name.slice(MODEL_PREFIX.length) : name;
  if (!policy.models[key]) throw modelNotFound(name, param);
  return key;
}
