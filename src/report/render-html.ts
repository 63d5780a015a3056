import { costSuccessChart } from './chart-cost-success.js';
import { latencyChart } from './chart-latency.js';
import { outcomesChart } from './chart-outcomes.js';
import type { LiveReport } from './live-report.js';
import type { ScorecardRow } from './scorecard.js';
import { escapeXml, formatMs, formatUsd } from './svg-kit.js';

const STYLE = `
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #111827; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.meta { color: #4b5563; } .figures { display: flex; gap: 2rem; flex-wrap: wrap; margin: 1rem 0; }
.figure b { display: block; font-size: 1.4rem; } .figure span { color: #4b5563; font-size: 0.85rem; }
table { border-collapse: collapse; font-size: 0.85rem; margin-top: 0.5rem; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 0.25rem 0.6rem; text-align: right; white-space: nowrap; }
.table { overflow-x: auto; }
th:first-child, td:first-child, .versioned th:nth-child(2), .versioned td:nth-child(2) { text-align: left; } tr.total td { font-weight: 600; }
svg.chart { display: block; max-width: 100%; height: auto; border: 1px solid #e5e7eb; margin-top: 0.5rem; }
`;

const percent = (value: number) => `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;

/**
 * The live report as one self-contained HTML file: inline CSS and SVG charts (cost vs success per route,
 * latency distributions, outcome mix), the per-route and per-policy-version tables. No scripts, no
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
</body></html>
`;
}

function scorecardTable(rows: readonly ScorecardRow[], withVersion: boolean): string {
  const head = [
    ...(withVersion ? ['policy'] : []),
    'route',
    'requests',
    'share',
    'success',
    '$/success',
    'p50',
    'p95',
    'retry',
    'fallback',
    'degrade',
    'review',
    'reroute',
    'format',
    'timeout',
    'providers',
  ];
  const body = rows.map((row) => {
    const cells = [
      ...(withVersion ? [row.policyVersion ?? ''] : []),
      row.route,
      String(row.requests),
      percent(row.share),
      percent(row.successRate),
      row.costPerSuccessUsd === null ? '-' : formatUsd(row.costPerSuccessUsd),
      formatMs(row.p50LatencyMs),
      formatMs(row.p95LatencyMs),
      percent(row.retryRate),
      percent(row.fallbackRate),
      percent(row.degradeRate),
      percent(row.reviewRate),
      percent(row.rerouteRate),
      percent(row.formatFailureRate),
      percent(row.timeoutRate),
      Object.entries(row.providerShare)
        .sort((a, b) => b[1] - a[1])
        .map(([provider, share]) => `${provider} ${percent(share)}`)
        .join(', '),
    ];
    const className = row.route === 'all' ? ' class="total"' : '';
    return `<tr${className}>${cells.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`;
  });
  return `<div class="table"><table${withVersion ? ' class="versioned"' : ''}><thead><tr>${head.map((cell) => `<th>${cell}</th>`).join('')}</tr></thead><tbody>${body.join('')}</tbody></table></div>`;
}
