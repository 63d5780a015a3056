import type { Client } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import pLimit from 'p-limit';
import { decodeHistory } from '../audit/decode-history.js';
import type { ChatMessage, RouteResult } from '../policy/types.js';
import { replayRecordOf } from '../policy-replay/replay-record.js';
import { routeWorkflowQuery } from '../report/collect-results.js';
import { type LabelSource, productionLabel, type SkipReason } from '../router/production-labels.js';
import { collectFeedback } from './collect-feedback.js';

export interface MineOptions {
  /** Only requests started after this time (and feedback given after it). */
  since: Date;
  /** Only this task queue. @default every task queue */
  taskQueue?: string;
  /** Most routing workflows read. @default 5000 */
  limit?: number;
  /** Histories fetched at once. @default 8 */
  concurrency?: number;
  /** Decodes payloads (codec keys for encrypted histories). @default plain payloads */
  dataConverter?: DataConverter;
}

/** One training line for `switchyard router train`, with where it came from. */
export interface MinedLine {
  messages: ChatMessage[];
  weak_correct: boolean;
  strong_correct: boolean;
  workflowId: string;
  /** The evidence, `+`-joined LABEL_SOURCES (e.g. `format-failure+accepted`). */
  source: string;
  weakModel: string;
  strongModel: string;
  /** Present (true) when `strong_correct` was filled by the rule, not observed. */
  strongFilled?: true;
}

/** What mining found: counts per category, for `--json`. */
export interface MineSummary {
  /** Routing workflows listed in the window. */
  scanned: number;
  labelled: number;
  /** Requests without a line, by reason (SKIP_REASONS, plus `unreadable` for histories that failed to decode). */
  skipped: Partial<Record<SkipReason | 'unreadable', number>>;
  /** Lines per evidence kind (a line with two kinds counts under each). */
  sources: Partial<Record<LabelSource, number>>;
  /** Lines whose `strong_correct` was filled (weak right, strong untried). */
  strongFilled: number;
  /** Feedback records found in the window (newest per request). */
  feedback: number;
  /** True when more routing workflows matched than `limit`. */
  truncated: boolean;
}

/**
 * Mines correctness labels from recorded routing histories and feedback (docs/router.md, "Training from
 * production"): each completed request's request, policy snapshot and result come from its history alone; the
 * newest feedback on it from the feedback runs. Lines are oldest first.
 */
export async function mineLabels(
  client: Client,
  options: MineOptions,
): Promise<{ lines: MinedLine[]; summary: MineSummary }> {
  const feedback = await collectFeedback(client, options);
  const limit = options.limit ?? 5000;
  const fetchLimit = pLimit(options.concurrency ?? 8);
  const pending: Promise<{ startedAt: string; line: MinedLine | null; skip: SkipReason | 'unreadable' | null }>[] = [];
  let truncated = false;
  for await (const execution of client.workflow.list({ query: routeWorkflowQuery(options.since, options.taskQueue) })) {
    if (pending.length >= limit) {
      truncated = true;
      break;
    }
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId, { followRuns: false });
    const startedAt = execution.startTime.toISOString();
    if (execution.status.name !== 'COMPLETED') {
      pending.push(Promise.resolve({ startedAt, line: null, skip: 'unfinished' }));
      continue;
    }
    pending.push(
      fetchLimit(async () => {
        try {
          const events = await decodeHistory(await handle.fetchHistory(), options.dataConverter);
          const record = replayRecordOf(execution.workflowId, events);
          const closed = events.find((event) => event.kind === 'closed');
          const result = closed?.kind === 'closed' ? (closed.result as RouteResult | null) : null;
          if ('reason' in record || !result || !Array.isArray(result.attempts))
            return { startedAt, line: null, skip: 'unfinished' as const };
          const verdict = productionLabel(record.policy, result, feedback.get(execution.workflowId)?.verdict ?? null);
          if (verdict.kind === 'skip') return { startedAt, line: null, skip: verdict.reason };
          const { label } = verdict;
          const line: MinedLine = {
            messages: record.request.messages,
            weak_correct: label.weakCorrect,
            strong_correct: label.strongCorrect,
            workflowId: execution.workflowId,
            source: label.sources.join('+'),
            weakModel: label.weakModel,
            strongModel: label.strongModel,
            ...(label.strongFilled ? { strongFilled: true as const } : {}),
          };
          return { startedAt, line, skip: null };
        } catch (error) {
          // Without codec keys every history fails alike: one clear error, not a count of skips.
          if (/payloads are encrypted/.test((error as Error).message)) throw error;
          return { startedAt, line: null, skip: 'unreadable' as const };
        }
      }),
    );
  }
  const entries = (await Promise.all(pending)).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const summary: MineSummary = {
    scanned: entries.length,
    labelled: 0,
    skipped: {},
    sources: {},
    strongFilled: 0,
    feedback: feedback.size,
    truncated,
  };
  const lines: MinedLine[] = [];
  for (const entry of entries) {
    if (entry.skip) summary.skipped[entry.skip] = (summary.skipped[entry.skip] ?? 0) + 1;
    if (!entry.line) continue;
    lines.push(entry.line);
    summary.labelled += 1;
    if (entry.line.strongFilled) summary.strongFilled += 1;
    for (const source of entry.line.source.split('+') as LabelSource[])
      summary.sources[source] = (summary.sources[source] ?? 0) + 1;
  }
  return { lines, summary };
}
