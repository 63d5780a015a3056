import pc from 'picocolors';
import type { TrafficOutcome } from '../traffic/route-traffic.js';
import type { LocalStack } from './local-stack.js';

/** The "where to look next" block after the demo's scorecard. */
export function summarizeDemo(
  outcomes: readonly TrafficOutcome[],
  stack: LocalStack,
  elapsedMs: number,
  kept: boolean,
): string {
  const find = (predicate: (outcome: TrafficOutcome) => boolean) => outcomes.find(predicate)?.workflowId;
  const examples = [
    ['fallback', find((o) => o.result?.outcome === 'answered' && o.result.attempts.some((a) => a.role === 'fallback'))],
    ['private data', find((o) => o.result?.privacy?.dataClass === 'restricted')],
    ['human review', find((o) => o.result?.outcome === 'reviewed')],
    ['degraded', find((o) => o.result?.outcome === 'degraded')],
  ].filter((entry): entry is [string, string] => entry[1] !== undefined);
  const parked = outcomes.filter((outcome) => outcome.result === null).map((outcome) => outcome.workflowId);
  const lines = [
    '',
    `${pc.bold('Done')} in ${(elapsedMs / 1000).toFixed(1)} s. Every request above is a Temporal workflow; its history is the audit log.`,
  ];
  // Without --keep the demo's Temporal is gone: the hints below need `dev` (same database) running first.
  lines.push(
    kept
      ? 'Look closer (in another terminal):'
      : 'Look closer: start `npx switchyard dev` (it reopens the same database), then in another terminal:',
  );
  for (const [label, workflowId] of examples) lines.push(`  ${label.padEnd(13)} npx switchyard result ${workflowId}`);
  if (parked.length > 0) {
    lines.push(`${parked.length} request(s) are still waiting for a person (durably, in .switchyard/temporal.db):`);
    for (const workflowId of parked) lines.push(`  ${workflowId}`);
    lines.push(
      kept
        ? '  see them: npx switchyard review list   (or the review page below)'
        : '  see them: npx switchyard dev   then, in another terminal,   npx switchyard review list   (or the review page `dev` prints)',
    );
  }
  if (kept && stack.server.uiUrl) {
    lines.push(`Temporal Web UI: ${stack.server.uiUrl}`);
    if (stack.gatewayUrl) lines.push(`OpenAI-compatible gateway: ${stack.gatewayUrl}`);
    if (stack.review) {
      lines.push(`Review page: ${stack.review.url}`);
      for (const login of stack.review.logins) lines.push(`  ${login.reviewer.padEnd(24)} ${login.url}`);
    }
    lines.push('(Ctrl-C to stop)');
  } else
    lines.push(
      'Temporal Web UI: run `npx switchyard dev` and open the Web UI address it prints (default http://127.0.0.1:8233)',
    );
  return lines.join('\n');
}
