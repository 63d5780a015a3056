import { costSuccessChart } from './chart-cost-success.js';
import { latencyChart } from './chart-latency.js';
import { outcomesChart } from './chart-outcomes.js';
import { shadowSectionHtml } from './html-shadow.js';
import { visibilitySectionsHtml } from './html-visibility.js';
import type { LiveReport } from './live-report.js';
import { lifecycleSectionsHtml } from './render-lifecycle.js';
import { strongShareHtml } from './render-strong-share.js';
import type { ScorecardRow } from './scorecard.js';
import { escapeXml, formatMs, formatUsd } from './svg-kit.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #111827; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.meta { color: #4b5563; overflow-wrap: anywhere; } .figures { display: flex; gap: 1rem 2rem; flex-wrap: wrap; margin: 1rem 0; }
.figure b { display: block; font-size: 1.4rem; } .figure span { color: #4b5563; font-size: 0.85rem; }
.table { max-width: 100%; overflow-x: auto; }
table { border-collapse: collapse; font-size: 0.8rem; margin-top: 0.5rem; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 0.25rem 0.4rem; text-align: right; white-space: nowrap; }
th { vertical-align: bottom; white-space: normal; hyphens: manual; } th abbr { text-decoration: none; cursor: help; }
th.name, td.name, th.providers, td.providers { text-align: left; } tr.total td { font-weight: 600; }
/* Names break after their hyphens, and inside a word only when nothing else fits. */
td.name, td.providers { white-space: normal; overflow-wrap: break-word; } td.providers span { display: block; }
svg.chart { display: block; max-width: 100%; height: auto; border: 1px solid #e5e7eb; margin-top: 0.5rem; }
/* Wide pages keep headers on one line. */
@media (min-width: 901px) { th { white-space: nowrap; } }
@media (max-width: 900px) {
  body { margin: 1rem auto; padding: 0 0.75rem; }
  table { font-size: 0.75rem; } th, td { padding: 0.2rem; }
}
`;
const percent = (value: number) => `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;

/**
 * The live report as one self-contained HTML file: inline CSS and SVG charts (cost vs success per route,
 * latency distributions, outcome mix), the per-route and per-policy-version tables, provider concentration,
 * failover readiness and spend against budgets. No scripts, no
 * network: it opens from disk or a mail attachment.
 */
export function renderReportHtml(report: LiveReport, title = 'Switchyard routing report'): string {
  const all = report.byRoute.find((row) => row.route === 'all') ?? report.byRoute[0];
  const order = [...report.byRoute.filter((row) => row.route !== 'all').map((row) => row.route)];
  const latencyOrder = report.byRoute.length > 1 ? [...order, 'all'] : order;
  const unfinished = Object.entries(report.unfinished)
    .map(([status, count]) => `${count} ${status.toLowerCase()}`)
    .join(', ');
  const figures = [
    ['requests', String(report.requests)],
    ['success rate', all ? percent(all.successRate) : '-'],
    ['cost per successful task', all?.costPerSuccessUsd == null ? '-' : formatUsd(all.costPerSuccessUsd)],
    ['p50 / p95 latency', all ? `${formatMs(all.p50LatencyMs)} / ${formatMs(all.p95LatencyMs)}` : '-'],
    ['total cost', all ? formatUsd(all.costUsd) : '-'],
    ['running now', String(report.running)],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeXml(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body>
<h1>${escapeXml(title)}</h1>
<p class="meta">Routing workflows started since ${escapeXml(report.since)}; generated ${escapeXml(report.generatedAt)}.
${report.truncated ? '<strong>Listing truncated at the limit.</strong>' : ''}
${unfinished ? `Closed without a result: ${escapeXml(unfinished)}.` : ''}</p>
<div class="figures">${figures.map(([label, value]) => `<div class="figure"><b>${escapeXml(value!)}</b><span>${escapeXml(label!)}</span></div>`).join('')}</div>
${
  report.requests === 0
    ? '<p>No finished routing requests in this window.</p>'
    : `<h2>Cost per successful task vs success rate</h2>${costSuccessChart(report.byRoute)}
<h2>Latency distribution</h2>${latencyChart(report.latency, latencyOrder)}
<h2>Outcome mix</h2>${outcomesChart(report.outcomes, order)}`
}
<h2>Per route</h2>${scorecardTable(report.byRoute, false)}
<h2>Per policy version</h2>${scorecardTable(
    report.byPolicyVersion.flatMap((version) => version.rows),
    true,
  )}
${strongShareHtml(report.strongShare)}
${visibilitySectionsHtml(report)}
${shadowSectionHtml(report.shadow)}
${lifecycleSectionsHtml(report)}
</body></html>
`;
}

/**
 * Table columns: header text (`&shy;` marks where a narrow column may hyphenate it), what it means (the
 * `<abbr>` title), and the cell (a list is shown one item per line). Name columns wrap; numbers never do.
 */
const COLUMNS: readonly {
  head: string;
  title: string;
  className?: string;
  cell: (row: ScorecardRow) => string | string[];
}[] = [
  { head: 'route', title: 'route', className: 'name route', cell: (row) => row.route },
  { head: 're&shy;quests', title: 'requests', cell: (row) => String(row.requests) },
  { head: 'share', title: 'share of all requests', cell: (row) => percent(row.share) },
  { head: 'suc&shy;cess', title: 'success rate', cell: (row) => percent(row.successRate) },
  {
    head: '$/suc&shy;cess',
    title: 'cost per successful task (USD)',
    cell: (row) => (row.costPerSuccessUsd === null ? '-' : formatUsd(row.costPerSuccessUsd)),
  },
  { head: 'p50', title: 'median latency', cell: (row) => formatMs(row.p50LatencyMs) },
  { head: 'p95', title: '95th percentile latency', cell: (row) => formatMs(row.p95LatencyMs) },
  { head: 'retry', title: 'requests with a same-model retry', cell: (row) => percent(row.retryRate) },
  {
    head: 'fall&shy;back',
    title: 'requests answered or attempted by a fallback model',
    cell: (row) => percent(row.fallbackRate),
  },
  { head: 'de&shy;grade', title: 'requests answered with a degraded reply', cell: (row) => percent(row.degradeRate) },
  { head: 're&shy;view', title: 'requests that went to a person', cell: (row) => percent(row.reviewRate) },
  {
    head: 're&shy;route',
    title: 'requests a reviewer rerouted to another model',
    cell: (row) => percent(row.rerouteRate),
  },
  {
    head: 'for&shy;mat',
    title: 'requests with an answer that failed the response-format check',
    cell: (row) => percent(row.formatFailureRate),
  },
  { head: 'time&shy;out', title: 'requests with an attempt that timed out', cell: (row) => percent(row.timeoutRate) },
  {
    head: 'pro&shy;viders',
    title: 'share of attempts per provider',
    className: 'providers',
    cell: (row) =>
      Object.entries(row.providerShare)
        .sort((a, b) => b[1] - a[1])
        .map(([provider, share]) => `${provider} ${percent(share)}`),
  },
];

const POLICY_COLUMN = {
  head: 'policy',
  title: 'policy version',
  className: 'name',
  cell: (row: ScorecardRow) => row.policyVersion ?? '',
};

function scorecardTable(rows: readonly ScorecardRow[], withVersion: boolean): string {
  const columns = withVersion ? [POLICY_COLUMN, ...COLUMNS] : COLUMNS;
  const classOf = (column: { className?: string }) => (column.className ? ` class="${column.className}"` : '');
  const head = columns
    .map((column) => `<th${classOf(column)}><abbr title="${escapeXml(column.title)}">${column.head}</abbr></th>`)
    .join('');
  const body = rows.map((row) => {
    const cells = columns.map((column) => `<td${classOf(column)}>${cellHtml(column.cell(row))}</td>`).join('');
    return `<tr${row.route === 'all' ? ' class="total"' : ''}>${cells}</tr>`;
  });
  return `<div class="table"><table><thead><tr>${head}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}

/** A cell's text, or a list shown one item per line (so the column is as wide as its longest item). */
function cellHtml(value: string | string[]): string {
  return Array.isArray(value) ? value.map((item) => `<span>${escapeXml(item)}</span>`).join('') : escapeXml(value);
}
