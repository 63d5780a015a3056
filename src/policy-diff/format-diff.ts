import type { CollectionDiff, PolicyDiff } from './diff-policies.js';
import type { FieldChange } from './value-diff.js';

/** A policy diff for people: one section per part that changed, `+` added, `-` removed, `~` changed. */
export function formatPolicyDiff(diff: PolicyDiff): string {
  const lines = [
    `${diff.from.version} (${diff.from.hash.slice(0, 12)}) → ${diff.to.version} (${diff.to.hash.slice(0, 12)})`,
  ];
  if (diff.identical) {
    lines.push('identical: same policy hash');
    return lines.join('\n');
  }
  collection(lines, 'routes', diff.routes);
  if (diff.routes.order)
    lines.push(`  order: ${diff.routes.order.from.join(', ')}`, `      → ${diff.routes.order.to.join(', ')}`);
  collection(lines, 'models', diff.models);
  collection(lines, 'providers', diff.providers);
  collection(lines, 'intents', diff.intents);
  for (const section of ['defaults', 'privacy', 'review', 'classifier'] as const) {
    if (diff[section].length === 0) continue;
    lines.push(section);
    for (const change of diff[section]) lines.push(`  ~ ${describeChange(change)}`);
  }
  if (diff.warnings.length > 0) {
    lines.push('look twice');
    for (const warning of diff.warnings) lines.push(`  ! ${warning}`);
  }
  if (lines.length === 1) lines.push('no semantic differences (the hash differs only in fields not compared)');
  return lines.join('\n');
}

function collection(lines: string[], title: string, diff: CollectionDiff): void {
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return;
  lines.push(title);
  for (const name of diff.added) lines.push(`  + ${name}`);
  for (const name of diff.removed) lines.push(`  - ${name}`);
  for (const { name, changes } of diff.changed) lines.push(`  ~ ${name}: ${changes.map(describeChange).join('; ')}`);
}

/** `path from → to`, with `(none)` for absent values. */
export function describeChange(change: FieldChange): string {
  return `${change.path} ${show(change.from)} → ${show(change.to)}`;
}

function show(value: unknown): string {
  if (value === undefined) return '(none)';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
