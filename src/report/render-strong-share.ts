import Table from 'cli-table3';
import { tableHtml } from './html-visibility.js';
import type { StrongShareRow } from './strong-share.js';
import { escapeXml } from './svg-kit.js';

/** The report's strong-gain drift section, terminal and HTML with the same cells. */

export const STRONG_SHARE_HEAD = ['route', 'target', 'threshold', 'realised', 'requests', 'drift'];
const NOTE =
  'share of requests planned strong first by the strongGain tier; target: targetStrongShare, or the share of the ' +
  "router's training prompts at or above the threshold; drift = realised − target";

const percent = (value: number | null) => (value === null ? '-' : `${(value * 100).toFixed(1)}%`);
const points = (value: number | null) =>
  value === null ? '-' : `${value >= 0 ? '+' : '−'}${Math.abs(value * 100).toFixed(1)} pts`;

export function strongShareRows(rows: readonly StrongShareRow[]): string[][] {
  return rows.map((row) => [
    row.route,
    percent(row.target),
    row.threshold === null ? '-' : String(row.threshold),
    percent(row.realised),
    String(row.requests),
    points(row.drift),
  ]);
}

/** The section for the terminal report; empty when no route has a strong-gain tier. */
export function renderStrongShare(rows: readonly StrongShareRow[]): string {
  if (rows.length === 0) return '';
  const table = new Table({ head: STRONG_SHARE_HEAD, style: { head: [], border: [] } });
  for (const row of strongShareRows(rows)) table.push(row);
  return `strong-first share (${NOTE})\n${table.toString()}`;
}

/** The same section as HTML; empty when no route has a strong-gain tier. */
export function strongShareHtml(rows: readonly StrongShareRow[]): string {
  if (rows.length === 0) return '';
  return `<h2>Strong-first share</h2><p class="meta">${escapeXml(NOTE)}.</p>${tableHtml(STRONG_SHARE_HEAD, strongShareRows(rows), 1)}`;
}
