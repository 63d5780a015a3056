import { reviewModeOf } from '../policy/conversation-rules.js';
import type { Policy } from '../policy/schema.js';
import { DATA_CLASSES } from '../policy/types.js';
import { type FieldChange, sameValue, valueChanges } from './value-diff.js';

/** Added, removed and changed entries of one named collection (routes, models, providers, intents). */
export interface CollectionDiff {
  added: string[];
  removed: string[];
  changed: { name: string; changes: FieldChange[] }[];
}

export interface PolicyDiff {
  from: { version: string; hash: string };
  to: { version: string; hash: string };
  /** Same hash: nothing that matters changed (comments and key order do not count). */
  identical: boolean;
  routes: CollectionDiff & {
    /** Route order (first match wins) when the common routes were reordered, else null. */
    order: { from: string[]; to: string[] } | null;
  };
  models: CollectionDiff;
  providers: CollectionDiff;
  intents: CollectionDiff;
  defaults: FieldChange[];
  privacy: FieldChange[];
  review: FieldChange[];
  classifier: FieldChange[];
  /** Changes an approver should look at twice (wider data access, review removed, caps lifted). */
  warnings: string[];
}

/** A parsed policy and its hash (what `loadPolicyFile` returns). */
export interface HashedPolicy {
  policy: Policy;
  hash: string;
}

/** Route-level differences between two policies. Pure: both sides are parsed, validated policies. */
export function diffPolicies(from: HashedPolicy, to: HashedPolicy): PolicyDiff {
  const a = from.policy;
  const b = to.policy;
  const routes = collectionDiff(byName(a.routes), byName(b.routes));
  const diff: PolicyDiff = {
    from: { version: a.version, hash: from.hash },
    to: { version: b.version, hash: to.hash },
    identical: from.hash === to.hash,
    routes: { ...routes, order: routeOrder(a, b) },
    models: collectionDiff(a.models, b.models),
    providers: collectionDiff(a.providers, b.providers),
    intents: collectionDiff(a.intents, b.intents),
    defaults: valueChanges(a.defaults, b.defaults),
    privacy: valueChanges(a.privacy, b.privacy),
    review: valueChanges(a.review, b.review),
    classifier: valueChanges(a.classifier, b.classifier),
    warnings: [],
  };
  diff.warnings = policyWarnings(a, b, diff);
  return diff;
}

function byName<T extends { name: string }>(items: readonly T[]): Record<string, T> {
  return Object.fromEntries(items.map((item) => [item.name, item]));
}

function collectionDiff(a: Record<string, unknown>, b: Record<string, unknown>): CollectionDiff {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return {
    added: names.filter((name) => !(name in a)),
    removed: names.filter((name) => !(name in b)),
    changed: names
      .filter((name) => name in a && name in b && !sameValue(a[name], b[name]))
      .map((name) => ({ name, changes: valueChanges(a[name], b[name]) })),
  };
}

function routeOrder(a: Policy, b: Policy): PolicyDiff['routes']['order'] {
  const common = new Set(a.routes.map((route) => route.name).filter((name) => b.routes.some((r) => r.name === name)));
  const before = a.routes.map((route) => route.name).filter((name) => common.has(name));
  const after = b.routes.map((route) => route.name).filter((name) => common.has(name));
  return sameValue(before, after) ? null : { from: a.routes.map((r) => r.name), to: b.routes.map((r) => r.name) };
}

function policyWarnings(a: Policy, b: Policy, diff: PolicyDiff): string[] {
  const warnings: string[] = [];
  const rank = (dataClass: string) => DATA_CLASSES.indexOf(dataClass as (typeof DATA_CLASSES)[number]);
  for (const { name } of diff.providers.changed) {
    const gained = b.providers[name]!.dataClasses.filter((c) => !a.providers[name]!.dataClasses.includes(c));
    if (gained.length > 0) warnings.push(`provider ${name} may now see ${gained.join(', ')} data`);
  }
  for (const name of diff.providers.added) {
    const top = [...b.providers[name]!.dataClasses].sort((x, y) => rank(y) - rank(x))[0];
    if (top && top !== 'public') warnings.push(`new provider ${name} may see ${top} data`);
  }
  for (const { name, changes } of diff.routes.changed) {
    // Either form of a route's review (`always`, or `{mode: always, rules}`).
    const modeIn = (policy: Policy) => reviewModeOf(policy.routes.find((route) => route.name === name)?.review);
    if (modeIn(a) === 'always' && modeIn(b) !== 'always')
      warnings.push(`route ${name} no longer always asks for review`);
    for (const change of changes) {
      if (change.path === 'maxCostUsd' && change.to === undefined) warnings.push(`route ${name} lost its cost cap`);
      if (
        change.path === 'maxCostUsd' &&
        typeof change.to === 'number' &&
        typeof change.from === 'number' &&
        change.to > change.from
      )
        warnings.push(`route ${name} cost cap raised from $${change.from} to $${change.to}`);
    }
  }
  for (const change of diff.privacy) {
    if ((change.path === 'restricted' || change.path === 'internal') && Array.isArray(change.from)) {
      const dropped = change.from.filter((type) => !(change.to as unknown[] | undefined)?.includes(type));
      if (dropped.length > 0) warnings.push(`privacy.${change.path} no longer lists ${dropped.join(', ')}`);
    }
    if (change.path === 'onNoAllowedProvider' && change.to === 'degrade')
      warnings.push('requests no provider may take now degrade instead of going to review');
  }
  const reviewersRemoved = a.review.reviewers.filter((reviewer) => !b.review.reviewers.includes(reviewer));
  const reviewersAdded = b.review.reviewers.filter((reviewer) => !a.review.reviewers.includes(reviewer));
  if (reviewersAdded.length > 0) warnings.push(`new reviewers: ${reviewersAdded.join(', ')}`);
  if (reviewersRemoved.length > 0) warnings.push(`reviewers removed: ${reviewersRemoved.join(', ')}`);
  return warnings;
}
