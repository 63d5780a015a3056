import type { Policy } from './schema.js';

/**
 * Cross-field checks that keep a policy from breaking a worker at run time (see docs/policy-check.md):
 * consistent time limits, output caps that fit context windows, fallbacks without repeats, JSON routes on
 * JSON-capable models, and region restrictions that some provider can meet. Field-level limits (timer
 * bounds, URL schemes, safe patterns) live in the schema itself.
 */

/** Longest time a Node timer can wait, ms (2^31 − 1, about 24.8 days); longer values fire at once. */
export const MAX_TIMER_MS = 2 ** 31 - 1;
/** Longest review deadline, ms (a Temporal timer, not a Node one, so it may exceed MAX_TIMER_MS). */
export const MAX_REVIEW_DEADLINE_MS = 365 * 86_400_000;

type Issue = (path: (string | number)[], message: string) => void;
type TimeLimits = { timeoutMs?: number; deadlineMs?: number; firstTokenTimeoutMs?: number; idleTimeoutMs?: number };

/** Reports every problem through `issue`, with the path of the offending field. */
export function checkPolicySafety(policy: Omit<Policy, never>, issue: Issue): void {
  checkTimeLimits(policy, issue);
  checkOutputCaps(policy, issue);
  checkRouteModels(policy, issue);
  checkRegions(policy, issue);
}

/**
 * A deadline shorter than one attempt, or a stream limit longer than the attempt, is a contradiction.
 * Defaults are checked once; a route is checked where it sets a limit itself, and reported at that field.
 */
function checkTimeLimits(policy: Omit<Policy, never>, issue: Issue): void {
  const { defaults } = policy;
  const check = (owner: (string | number)[], own: TimeLimits, effective: TimeLimits) => {
    const at = (field: keyof TimeLimits) => [...owner, own[field] !== undefined ? field : 'timeoutMs'];
    const timeoutMs = effective.timeoutMs!;
    const deadlineMs = effective.deadlineMs!;
    // A value over the timer bound is already an error of its own field.
    if (Object.values(effective).some((value) => value !== undefined && value > MAX_TIMER_MS)) return;
    if ((own.deadlineMs ?? own.timeoutMs) !== undefined && deadlineMs < timeoutMs) {
      issue(
        at('deadlineMs'),
        `deadlineMs ${deadlineMs} is shorter than timeoutMs ${timeoutMs}: no attempt could run its full time`,
      );
    }
    for (const field of ['firstTokenTimeoutMs', 'idleTimeoutMs'] as const) {
      const value = effective[field];
      if ((own[field] ?? own.timeoutMs) !== undefined && value !== undefined && value > timeoutMs) {
        issue(at(field), `${field} ${value} is longer than timeoutMs ${timeoutMs}`);
      }
    }
  };
  check(['defaults'], defaults, defaults);
  policy.routes.forEach((route, index) => {
    check(['routes', index], route, {
      timeoutMs: route.timeoutMs ?? defaults.timeoutMs,
      deadlineMs: route.deadlineMs ?? defaults.deadlineMs,
      firstTokenTimeoutMs: route.firstTokenTimeoutMs ?? defaults.firstTokenTimeoutMs,
      idleTimeoutMs: route.idleTimeoutMs ?? defaults.idleTimeoutMs,
    });
  });
}

/** An output cap must leave room for the input in every context window it applies to. */
function checkOutputCaps(policy: Omit<Policy, never>, issue: Issue): void {
  policy.routes.forEach((route, index) => {
    const routeCap = route.maxOutputTokens ?? policy.defaults.maxOutputTokens;
    routeModels(route).forEach(({ key, path }) => {
      const model = policy.models[key];
      if (!model || model.contextTokens <= 0) return; // an invalid window is reported on its own
      const cap = Math.min(routeCap, model.maxOutputTokens);
      if (cap >= model.contextTokens) {
        issue(
          ['routes', index, ...path],
          `output cap ${cap} tokens leaves no room for input in model "${key}" (context window ${model.contextTokens}); ` +
            'lower maxOutputTokens on the route or the model',
        );
      }
    });
  });
}

/** Fallbacks are tried once each, after the primary; a route asking for JSON needs JSON-capable models. */
function checkRouteModels(policy: Omit<Policy, never>, issue: Issue): void {
  policy.routes.forEach((route, index) => {
    const seen = new Set([route.primary]);
    route.fallbacks.forEach((key, position) => {
      if (seen.has(key)) {
        const what = key === route.primary ? 'the primary model' : 'listed twice';
        issue(['routes', index, 'fallbacks', position], `fallback "${key}" is ${what}; each model is tried once`);
      }
      seen.add(key);
    });
    if (!route.responseFormat) return;
    routeModels(route).forEach(({ key, path }) => {
      const model = policy.models[key];
      if (model && !model.capabilities.includes('json')) {
        issue(
          ['routes', index, ...path],
          `route asks for a JSON responseFormat but model "${key}" lacks the "json" capability`,
        );
      }
    });
  });
}

/** Every region a restriction names must be some provider's; a route must keep at least one model. */
function checkRegions(policy: Omit<Policy, never>, issue: Issue): void {
  const known = new Set(Object.values(policy.providers).flatMap((provider) => provider.region ?? []));
  const checkNames = (regions: readonly string[], path: (string | number)[]) =>
    regions.forEach((region, position) => {
      if (!known.has(region)) {
        const list = known.size > 0 ? [...known].join(', ') : 'none';
        issue([...path, position], `no provider has region "${region}" (provider regions: ${list})`);
      }
    });
  for (const [dataClass, regions] of Object.entries(policy.privacy.regions ?? {})) {
    checkNames(regions ?? [], ['privacy', 'regions', dataClass]);
  }
  policy.routes.forEach((route, index) => {
    if (!route.regions) return;
    checkNames(route.regions, ['routes', index, 'regions']);
    const allowed = routeModels(route).some(({ key }) => {
      const region = policy.providers[policy.models[key]?.provider ?? '']?.region;
      return region !== undefined && route.regions!.includes(region);
    });
    if (!allowed) {
      issue(['routes', index, 'regions'], 'no model of the route runs on a provider in these regions');
    }
  });
}

/** The route's models, each once (a repeated fallback is reported on its own), with their paths. */
function routeModels(route: Policy['routes'][number]): { key: string; path: (string | number)[] }[] {
  const all = [
    { key: route.primary, path: ['primary'] },
    ...route.fallbacks.map((key, position) => ({ key, path: ['fallbacks', position] })),
  ];
  return all.filter((entry, index) => all.findIndex((other) => other.key === entry.key) === index);
}
