import type { ScorecardRow } from './scorecard.js';
import { escapeXml, formatUsd, linearScale, niceTicks, PALETTE, px, svgDocument } from './svg-kit.js';

const WIDTH = 720;
const HEIGHT = 380;
const MARGIN = { top: 44, right: 40, bottom: 50, left: 80 };
/** Where routes without any success are drawn (above the plot, they have no cost per success). */
const NO_SUCCESS_Y = 22;

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
    `<text transform="translate(16 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle">cost per successful task (USD)</text>`,
  );
  const points = routes.map((row, index) => ({
    row,
    color: PALETTE[index % PALETTE.length]!,
    cx: px(x(row.successRate)),
    cy: px(row.costPerSuccessUsd === null ? NO_SUCCESS_Y : y(row.costPerSuccessUsd)),
    radius: px(5 + 14 * Math.sqrt(row.requests / maxRequests)),
  }));
  const labelY = spreadLabels(
    points.map((point) => ({ x: point.cx, y: point.cy })),
    13,
  );
  points.forEach((point, index) => {
    const { row, color, cx, cy, radius } = point;
    const leftSide = row.successRate > 0.75;
    const lx = px(leftSide ? cx - radius - 4 : cx + radius + 4);
    const ly = px(labelY[index]! + 4);
    const label = `${row.route}: ${row.requests} requests, ${(row.successRate * 100).toFixed(1)}% success, ${
      row.costPerSuccessUsd === null ? 'no success' : `${formatUsd(row.costPerSuccessUsd)} per success`
    }`;
    parts.push(
      `<g class="point"><title>${escapeXml(label)}</title>` +
        `<circle cx="${cx}" cy="${cy}" r="${radius}" fill="${color}" fill-opacity="0.45" stroke="${color}"/>` +
        `<text x="${lx}" y="${ly}" text-anchor="${leftSide ? 'end' : 'start'}">${escapeXml(row.route)}</text></g>`,
    );
  });
  return svgDocument(WIDTH, HEIGHT, 'Cost per successful task against success rate, per route', parts.join(''));
}

/** Label baselines near each point, nudged apart so labels of nearby points do not overlap. */
export function spreadLabels(points: readonly { x: number; y: number }[], gap: number): number[] {
  const order = points.map((point, index) => ({ ...point, index })).sort((a, b) => a.y - b.y || a.x - b.x);
  const placed: { x: number; y: number }[] = [];
  const result = new Array<number>(points.length);
  for (const point of order) {
    let y = point.y;
    for (const other of placed) {
      if (Math.abs(other.x - point.x) < 120 && y < other.y + gap && y > other.y - gap) y = other.y + gap;
    }
    placed.push({ x: point.x, y });
    result[point.index] = y;
  }
  return result;
}
