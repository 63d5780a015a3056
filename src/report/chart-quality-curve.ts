import type { CurveSummary } from '../router/curve-summary.js';
import { escapeXml, linearScale, niceTicks, PALETTE, px, svgDocument } from './svg-kit.js';

const WIDTH = 720;
const HEIGHT = 400;
const MARGIN = { top: 36, right: 24, bottom: 50, left: 64 };
const COLORS = { router: PALETTE[0]!, random: '#6b7280', oracle: PALETTE[2]! };

/**
 * Quality (y) against strong-call share (x): the router's curve, the random band (expected line, and the shaded
 * range of seeded random orders) and the oracle, with the weak-only and strong-only levels as dashed lines.
 */
export function qualityCurveChart(curve: CurveSummary): string {
  const low = Math.min(curve.weakOnly, ...curve.random.points.map((point) => point.low));
  const high = Math.max(curve.oracle, curve.strongOnly);
  const yTicks = niceTicks(Math.max(0, low - 0.02), Math.min(1, high + 0.02), 6);
  const yMin = Math.min(yTicks[0] ?? low, low);
  const yMax = Math.max(yTicks.at(-1) ?? high, high + 0.01);
  const x = linearScale([0, 1], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([yMin, yMax], [HEIGHT - MARGIN.bottom, MARGIN.top]);
  const parts: string[] = [];
  for (const tick of [0, 0.2, 0.4, 0.6, 0.8, 1])
    parts.push(
      `<line x1="${px(x(tick))}" y1="${MARGIN.top}" x2="${px(x(tick))}" y2="${HEIGHT - MARGIN.bottom}" stroke="#e5e7eb"/>`,
      `<text x="${px(x(tick))}" y="${HEIGHT - MARGIN.bottom + 16}" text-anchor="middle">${Math.round(tick * 100)}%</text>`,
    );
  for (const tick of yTicks)
    parts.push(
      `<line x1="${MARGIN.left}" y1="${px(y(tick))}" x2="${WIDTH - MARGIN.right}" y2="${px(y(tick))}" stroke="#e5e7eb"/>`,
      `<text x="${MARGIN.left - 6}" y="${px(y(tick) + 4)}" text-anchor="end">${Number((tick * 100).toFixed(1))}%</text>`,
    );
  const band = curve.random.points;
  const bandPath = [
    ...band.map((point) => [point.strongShare, point.high]),
    ...[...band].reverse().map((point) => [point.strongShare, point.low]),
  ];
  parts.push(
    `<polygon class="random-band" points="${bandPath.map(([share, quality]) => `${px(x(share!))},${px(y(quality!))}`).join(' ')}" fill="${COLORS.random}" fill-opacity="0.18"/>`,
    line(
      band.map((point) => [point.strongShare, point.quality]),
      x,
      y,
      COLORS.random,
      'random',
      '5 4',
    ),
    level(curve.weakOnly, 'weak only', x, y),
    level(curve.strongOnly, 'strong only', x, y),
    line(
      curve.oraclePoints.map((point) => [point.strongShare, point.quality]),
      x,
      y,
      COLORS.oracle,
      'oracle',
    ),
    line(
      curve.points.map((point) => [point.strongShare, point.quality]),
      x,
      y,
      COLORS.router,
      'router',
      '',
      2.5,
    ),
    `<text x="${(MARGIN.left + WIDTH - MARGIN.right) / 2}" y="${HEIGHT - 12}" text-anchor="middle">share of calls to the strong model</text>`,
    `<text transform="translate(14 ${(MARGIN.top + HEIGHT - MARGIN.bottom) / 2}) rotate(-90)" text-anchor="middle">quality (share answered right)</text>`,
    legend([
      [`router (APGR ${curve.apgr.toFixed(3)})`, COLORS.router],
      [`random (APGR ${curve.random.apgr.mean.toFixed(3)})`, COLORS.random],
      ['oracle', COLORS.oracle],
    ]),
  );
  return svgDocument(
    WIDTH,
    HEIGHT,
    'Quality against strong-call share: router, random band and oracle',
    parts.join(''),
  );
}

type Scale = (value: number) => number;

function line(points: number[][], x: Scale, y: Scale, color: string, name: string, dash = '', width = 1.5): string {
  const coordinates = points.map(([share, quality]) => `${px(x(share!))},${px(y(quality!))}`).join(' ');
  const dashed = dash ? ` stroke-dasharray="${dash}"` : '';
  return `<polyline class="${name}" points="${coordinates}" fill="none" stroke="${color}" stroke-width="${width}"${dashed}><title>${escapeXml(name)}</title></polyline>`;
}

/** A dashed level across the plot, labelled mid-way (where the curves are furthest from the ends' levels). */
function level(quality: number, label: string, x: Scale, y: Scale): string {
  return (
    `<line x1="${px(x(0))}" y1="${px(y(quality))}" x2="${px(x(1))}" y2="${px(y(quality))}" stroke="#9ca3af" stroke-dasharray="2 3"/>` +
    `<text x="${px(x(0.5))}" y="${px(y(quality) - 4)}" text-anchor="middle" fill="#4b5563">${escapeXml(`${label} ${(quality * 100).toFixed(1)}%`)}</text>`
  );
}

function legend(entries: [string, string][]): string {
  return entries
    .map(([label, color], index) => {
      const left = MARGIN.left + index * 210;
      return (
        `<rect x="${left}" y="12" width="14" height="4" fill="${color}"/>` +
        `<text x="${left + 20}" y="18">${escapeXml(label)}</text>`
      );
    })
    .join('');
}
