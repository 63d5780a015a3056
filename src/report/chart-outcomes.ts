import { OUTCOMES, type Outcome } from '../policy/types.js';
import { escapeXml, estimateTextWidth, OUTCOME_COLORS, px, svgDocument, truncateText } from './svg-kit.js';

const WIDTH = 720;
const ROW = 28;
const MARGIN = { top: 34, right: 30, bottom: 20, left: 150 };

/** Outcome mix per route as 100 % stacked bars, with a legend. */
export function outcomesChart(
  outcomes: Readonly<Record<string, Record<Outcome, number>>>,
  order: readonly string[],
): string {
  const routes = order.filter((route) => outcomes[route]);
  const height = MARGIN.top + MARGIN.bottom + Math.max(1, routes.length) * ROW;
  const span = WIDTH - MARGIN.left - MARGIN.right;
  const parts: string[] = [];
  let legendX = MARGIN.left;
  for (const outcome of OUTCOMES) {
    parts.push(
      `<rect x="${legendX}" y="8" width="12" height="12" fill="${OUTCOME_COLORS[outcome]}"/>`,
      `<text x="${legendX + 16}" y="18">${outcome}</text>`,
    );
    legendX += 16 + estimateTextWidth(outcome) + 24;
  }
  routes.forEach((route, index) => {
    const counts = outcomes[route]!;
    const total = OUTCOMES.reduce((sum, outcome) => sum + counts[outcome], 0) || 1;
    const top = MARGIN.top + index * ROW + 4;
    const name = truncateText(route, MARGIN.left - 12);
    parts.push(
      `<text class="route" x="${MARGIN.left - 8}" y="${top + 14}" text-anchor="end">${name === route ? '' : `<title>${escapeXml(route)}</title>`}${escapeXml(name)}</text>`,
    );
    let x = MARGIN.left;
    for (const outcome of OUTCOMES) {
      const width = (counts[outcome] / total) * span;
      if (width <= 0) continue;
      const label = `${route}: ${counts[outcome]} ${outcome} (${((counts[outcome] / total) * 100).toFixed(1)}%)`;
      parts.push(
        `<rect class="segment" x="${px(x)}" y="${top}" width="${px(width)}" height="${ROW - 8}" fill="${OUTCOME_COLORS[outcome]}"><title>${escapeXml(label)}</title></rect>`,
      );
      x += width;
    }
  });
  return svgDocument(WIDTH, height, 'Outcome mix per route', parts.join(''));
}
