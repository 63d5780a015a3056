import pc from 'picocolors';
import { formatDurationMs } from '../policy/duration.js';
import type { AuditAttempt, AuditReport } from './audit-types.js';

const OUTCOME_COLORS: Record<string, (text: string) => string> = {
  answered: pc.green,
  reviewed: pc.cyan,
  degraded: pc.yellow,
  rejected: pc.red,
};

/** An audit for people: summary lines, the attempts table, then the trail with offsets from the start. */
export function formatAudit(report: AuditReport): string {
  const start = Date.parse(report.startedAt);
  const offset = (at: string | null) => (at ? `+${formatDurationMs(Math.max(0, Date.parse(at) - start))}` : '');
  const color = OUTCOME_COLORS[report.outcome ?? ''] ?? pc.dim;
  const took = report.closedAt ? ` in ${offset(report.closedAt).slice(1)}` : '';
  const lines = [
    `${pc.bold(report.workflowId)}  ${report.status}${took} · ${color(report.outcome ?? 'no outcome yet')}` +
      (report.model ? ` by ${report.model}` : ''),
    `${label('policy')}${report.policyVersion ?? '?'} ${pc.dim(report.policyHash?.slice(0, 12) ?? '')}`,
  ];
  if (report.request) {
    const { messages, chars, forcedRoute, metadata } = report.request;
    const extra = [
      forcedRoute ? `route forced to ${forcedRoute}` : '',
      ...Object.entries(metadata).map(([k, v]) => `${k}=${v}`),
    ];
    lines.push(`${label('request')}${messages} message(s), ${chars} chars${list(extra)}, started ${report.startedAt}`);
    if (report.request.tools) lines.push(`${label('')}tools offered: ${report.request.tools.join(', ')}`);
    for (const message of report.request.text ?? []) {
      const answers = message.toolCallId ? ` (result of ${message.toolCallId})` : '';
      lines.push(`${label('')}${pc.dim(`${message.role}${answers}:`)} ${message.content}`);
      for (const call of message.toolCalls ?? [])
        lines.push(`${label('')}  ${pc.dim('calls')} ${call.name}(${call.arguments})`);
    }
  }
  if (report.classification) {
    const { intent, confidence, risk, source } = report.classification;
    lines.push(`${label('classify')}${intent} (${confidence.toFixed(2)}), risk ${risk}, by ${source}`);
  }
  if (report.privacy) {
    const { dataClass, entityTypes, findings } = report.privacy;
    const found = findings ? ` — ${findings} finding(s): ${entityTypes.join(', ')}` : ', no personal data found';
    lines.push(`${label('privacy')}${dataClass}${found}`);
  }
  if (report.route)
    lines.push(`${label('route')}${report.route.name}${suffix(report.route.reason)}${tag(report.route.reasonSource)}`);
  if (report.review) {
    const { resolution, timedOut } = report.review;
    const ending = resolution
      ? `${resolution.decision} by ${resolution.reviewer} via ${resolution.via} at ${resolution.at}`
      : timedOut
        ? `timed out at ${report.review.timedOutAt}`
        : 'waiting';
    lines.push(`${label('review')}requested ${report.review.requestedAt}; ${ending}`);
  }
  lines.push(`${label('cost')}$${report.costUsd.toFixed(6)} over ${report.attempts.length} attempt(s)`);
  const shadow = report.completion?.shadow;
  if (shadow) {
    const review = shadow.review ? ', review' : '';
    lines.push(
      `${label('shadow')}${shadow.policyVersion}: ${shadow.route ?? 'rejected'} → ${shadow.model ?? 'no model'}${review} (not called)${tag('completion')}`,
    );
  }
  const degradeMode = report.completion?.degradeMode;
  if (degradeMode) {
    const partial = report.completion?.partial ? ' (a validated partial answer)' : '';
    lines.push(`${label('degrade')}${degradeMode}${partial}${tag('completion')}`);
  }
  if (report.completion?.answer != null) lines.push(`${label('answer')}${report.completion.answer}`);
  if (report.attempts.length > 0) {
    lines.push(pc.bold('attempts'));
    for (const attempt of report.attempts) lines.push(`  ${attemptLine(attempt, offset)}`);
  }
  lines.push(`${pc.bold('trail')} ${pc.dim(decisionsSource(report.decisions))}`);
  for (const step of report.steps)
    lines.push(
      `  ${offset(step.at).padEnd(8)} ${step.step.padEnd(9)} ${pc.dim(step.outcome.padEnd(16))} ` +
        `${step.reason}${tag(step.source)}`,
    );
  for (const problem of report.problems) lines.push(pc.red(`problem: ${problem}`));
  return lines.join('\n');
}

/** Which source the reasons came from, in words. */
function decisionsSource(decisions: AuditReport['decisions']): string {
  const cut = decisions.cut ? `; cut at ${decisions.entries.length} of ${decisions.total} entries` : '';
  switch (decisions.source) {
    case 'history':
      return `(reasons recorded in history: memo upsert, event ${decisions.eventId}${cut})`;
    case 'completion':
      return '(reasons from the result the workflow returned)';
    default:
      return "(no recorded trail: reasons recomputed with today's code)";
  }
}

function attemptLine(attempt: AuditAttempt, offset: (at: string | null) => string): string {
  const status =
    attempt.status === 'ok'
      ? pc.green('ok')
      : attempt.status === 'running'
        ? pc.yellow('running')
        : `${pc.red(attempt.status)} ${attempt.errorKind} ${attempt.errorType}${suffix(attempt.httpStatus, ' ')}`;
  const wait = attempt.waitedMs ? `, waited ${attempt.waitedMs} ms first` : '';
  const retryAfter =
    attempt.retryAfterHonoured === null
      ? ''
      : attempt.retryAfterHonoured
        ? ' (Retry-After honoured)'
        : ' (Retry-After NOT honoured)';
  const took = attempt.latencyMs === null ? '' : ` in ${formatDurationMs(attempt.latencyMs)}`;
  return (
    `${String(attempt.n).padEnd(2)} ${attempt.role.padEnd(16)} ${attempt.model.padEnd(18)} ${status}${took}` +
    ` ${pc.dim(`at ${offset(attempt.startedAt ?? attempt.scheduledAt)}${wait}${retryAfter}, ${usd(attempt.costUsd)}`)}`
  );
}

function suffix(value: string | number | null, separator = ' — '): string {
  return value === null || value === '' ? '' : `${separator}${value}`;
}

function usd(value: number): string {
  return `$${value.toFixed(6)}`;
}

function label(text: string): string {
  return pc.bold(text.padEnd(10));
}

function list(items: string[]): string {
  const present = items.filter((item) => item.length > 0);
  return present.length > 0 ? `, ${present.join(', ')}` : '';
}

function tag(source: string | null): string {
  return source && source !== 'history' ? pc.dim(` [${source}]`) : '';
}
