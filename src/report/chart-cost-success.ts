import { type Box, placeLabels } from './place-labels.js';
import type { ScorecardRow } from './scorecard.js';
import {
  BASELINE,
  escapeXml,
  estimateTextWidth,
  formatUsd,
  LINE_HEIGHT,
  linearScale,
  niceTicks,
  PALETTE,
  px,
  svgDocument,
  truncateText,
} from './svg-kit.js';

const WIDTH = 720;
const HEIGHT = 380;
// The left margin fits tick labels as long as `$0.000025` clear of the rotated axis title.
const MARGIN = { top: 44, right: 40, bottom: 50, left: 96 };
/** Where routes without any success are drawn (above the plot, they have no cost per success). */
const NO_SUCCESS_Y = 22;
/** Numbered legend (used when route names do not fit beside their points): margin, row height, columns. */
const LEGEND_MARGIN = 16;
const LEGEND_ROW = 18;
const LEGEND_COLUMNS = 3;
/** Longest route label drawn in the plot, in px; the full name is in the point's title. */
const MAX_LABEL_WIDTH = 200;
/** Labels stay in the plot (and the no-success band above it), clear of the axes' tick labels. */
const LABEL_BOUNDS = { x: MARGIN.left, y: 4, width: WIDTH - 4 - MARGIN.left, height: HEIGHT - MARGIN.bottom - 4 };

/**
 * Cost per successful task (y) against success rate (x), one bubble per route sized by its requests:
 * the routes worth tuning sit top-left (expensive and unreliable). Routes with no success at all sit in
 * a band above the plot.
 */
export function costSuccessChart(rows: readonly ScorecardRow[]): string {
  const routes = rows.filter((row) => row.route !== 'all');
  const maxCost = Math.max(...routes.map((row) => row.costPerSuccessUsd ?? 0), 1e-6);
  const maxRequests = Math.max(...routes.map((row) => row.requests), 1);
  const x = linearScale([0, 1], [MARGIN.left, WIDTH - MARGIN.right]);
  const yTicks = niceTicks(0, maxCost * 1.1, 5);
  const yMax = Math.max(yTicks.at(-1) ?? maxCost, maxCost);
  const y = linearScale([0, yMax], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const parts: string[] = [];
  for (const tick of [0, 0.25, 0.5, 0.75, 1]) {
    parts.push(
      `<line x1="${px(x(tick))}" y1="${MARGIN.top}" x2="${px(x(tick))}" y2="${HEIGHT - MARGIN.bottom}" stroke="#e5e7eb"/>`,
      `<text x="${px(x(tick))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${tick * 100}%</text>`,
    );
  }
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${MARGIN.left}" y1="${px(y(tick))}" x2="${WIDTH - MARGIN.right}" y2="${px(y(tick))}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${px(y(tick) + 4)}" text-anchor="end">${formatUsd(tick)}</text>`,
    );
  }
  parts.push(
    `<line x1="${MARGIN.left}" y1="${NO_SUCCESS_Y}" x2="${WIDTH - MARGIN.right}" y2="${NO_SUCCESS_Y}" stroke="#fca5a5" stroke-dasharray="4 3"/>`,
    `<text x="${MARGIN.left - 6}" y="${NO_SUCCESS_Y + 4}" text-anchor="end" fill="#b91c1c">no success</text>`,
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 12}" text-anchor="middle">success rate</text>`,
    `<text transform="translate(14 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle">cost per successful task (USD)</text>`,
  );
  const points = routes.map((row, index) => ({
    row,
    color: PALETTE[index % PALETTE.length]!,
    cx: px(x(row.successRate)),
    cy: px(row.costPerSuccessUsd === null ? NO_SUCCESS_Y : y(row.costPerSuccessUsd)),
    radius: px(5 + 14 * Math.sqrt(row.requests / maxRequests)),
  }));
  const labels = pointLabels(
    points.map((point) => ({ x: point.cx, y: point.cy, radius: point.radius, name: point.row.route })),
  );
  points.forEach((point, index) => {
    const { row, color, cx, cy, radius } = point;
    const label = labels.placements[index];
    const title = `${row.route}: ${row.requests} requests, ${(row.successRate * 100).toFixed(1)}% success, ${
      row.costPerSuccessUsd === null ? 'no success' : `${formatUsd(row.costPerSuccessUsd)} per success`
    }`;
    parts.push(
      `<g class="point"><title>${escapeXml(title)}</title>` +
        `<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${color}" fill-opacity="0.45" stroke="${color}"/>` +
        (label?.displaced ? leaderLine(point, label.box) : '') +
        (label
          ? `<text class="label" x="${px(label.box.x)}" y="${px(label.box.y + BASELINE)}">${escapeXml(label.text)}</text>`
          : '') +
        '</g>',
    );
  });
  if (labels.numbered) parts.push(legend(points));
  const height = HEIGHT + (labels.numbered ? legendHeight(points.length) : 0);
  return svgDocument(WIDTH, height, 'Cost per successful task against success rate, per route', parts.join(''));
}

