import type { Policy, RouteConfig } from './schema.js';

type Issue = (path: (string | number)[], message: string) => void;

/** A route's `verify` names only models of the policy; `escalateTo` and `onlyFor` name models of the route. */
export function checkVerify(policy: Omit<Policy, never>, route: RouteConfig, index: number, issue: Issue): void {
  const verify = route.verify;
  if (!verify) return;
  const path = ['routes', index, 'verify'];
  const routeModels = new Set([route.primary, ...route.fallbacks]);
  verify.checks.forEach((check, position) => {
    if (check.kind === 'judge' && !policy.models[check.model])
      issue([...path, 'checks', position, 'model'], `unknown model "${check.model}"`);
  });
  if (verify.escalateTo !== undefined && !routeModels.has(verify.escalateTo))
    issue([...path, 'escalateTo'], `"${verify.escalateTo}" is not a model of route "${route.name}"`);
  verify.onlyFor?.forEach((model, position) => {
    if (!routeModels.has(model))
      issue([...path, 'onlyFor', position], `"${model}" is not a model of route "${route.name}"`);
  });
}
