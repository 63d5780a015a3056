import { checkVerify } from './check-verify.js';
import type { ConversationRules } from './conversation-rules-schema.js';
import type { BudgetConfig, Policy } from './schema.js';

type Issue = (path: (string | number)[], message: string) => void;

/** Cross-references a schema cannot express: every name used must be defined. */
export function checkReferences(policy: Omit<Policy, never>, issue: Issue): void {
  const intentNames = new Set([...Object.keys(policy.intents), 'unknown', 'oos']);
  for (const [key, model] of Object.entries(policy.models)) {
    if (!policy.providers[model.provider]) issue(['models', key, 'provider'], `unknown provider "${model.provider}"`);
  }
  const routeNames = new Set<string>();
  policy.routes.forEach((route, index) => {
    if (routeNames.has(route.name)) issue(['routes', index, 'name'], `duplicate route name "${route.name}"`);
    routeNames.add(route.name);
    if (!policy.models[route.primary]) issue(['routes', index, 'primary'], `unknown model "${route.primary}"`);
    route.fallbacks.forEach((model, position) => {
      if (!policy.models[model]) issue(['routes', index, 'fallbacks', position], `unknown model "${model}"`);
    });
    for (const key of Object.keys(route.when?.metadata ?? {})) {
      if (!policy.access.metadataKeys.includes(key))
        issue(
          ['routes', index, 'when', 'metadata', key],
          `metadata key "${key}" is not declared in access.metadataKeys`,
        );
    }
    route.when?.intent?.forEach((intent, position) => {
      if (!intentNames.has(intent)) issue(['routes', index, 'when', 'intent', position], `unknown intent "${intent}"`);
    });
  });
  policy.review.when.intents.forEach((intent, position) => {
    if (!intentNames.has(intent)) issue(['review', 'when', 'intents', position], `unknown intent "${intent}"`);
  });
  // Conversation rules' intents (docs/review.md#conversation-rules), in review.rules and routes' review.rules.
  const ruleSets: [(string | number)[], ConversationRules | undefined][] = [
    [['review', 'rules'], policy.review.rules],
    ...policy.routes.map((route, index): [(string | number)[], ConversationRules | undefined] => [
      ['routes', index, 'review', 'rules'],
      typeof route.review === 'object' ? route.review.rules : undefined,
    ]),
  ];
  for (const [path, rules] of ruleSets) {
    for (const [key, rule] of Object.entries(rules ?? {})) {
      if (typeof rule !== 'object') continue;
      (rule.intents ?? []).forEach((intent, position) => {
        if (!intentNames.has(intent)) issue([...path, key, 'intents', position], `unknown intent "${intent}"`);
      });
    }
  }
  const onTimeout = policy.review.onTimeout;
  if (onTimeout !== 'degrade' && !policy.models[onTimeout.model]) {
    issue(['review', 'onTimeout', 'model'], `unknown model "${onTimeout.model}"`);
  }
  if (policy.classifier.llm && !policy.models[policy.classifier.llm.model]) {
    issue(['classifier', 'llm', 'model'], `unknown model "${policy.classifier.llm.model}"`);
  }
  const defaultDegrade = policy.defaults.degrade?.model;
  if (defaultDegrade && !policy.models[defaultDegrade])
    issue(['defaults', 'degrade', 'model'], `unknown model "${defaultDegrade}"`);
  policy.review.draftModels.forEach((model, position) => {
    if (!policy.models[model]) issue(['review', 'draftModels', position], `unknown model "${model}"`);
  });
  checkAccess(policy, routeNames, issue);
  checkBudgets(policy, routeNames, issue);
  policy.routes.forEach((route, index) => {
    const degraded = route.degrade?.model;
    if (degraded && !policy.models[degraded])
      issue(['routes', index, 'degrade', 'model'], `unknown model "${degraded}"`);
    const hedged = route.hedge?.model;
    if (hedged && !policy.models[hedged]) issue(['routes', index, 'hedge', 'model'], `unknown model "${hedged}"`);
    const tier = route.strongGain;
    if (!tier) return;
    if (!policy.models[tier.model]) issue(['routes', index, 'strongGain', 'model'], `unknown model "${tier.model}"`);
    if (!policy.classifier.router)
      issue(['routes', index, 'strongGain'], 'needs classifier.router (a `switchyard router train` artifact)');
  });
  policy.routes.forEach((route, index) => {
    checkVerify(policy, route, index, issue);
  });
  for (const [key, provider] of Object.entries(policy.providers)) {
    if (!provider.baseURL && !provider.baseURLEnv && !provider.fakeProvider && provider.kind !== 'anthropic') {
      issue(['providers', key, 'baseURL'], 'an openai-compatible provider needs baseURL (or baseURLEnv)');
    }
  }
}

/** Every route and model an `access` grant names must exist. */
function checkAccess(
  policy: Omit<Policy, never>,
  routeNames: Set<string>,
  issue: (path: (string | number)[], message: string) => void,
): void {
  const check = (grant: unknown, path: (string | number)[], known: (name: string) => boolean, what: string) => {
    if (!Array.isArray(grant)) return;
    grant.forEach((name: string, position) => {
      if (!known(name)) issue([...path, position], `unknown ${what} "${name}"`);
    });
  };
  const { access } = policy;
  check(access.forceRoutes, ['access', 'forceRoutes'], (name) => routeNames.has(name), 'route');
  check(access.forceModels, ['access', 'forceModels'], (name) => name in policy.models, 'model');
  for (const [caller, grant] of Object.entries(access.callers)) {
    check(grant.forceRoutes, ['access', 'callers', caller, 'forceRoutes'], (name) => routeNames.has(name), 'route');
    check(grant.forceModels, ['access', 'callers', caller, 'forceModels'], (name) => name in policy.models, 'model');
  }
}

/** Budget and quota names are unique; scopes and targets name defined routes, models, providers, metadata keys. */
function checkBudgets(policy: Omit<Policy, never>, routeNames: Set<string>, issue: Issue): void {
  for (const section of ['budgets', 'quotas'] as const) {
    const names = new Set<string>();
    (policy[section] ?? []).forEach((entry, index) => {
      if (names.has(entry.name))
        issue([section, index, 'name'], `duplicate ${section.slice(0, -1)} name "${entry.name}"`);
      names.add(entry.name);
      checkScope(policy, routeNames, entry.scope, [section, index, 'scope'], issue);
      if ('target' in entry) checkScope(policy, routeNames, entry.target, [section, index, 'target'], issue);
    });
  }
}

function checkScope(
  policy: Omit<Policy, never>,
  routeNames: Set<string>,
  scope: BudgetConfig['scope'],
  at: (string | number)[],
  issue: Issue,
): void {
  if (scope === 'all') return;
  if ('route' in scope && !routeNames.has(scope.route)) issue([...at, 'route'], `unknown route "${scope.route}"`);
  if ('model' in scope && !policy.models[scope.model]) issue([...at, 'model'], `unknown model "${scope.model}"`);
  if ('provider' in scope && !policy.providers[scope.provider])
    issue([...at, 'provider'], `unknown provider "${scope.provider}"`);
  if ('metadata' in scope) {
    for (const key of Object.keys(scope.metadata)) {
      if (!policy.access.metadataKeys.includes(key))
        issue([...at, 'metadata', key], `metadata key "${key}" is not declared in access.metadataKeys`);
    }
  }
}
