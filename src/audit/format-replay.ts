import pc from 'picocolors';
import type { VerifyReplayReport } from './verify-replay.js';

/** A replay check for people: the count, then one block per history that no longer replays. */
export function formatReplayReport(report: VerifyReplayReport): string {
  const head =
    report.failures === 0
      ? pc.green(`replayed ${report.replayed} histories: all deterministic`)
      : pc.red(`replayed ${report.replayed} histories: ${report.failures} failed`);
  const lines = [head];
  for (const detail of report.details) {
    const event = detail.firstDivergingEvent
      ? `first diverging event ${detail.firstDivergingEvent.eventId} (${detail.firstDivergingEvent.eventType})`
      : 'diverging event not named by the SDK';
    lines.push(`  ${pc.bold(detail.workflowId)}  ${detail.kind}: ${event}`, `    ${pc.dim(detail.message)}`);
  }
  return lines.join('\n');
}
