import pc from 'picocolors';
import type { RouteStatus } from '../../workflows/types.js';
import { formatDurationMs } from '../policy/duration.js';
import type { AttemptRecord } from '../policy/types.js';
import type { PendingReviewSummary } from './pending.js';

/** `3h59m left`, `overdue 2m`, or `-` when unknown. */
export function formatTimeLeft(timeLeftMs: number | null): string {
  if (timeLeftMs === null) return '-';
  return timeLeftMs >= 0 ? `${formatDurationMs(timeLeftMs)} left` : `overdue ${formatDurationMs(-timeLeftMs)}`;
}

/** `refund 0.82`, or `-`. */
export function formatIntent(intent: string | null, confidence: number | null): string {
  if (intent === null) return '-';
  return confidence === null ? intent : `${intent} ${confidence.toFixed(2)}`;
}

/** One line per failed or successful attempt: `2 retry 503 failed transient http_503 503 (overloaded)`. */
export function formatAttempt(attempt: AttemptRecord): string {
  const result = attempt.ok
    ? 'ok'
    : `failed ${attempt.errorKind ?? '?'} ${attempt.errorType ?? '?'}${attempt.status ? ` ${attempt.status}` : ''}` +
      (attempt.message ? ` (${attempt.message})` : '');
  return `${attempt.n} ${attempt.role} ${attempt.model} ${result} ${attempt.latencyMs} ms`;
}

/** The review queue as a table for people. */
export function formatPendingList(summaries: PendingReviewSummary[]): string {
  if (summaries.length === 0) return 'no requests are waiting for review';
  const header = ['workflow id', 'age', 'deadline', 'route', 'data class', 'intent', 'reason'];
  const rows = summaries.map((item) => [
    item.workflowId,
    formatDurationMs(Math.max(0, item.ageMs)),
    item.deadlineAt ? `${item.deadlineAt} (${formatTimeLeft(item.timeLeftMs)})` : '-',
    item.route ?? '-',
    item.dataClass ?? '-',
    formatIntent(item.intent, item.confidence),
    item.reason ?? item.error ?? '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [pc.bold(line(header)), ...rows.map(line)].join('\n');
}

/** Everything a reviewer needs about one request, for the terminal. */
export function formatReviewStatus(status: RouteStatus, nowMs: number): string {
  const lines = [
    `${pc.bold('workflow')}  ${status.workflowId}  (policy ${status.policyVersion})`,
    `${pc.bold('phase')}     ${status.phase}${status.route ? `, route ${status.route}` : ''}`,
  ];
  const { classification, privacy, review } = status;
  if (classification) {
    lines.push(
      `${pc.bold('intent')}    ${formatIntent(classification.intent, classification.confidence)} ` +
        `(risk ${classification.risk}, ${classification.source}${classification.conflicting ? ', conflicting' : ''})`,
    );
  }
  if (privacy) {
    const types = privacy.entityTypes.length > 0 ? privacy.entityTypes.join(', ') : 'no personal data found';
    lines.push(`${pc.bold('privacy')}   ${privacy.dataClass} (${types})`);
  }
  if (review) {
    lines.push(`${pc.bold('review')}    ${review.reason}`);
    lines.push(
      `          requested ${review.requestedAt} (${formatDurationMs(Math.max(0, nowMs - Date.parse(review.requestedAt)))} ago), ` +
        `deadline ${review.deadlineAt} (${formatTimeLeft(Date.parse(review.deadlineAt) - nowMs)})`,
    );
    lines.push(`          decisions: ${review.decisions.join(', ')}`);
  } else {
    lines.push(`${pc.bold('review')}    not waiting for review`);
  }
  lines.push(pc.bold('request'));
  for (const message of status.request.messages) lines.push(`  ${pc.dim(message.role.padEnd(9))} ${message.content}`);
  if (status.attempts.length > 0) {
    lines.push(pc.bold('attempts'));
    for (const attempt of status.attempts) lines.push(`  ${formatAttempt(attempt)}`);
  }
  if (review) {
    lines.push(`${pc.bold('draft')}${review.draftModel ? ` (${review.draftModel})` : ''}`);
    lines.push(`  ${review.draft ?? pc.dim(`(no draft${review.draftMissing ? `: ${review.draftMissing}` : ''})`)}`);
    for (const failed of review.failedOutputs ?? []) {
      lines.push(
        `${pc.bold('failed output')} (attempt ${failed.attempt} ${failed.role} ${failed.model}: ${failed.error})`,
      );
      lines.push(`  ${failed.text ?? pc.dim('(no text)')}`);
    }
  }
  lines.push(pc.bold('trail'));
  for (const entry of status.trail)
    lines.push(`  ${entry.step.padEnd(9)} ${pc.dim(entry.outcome.padEnd(14))} ${entry.reason}`);
  return lines.join('\n');
}
