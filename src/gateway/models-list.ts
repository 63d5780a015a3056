import type { Policy } from '../policy/schema.js';
import { AUTO_MODEL_NAMES, MODEL_PREFIX } from './resolve-model.js';

/** One entry of `GET /v1/models` (OpenAI's model object). */
export interface ModelEntry {
  id: string;
  object: 'model';
  /** Unix seconds (the gateway's start). */
  created: number;
  /** `switchyard` for auto routing, `switchyard-route` for routes, the provider key for policy models. */
  owned_by: string;
}

/**
 * What `model` may name: `auto`, every route, and every policy model (as `model:KEY` when a route has
 * the same name, since route names win).
 */
export function listModels(policy: Policy, created: number): ModelEntry[] {
  const entry = (id: string, ownedBy: string): ModelEntry => ({ id, object: 'model', created, owned_by: ownedBy });
  const routes = new Set(policy.routes.map((route) => route.name));
  return [
    ...AUTO_MODEL_NAMES.slice(0, 1).map((name) => entry(name, 'switchyard')),
    ...policy.routes.map((route) => entry(route.name, 'switchyard-route')),
    ...Object.entries(policy.models).map(([key, model]) =>
      entry(routes.has(key) ? `${MODEL_PREFIX}${key}` : key, model.provider),
    ),
  ];
}
