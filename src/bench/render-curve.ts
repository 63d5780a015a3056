import { qualityCurveChart } from '../report/chart-quality-curve.js';
import { escapeXml } from '../report/svg-kit.js';
import type { CurveBenchResult } from './replay-curve.js';

/** `bench replay --curve` as a terminal table and as a self-contained HTML page (inline SVG, no scripts). */

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;

/** The headline figures, one line each. */
export function curveFigures(result: CurveBenchResult): string[] {
  const { curve, folds } = result;
  const how =
    result.mode === 'model'
      ? `given router, every line scored`
      : `router trained on ${result.trainItems} lines (hash split, seed ${result.splitSeed}), scored on the other ${curve.items}`;
  const lines = [
    `${result.input}: ${result.lines} lines; ${how}`,
    `items ${curve.items}: weak-only ${pct(curve.weakOnly)}, strong-only ${pct(curve.strongOnly)}, oracle ${pct(curve.oracle)}`,
    `APGR ${curve.apgr.toFixed(3)} (random ${curve.random.apgr.mean.toFixed(3)}, ${curve.random.apgr.low.toFixed(3)}–${curve.random.apgr.high.toFixed(3)} over ${curve.random.orders} seeded orders)`,
    `CPT(50%) ${pct(curve.cpt50)}, CPT(80%) ${pct(curve.cpt80)}`,
    `95 % of strong-only quality at ${pct(curve.strongShareAt95)} strong calls: cost ${pct(curve.costReductionAt95)} below strong-only (strong ${curve.strongCostRatio}× the weak price)`,
  ];
  if (folds)
    lines.push(
      `${folds.k}-fold APGR ${folds.mean.toFixed(3)} ± ${folds.sd.toFixed(3)} (${folds.apgr.map((value) => value.toFixed(3)).join(', ')})`,
    );
  return lines;
}

export const CURVE_HEAD = ['strong share', 'quality', 'PGR', 'random', 'random range', 'oracle'];

export function curveRows(result: CurveBenchResult): string[][] {
  return result.curve.rows.map((row) => [
    pct(row.strongShare),
    pct(row.quality),
    row.pgr.toFixed(3),
    pct(row.random.quality),
    `${pct(row.random.low)}–${pct(row.random.high)}`,
    pct(row.oracle),
  ]);
}

/** Figures, then the table at 0 %, 10 %, … 100 % strong share. */
export function renderCurve(result: CurveBenchResult): string {
  const widths = CURVE_HEAD.map((head, column) =>
    Math.max(head.length, ...curveRows(result).map((row) => row[column]!.length)),
  );
  const format = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
  return [...curveFigures(result), format(CURVE_HEAD), ...curveRows(result).map(format)].join('\n');
}

/** One HTML page: the figures, the chart (router, random band, oracle) and the table. */
export function renderCurveHtml(result: CurveBenchResult): string {
  const head = CURVE_HEAD.map((cell) => `<th>${escapeXml(cell)}</th>`).join('');
  const body = curveRows(result)
    .map((row) => `<tr>${row.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Switchyard router curve</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 800px; color: #111827; padding: 0 1rem; }
ul { padding-left: 1.2rem; } table { border-collapse: collapse; font-size: 0.85rem; margin-top: 1rem; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 0.25rem 0.6rem; text-align: right; }
svg.chart { display: block; max-width: 100%; height: auto; border: 1px solid #e5e7eb; margin-top: 1rem; }
</style></head><body>
<h1>Router curve: quality against strong-call share</h1>
<ul>${curveFigures(result)
    .map((line) => `<li>${escapeXml(line)}</li>`)
    .join('')}</ul>
${qualityCurveChart(result.curve)}
<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>
</body></html>
`;
}
