import pc from 'picocolors';
import { NO_CANARY } from '../policy/canary-slice.js';
import type { RouteResult } from '../policy/types.js';

/** A result for people: outcome line, answer, attempts, trail. */
export function formatResult(result: RouteResult): string {
  const color = { answered: pc.green, reviewed: pc.cyan, degraded: pc.yellow, rejected: pc.red }[result.outcome];
  const lines = [
    `${pc.bold('outcome')}  ${color(result.outcome)}  route ${result.route ?? '-'}, model ${result.model ?? '-'}, ` +
      `${result.attempts.length} attempt(s), $${result.costUsd.toFixed(6)}, ${result.latencyMs} ms${reviewWait(result)}`,
    `${pc.bold('workflow')} ${result.workflowId}  (policy ${result.policyVersion ?? 'none'} ${result.policyHash?.slice(0, 12) ?? ''})`,
  ];
  if (result.rollout && result.rollout.reason !== NO_CANARY.reason)
    lines.push(`${pc.bold('rollout')}  ${result.rollout.role}: ${result.rollout.reason}`);
  if (result.review)
    lines.push(`${pc.bold('review')}   ${result.review.decision} by ${result.review.reviewer} at ${result.review.at}`);
  lines.push(`${pc.bold('answer')}   ${result.answer === null ? pc.dim('(none)') : result.answer}`);
  if (result.attempts.length > 0) {
    lines.push(pc.bold('attempts'));
    for (const attempt of result.attempts) {
      const status = attempt.ok
        ? pc.green('ok')
        : `${pc.red('failed')} ${attempt.errorKind} ${attempt.errorType}${attempt.status ? ` ${attempt.status}` : ''}`;
      lines.push(
        `  ${attempt.n}  ${attempt.role.padEnd(16)} ${attempt.model.padEnd(18)} ${status}  ${attempt.latencyMs} ms`,
      );
    }
  }
  if (result.shadow) {
    const shadow = result.shadow;
    const cost = shadow.estimatedCostUsd === null ? '-' : `~$${shadow.estimatedCostUsd.toFixed(6)}`;
    lines.push(
      `${pc.bold('shadow')}   policy ${shadow.policyVersion}: route ${shadow.route ?? '-'}, model ${shadow.model ?? '-'}, ` +
        `review ${shadow.review ? 'yes' : 'no'}, ${cost} first attempt ${pc.dim('(decided only, not called)')}`,
    );
  }
  lines.push(pc.bold('trail'));
  for (const entry of result.trail)
    lines.push(`  ${entry.step.padEnd(9)} ${pc.dim(entry.outcome.padEnd(14))} ${entry.reason}`);
  return lines.join('\n');
}

/** ` (review wait N ms)` when the request waited for a person (docs/observability.md#latency), else nothing. */
function reviewWait(result: RouteResult): string {
  const waited = result.latency?.reviewWaitMs ?? 0;
  return waited > 0 ? ` (review wait ${waited} ms)` : '';
}
