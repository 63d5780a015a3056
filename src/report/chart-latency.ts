import type { LatencySummary } from './live-report.js';
import { thinTickLabels } from './place-labels.js';
import {
  escapeXml,
  estimateTextWidth,
  formatMs,
  logScale,
  logTicks,
  px,
  svgDocument,
  truncateText,
} from './svg-kit.js';

const WIDTH = 720;
const ROW = 30;
const MARGIN = { top: 16, right: 30, bottom: 44, left: 150 };

/**
 * Latency distribution per route on a log axis: whiskers min–max, box p25–p75, a line at p50, a tick at
 * p95 (and p99). Routes ordered as given.
 */
export function latencyChart(latency: Readonly<Record<string, LatencySummary>>, order: readonly string[]): string {
  const routes = order.filter((route) => latency[route]);
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, routes.length) * ROW;
  const all = routes.map((route) => latency[route]!);
  const low = Math.max(1, Math.min(...all.map((item) => item.min), 1e9));
  const high = Math.max(low, ...all.map((item) => item.max));
  // Pad the domain, and keep at least a factor of 4 so close values stay readable on a log axis.
  const min = Math.max(1, Math.min(low / 1.25, Math.sqrt((low * high) / 4)));
  const max = Math.max(high * 1.25, min * 4);
  const x = logScale([min, max], [MARGIN.left, WIDTH - MARGIN.right]);
  const parts: string[] = [];
  const ticks = logTicks(min, max);
  // Every tick gets a grid line; labels only where they fit, powers of ten first.
  const byPriority = [...ticks.keys()].sort((a, b) => tickRank(ticks[a]!) - tickRank(ticks[b]!) || a - b);
  const spans = byPriority.map((index): [number, number] => {
    const half = estimateTextWidth(formatMs(ticks[index]!)) / 2;
    return [x(ticks[index]!) - half, x(ticks[index]!) + half];
  });
  const labelled = new Set(thinTickLabels(spans).map((kept) => byPriority[kept]!));
  ticks.forEach((tick, index) => {
    parts.push(
      `<line x1="${px(x(tick))}" y1="${MARGIN.top}" x2="${px(x(tick))}" y2="${height - MARGIN.bottom}" stroke="#e5e7eb"/>`,
      labelled.has(index)
        ? `<text x="${px(x(tick))}" y="${height - MARGIN.bottom + 16}" text-anchor="middle">${formatMs(tick)}</text>`
        : '',
    );
  });
  parts.push(
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${height - 10}" text-anchor="middle">request latency (log scale)</text>`,
  );
  routes.forEach((route, index) => {
    const item = latency[route]!;
    const middle = MARGIN.top + index * ROW + ROW / 2;
    const box = { x: px(x(item.p25)), width: px(Math.max(3, x(item.p75) - x(item.p25))) };
    const label = `${route}: p50 ${formatMs(item.p50)}, p95 ${formatMs(item.p95)}, p99 ${formatMs(item.p99)}, max ${formatMs(item.max)}`;
    parts.push(
      `<g class="box"><title>${escapeXml(label)}</title>`,
      `<text class="route" x="${MARGIN.left - 8}" y="${px(middle + 4)}" text-anchor="end">${escapeXml(truncateText(route, MARGIN.left - 12))}</text>`,
      `<line x1="${px(x(item.min))}" y1="${middle}" x2="${px(x(item.max))}" y2="${middle}" stroke="#6b7280"/>`,
      `<rect x="${box.x}" y="${middle - 9}" width="${box.width}" height="18" fill="#bfdbfe" stroke="#2563eb"/>`,
      `<line x1="${px(x(item.p50))}" y1="${middle - 9}" x2="${px(x(item.p50))}" y2="${middle + 9}" stroke="#1e3a8a" stroke-width="2"/>`,
      `<line x1="${px(x(item.p95))}" y1="${middle - 6}" x2="${px(x(item.p95))}" y2="${middle + 6}" stroke="#dc2626" stroke-width="2"/>`,
      `<line x1="${px(x(item.p99))}" y1="${middle - 4}" x2="${px(x(item.p99))}" y2="${middle + 4}" stroke="#7c3aed" stroke-width="2"/>`,
      '</g>',
    );
  });
  return svgDocument(WIDTH, height, 'Request latency distribution per route', parts.join(''));
}

/** 0 for powers of ten, 1 for 5×, 2 for 2×: the order in which tick labels claim room. */
function tickRank(tick: number): number {
  const leading = Math.round(tick / 10 ** Math.floor(Math.log10(tick) + 1e-9));
  return leading === 1 ? 0 : leading === 5 ? 1 : 2;
}
