import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { quotaStatus } from '../../budget/quota-status.js';
import { type CircuitHistoryRow, circuitHistory, formatCircuitHistory } from '../../circuit/circuit-status.js';
import { type LoadedPolicy, loadPolicyFile } from '../../config/load-policy.js';
import { type BudgetCapRow, budgetCaps } from '../../report/budget-caps.js';
import { collectGrades } from '../../report/collect-grades.js';
import { collectRouteResults } from '../../report/collect-results.js';
import { collectRequestTexts } from '../../report/collect-texts.js';
import { hasIntentRules } from '../../report/lifecycle-report.js';
import { type LiveReport, summarizeResults } from '../../report/live-report.js';
import { parseSince } from '../../report/parse-since.js';
import { renderReportHtml } from '../../report/render-html.js';
import { renderLifecycleSections } from '../../report/render-lifecycle.js';
import { renderQualitySection } from '../../report/render-quality.js';
import { renderProviderShare, renderScorecard } from '../../report/render-scorecard.js';
import { renderStrongShare } from '../../report/render-strong-share.js';
import { renderVisibilitySections } from '../../report/render-visibility.js';
import { renderShadowReport } from '../../report/shadow-report.js';
import { routerThresholdShare } from '../../report/strong-share-source.js';
import { positiveInteger, resolvePolicyPath, withTemporalOptions } from '../shared-options.js';
import { connectClient, resolveTemporalTarget } from '../temporal-target.js';

const FORMATS = ['table', 'json', 'html'] as const;

/** `switchyard report`: the live per-route and per-policy-version scorecard of a running system. */
export function registerReportCommand(program: Command): void {
  withTemporalOptions(
    program
      .command('report')
      .description('scorecard of routed requests from Temporal visibility: per route and per policy version')
      .option('--since <duration|time>', 'window start: a duration back from now (24h, 7d) or an ISO time', '24h')
      .option('--format <format>', `output: ${FORMATS.join(' | ')}`, 'table')
      .option('--out <file>', 'write to a file (html default: switchyard-report.html)')
      .option('--limit <n>', 'most workflows read', positiveInteger('--limit'), 5000)
      .option(
        '--policy <file>',
        'policy for declared fallbacks and budgets (default: SWITCHYARD_POLICY, `switchyard dev`)',
      )
      .option('--json', 'same as --format json'),
  ).action(async (options) => {
    const format = options.json ? 'json' : options.format;
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new Error(`--format: expected one of ${FORMATS.join(', ')}, got "${format}"`);
    }
    const since = parseSince(options.since);
    const loaded = activePolicy(options.policy);
    const target = resolveTemporalTarget(options);
    const client = await connectClient(target);
    let report: LiveReport;
    let circuits: CircuitHistoryRow[] = [];
    let budgets: BudgetCapRow[] = [];
    try {
      const collected = await collectRouteResults(client, {
        since,
        limit: options.limit,
        ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
      });
      // Spend against caps (docs/budgets.md): a ledger that does not answer is an error row, not a failed report.
      budgets = await budgetCaps(client, loaded?.policy.budgets ?? []);
      const quotas = await quotaStatus(client, loaded?.policy.quotas ?? []);
      // Sampled answer quality (docs/review.md#grading): the grading workflows started in the window.
      const grades = await collectGrades(client, {
        since,
        limit: options.limit,
        ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
      });
      // Keywords and patterns are judged on the request texts, read from the workflow inputs (never printed).
      const texts = hasIntentRules(loaded?.policy ?? null)
        ? await collectRequestTexts(
            client,
            collected.results.map((result) => result.workflowId),
          )
        : null;
      report = summarizeResults(collected.results, {
        ...collected,
        since,
        generatedAt: new Date(),
        policy: loaded?.policy ?? null,
        budgets,
        quotas,
        texts,
        thresholdShare: routerThresholdShare(loaded?.policy ?? null),
        grades,
      });
      // Circuit history (docs/circuit-breaker.md): transitions of the shared breakers in the window.
      circuits = await circuitHistory(client, since.getTime(), {
        ...(options.taskQueue ? { taskQueue: options.taskQueue } : {}),
      }).catch(() => []);
    } finally {
      await client.connection.close();
    }
    const text =
      format === 'json'
        ? JSON.stringify({ ...report, circuitHistory: circuits })
        : format === 'html'
          ? renderReportHtml(report)
          : `${renderTable(report)}\n\ncircuit history\n${formatCircuitHistory(circuits)}`;
    const out = options.out ?? (format === 'html' ? 'switchyard-report.html' : undefined);
    if (out) {
      writeFileSync(out, format === 'json' ? `${text}\n` : text);
      if (format !== 'json') console.log(`wrote ${resolve(out)} (${report.requests} requests)`);
    } else console.log(text);
  });
}

/**
 * The policy named by --policy, else SWITCHYARD_POLICY or the dev one; null when none is set or its file is gone
 * (the report runs without declared paths and budgets). A policy file that does not parse is an error.
 */
function activePolicy(flag: string | undefined): LoadedPolicy | null {
  let path: string;
  try {
    path = resolvePolicyPath(flag);
  } catch (error) {
    if (flag !== undefined) throw error;
    return null;
  }
  return loadPolicyFile(path);
}

function renderTable(report: LiveReport): string {
  const lines = [`${report.requests} finished routing requests since ${report.since} (${report.running} running)`];
  const unfinished = Object.entries(report.unfinished);
  if (unfinished.length > 0) {
    lines.push(
      `closed without a result: ${unfinished.map(([status, n]) => `${n} ${status.toLowerCase()}`).join(', ')}`,
    );
  }
  if (report.truncated) lines.push('(listing truncated at --limit)');
  if (report.requests > 0) {
    lines.push('', 'per route', renderScorecard(report.byRoute, { extended: true }));
    const all = report.byRoute.at(-1);
    if (all) lines.push(`provider share of attempts: ${renderProviderShare(all)}`);
    const versionRows = report.byPolicyVersion.flatMap((version) => version.rows);
    lines.push('', 'per policy version', renderScorecard(versionRows, { policyVersion: true }));
  }
  const quality = renderQualitySection(report);
  if (quality !== '') lines.push('', quality);
  const strongShare = renderStrongShare(report.strongShare);
  if (strongShare !== '') lines.push('', strongShare);
  lines.push('', renderVisibilitySections(report));
  const shadow = renderShadowReport(report.shadow);
  if (shadow !== '') lines.push('', shadow);
  if (report.requests > 0) lines.push('', renderLifecycleSections(report));
  return lines.join('\n');
}