/**
 * Route names beside their points; when they do not all fit without overlapping, numbers beside the
 * points and a numbered legend under the plot instead.
 */
function pointLabels(points: readonly { x: number; y: number; radius: number; name: string }[]) {
  const attempt = (texts: string[]) => {
    const placements = placeLabels(
      points.map((point, index) => ({
        ...point,
        width: estimateTextWidth(texts[index]!),
        height: LINE_HEIGHT,
      })),
      { bounds: LABEL_BOUNDS },
    );
    return placements.map((placement, index) => placement && { ...placement, text: texts[index]! });
  };
  const named = attempt(points.map((point) => truncateText(point.name, MAX_LABEL_WIDTH)));
  if (named.every((placement) => placement !== null)) return { placements: named, numbered: false };
  return { placements: attempt(points.map((_, index) => String(index + 1))), numbered: true };
}

/** A grey line from the edge of the point's circle to the nearest point of its label's box. */
function leaderLine(point: { cx: number; cy: number; radius: number }, box: Box): string {
  const toX = Math.min(Math.max(point.cx, box.x), box.x + box.width);
  const toY = Math.min(Math.max(point.cy, box.y + 2), box.y + box.height - 2);
  const length = Math.hypot(toX - point.cx, toY - point.cy) || 1;
  const fromX = point.cx + ((toX - point.cx) / length) * point.radius;
  const fromY = point.cy + ((toY - point.cy) / length) * point.radius;
  return `<line class="leader" x1="${px(fromX)}" y1="${px(fromY)}" x2="${px(toX)}" y2="${px(toY)}" stroke="#9ca3af"/>`;
}

function legendHeight(count: number): number {
  return Math.ceil(count / LEGEND_COLUMNS) * LEGEND_ROW + 8;
}

/** Numbered legend in columns under the x-axis title: swatch, number, route name (shortened to fit). */
function legend(points: readonly { row: ScorecardRow; color: string }[]): string {
  const columnWidth = (WIDTH - 2 * LEGEND_MARGIN) / LEGEND_COLUMNS;
  return points
    .map(({ row, color }, index) => {
      const left = px(LEGEND_MARGIN + (index % LEGEND_COLUMNS) * columnWidth);
      const top = HEIGHT + Math.floor(index / LEGEND_COLUMNS) * LEGEND_ROW;
      const text = truncateText(`${index + 1} ${row.route}`, columnWidth - 24);
      return (
        `<g class="legend-entry"><title>${escapeXml(`${index + 1}: ${row.route}`)}</title>` +
        `<rect x="${left}" y="${top + 3}" width="12" height="12" fill="${color}" fill-opacity="0.6" stroke="${color}"/>` +
        `<text x="${px(left + 16)}" y="${top + BASELINE + 1}">${escapeXml(text)}</text></g>`
      );
    })
    .join('');
}
