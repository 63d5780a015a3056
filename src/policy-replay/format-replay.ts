import type { RouteChoice } from './replay-requests.js';
import type { PolicyReplayReport } from './run-replay.js';

/** Changes listed one per line before the summary says "and N more". @default 20 */
const LISTED = 20;

/** The readable summary of `switchyard policy replay` (without --json). */
export function formatPolicyReplay(report: PolicyReplayReport): string {
  const { candidate } = report;
  const actives = report.activePolicies.map((policy) => `${policy.version} (${policy.requests})`).join(', ') || 'none';
  const lines = [
    `candidate ${candidate.version} (${candidate.hash.slice(0, 12)}) replayed over ${report.requests} recorded ` +
      `request(s) since ${report.since} (${report.running} running, ${report.skipped} skipped)`,
    `active policies: ${actives}`,
    '',
    `route changes: ${report.routeChanges}`,
    ...listed(report.changes.map((change) => `  ${change.workflowId}: ${show(change.from)} → ${show(change.to)}`)),
    `newly reviewed: ${report.newlyReviewed}, no longer reviewed: ${report.noLongerReviewed}`,
    ...listed(
      report.reviewChanges.map(
        (change) => `  ${change.workflowId}: ${change.reviewed ? 'reviewed' : 'no longer reviewed'} (${change.reason})`,
      ),
    ),
    `data class violations: ${report.dataClassViolations}`,
    ...listed(
      report.violations.map(
        (violation) => `  ${violation.workflowId}: ${violation.dataClass} data → ${violation.providers.join(', ')}`,
      ),
    ),
  ];
  if (report.dataClassWidening.length > 0) {
    lines.push(`data classes widened for: ${report.dataClassWidening.join(', ')} (judged against the active policy)`);
  }
  const cost = report.estimatedCostPerSuccessUsd;
  const costs = `active ${usd(cost.active)}, candidate ~${usd(cost.candidate)}`;
  lines.push(`cost per success (USD, ${report.successes} successes): ${costs}`);
  if (report.activeMismatches > 0) {
    lines.push(
      `note: ${report.activeMismatches} request(s) re-decide differently under their own recorded policy ` +
        '(decision code changed since they ran)',
    );
  }
  const reasons = new Map<string, number>();
  for (const skipped of report.skippedRequests) reasons.set(skipped.reason, (reasons.get(skipped.reason) ?? 0) + 1);
  for (const [reason, count] of reasons) lines.push(`skipped ${count}: ${reason}`);
  if (report.truncated) lines.push('(listing truncated at --limit)');
  if (report.broken.length > 0) {
    lines.push(`fail-on broken: ${report.broken.map((item) => `${item.threshold} (is ${item.actual})`).join(', ')}`);
  }
  return lines.join('\n');
}

function listed(lines: string[]): string[] {
  return lines.length <= LISTED ? lines : [...lines.slice(0, LISTED), `  … and ${lines.length - LISTED} more`];
}

function show(choice: RouteChoice): string {
  return choice.route === null ? 'rejected' : `${choice.route}/${choice.model ?? 'no model'}`;
}

function usd(value: number | null): string {
  return value === null ? 'n/a' : `$${value.toFixed(6)}`;
}
