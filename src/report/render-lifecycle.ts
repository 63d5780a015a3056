import Table from 'cli-table3';
import { tableHtml } from './html-visibility.js';
import type { LifecycleSections } from './lifecycle-report.js';
import { QUALITY_ERROR_KINDS } from './routing-errors.js';
import { SEGMENT_DIMENSIONS } from './segments.js';
import { escapeXml } from './svg-kit.js';

/**
 * The report's lifecycle and segment sections as simple tables, terminal and HTML with the same cells: segments
 * (scorecard figures per intent, risk, locale, caller, policy version), routing errors by direction, and what
 * never fired or is deprecated but still used.
 */

const percent = (value: number) => `${(value * 100).toFixed(value > 0 && value < 0.1 ? 1 : 0)}%`;

export const SEGMENT_HEAD = ['segment', 'value', 'requests', 'success', 'p95 latency', 'cost/success', 'review'];
export const ROUTING_ERROR_HEAD = ['direction', 'kind', 'requests', 'rate'];
export const NEVER_FIRED_HEAD = ['kind', 'name', 'intent'];
export const DEPRECATED_HEAD = ['deprecated route', 'requests'];
export const RUNG_HEAD = [
  'route',
  'requests',
  'repair',
  'fit-prompt',
  'degrade',
  'interim',
  'graded',
  'conversation review',
];

/** One row per dimension and value. */
export function segmentRows(sections: LifecycleSections): string[][] {
  return SEGMENT_DIMENSIONS.flatMap((dimension) =>
    Object.entries(sections.segments[dimension]).map(([value, row]) => [
      dimension,
      value,
      String(row.requests),
      percent(row.successRate),
      `${Math.round(row.p95LatencyMs)} ms`,
      row.costPerSuccessUsd === null ? '-' : `$${row.costPerSuccessUsd.toFixed(6)}`,
      percent(row.reviewRate),
    ]),
  );
}

/** Quality rows per kind, then the quality total and the cost direction. */
export function routingErrorRows(sections: LifecycleSections): string[][] {
  const { quality, cost } = sections.routingErrors;
  const perRequest = quality.count === 0 ? 0 : quality.rate / quality.count; // 1 / requests
  return [
    ...QUALITY_ERROR_KINDS.map((kind) => [
      'quality',
      kind,
      String(quality.byKind[kind]),
      percent(quality.byKind[kind] * perRequest),
    ]),
    ['quality', 'any', String(quality.count), percent(quality.rate)],
    ['cost', 'cheaper draft approved', String(cost.count), percent(cost.rate)],
  ];
}

/** One row per route: what each rung did (`-` for nothing). */
export function rungRows(sections: LifecycleSections): string[][] {
  const tally = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([name, n]) => `${name} ${n}`)
      .join(', ') || '-';
  return Object.entries(sections.rungs).map(([route, row]) => [
    route,
    String(row.requests),
    tally(row.repair),
    row.fitPrompt.requests === 0 ? '-' : `${row.fitPrompt.requests} (${row.fitPrompt.tokensRemoved} tokens removed)`,
    tally({ ...row.degrade, ...(row.partial > 0 ? { 'of them partial': row.partial } : {}) }),
    row.interim === 0 ? '-' : String(row.interim),
    row.qualitySample === 0 ? '-' : String(row.qualitySample),
    tally(row.conversationReview),
  ]);
}

function table(head: string[], rows: string[][]): string {
  const output = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) output.push(row);
  return output.toString();
}

const neverFiredRows = (sections: LifecycleSections) =>
  sections.neverFired.map((item) => [item.kind, item.name, item.intent ?? '']);
const deprecatedRows = (sections: LifecycleSections) =>
  sections.deprecatedWithTraffic.map((row) => [row.route, String(row.requests)]);

/** The sections with headings, for the terminal report. */
export function renderLifecycleSections(sections: LifecycleSections): string {
  return [
    'segments',
    table(SEGMENT_HEAD, segmentRows(sections)),
    '',
    `routing errors (${sections.routingErrors.note})`,
    table(ROUTING_ERROR_HEAD, routingErrorRows(sections)),
    `reroute rate after the first pass: ${percent(sections.rerouteRate)}`,
    '',
    'ladder rungs and conversation reviews',
    table(RUNG_HEAD, rungRows(sections)),
    '',
    `never fired (${sections.neverFiredNote})`,
    sections.neverFired.length === 0 ? '(everything fired)' : table(NEVER_FIRED_HEAD, neverFiredRows(sections)),
    '',
    'deprecated routes',
    sections.deprecatedWithTraffic.length === 0
      ? '(no deprecated routes in the policy)'
      : table(DEPRECATED_HEAD, deprecatedRows(sections)),
  ].join('\n');
}

/** The same sections as HTML tables. */
export function lifecycleSectionsHtml(sections: LifecycleSections): string {
  return `<h2>Segments</h2>${tableHtml(SEGMENT_HEAD, segmentRows(sections), 2)}
<h2>Routing errors</h2><p class="meta">${escapeXml(sections.routingErrors.note)}. Reroute rate after the first pass:
${percent(sections.rerouteRate)}.</p>${tableHtml(ROUTING_ERROR_HEAD, routingErrorRows(sections), 2)}
<h2>Ladder rungs and conversation reviews</h2>${tableHtml(RUNG_HEAD, rungRows(sections), 1)}
<h2>Never fired</h2><p class="meta">${escapeXml(sections.neverFiredNote)}.</p>${
    sections.neverFired.length === 0
      ? '<p>Every route and rule fired.</p>'
      : tableHtml(NEVER_FIRED_HEAD, neverFiredRows(sections), 3)
  }
<h2>Deprecated routes</h2>${
    sections.deprecatedWithTraffic.length === 0
      ? '<p>No deprecated routes in the policy.</p>'
      : tableHtml(DEPRECATED_HEAD, deprecatedRows(sections), 1)
  }`;
}
