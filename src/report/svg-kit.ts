/** Small, dependency-free helpers for drawing SVG charts as strings. */

/** Escapes text for XML/HTML content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Maps [d0, d1] linearly onto [r0, r1]. */
export function linearScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

/** Maps [d0, d1] (both > 0) logarithmically onto [r0, r1]; values <= 0 map to r0. */
export function logScale(domain: [number, number], range: [number, number]): (value: number) => number {
  const low = Math.log10(Math.max(domain[0], 1e-9));
  const high = Math.log10(Math.max(domain[1], domain[0] * 1.001, 1e-9));
  const scale = linearScale([low, high], range);
  return (value) => (value <= 0 ? range[0] : scale(Math.log10(value)));
}

/** About `count` round tick values covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((factor) => factor * magnitude >= raw) ?? 10) * magnitude;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + step * 1e-9; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** Powers of ten (and 2×, 5×) within [min, max], for log axes. */
export function logTicks(min: number, max: number): number[] {
  const ticks: number[] = [];
  for (let exponent = Math.floor(Math.log10(Math.max(min, 1e-9))); 10 ** exponent <= max * 1.0001; exponent += 1) {
    for (const factor of [1, 2, 5]) {
      const tick = factor * 10 ** exponent;
      if (tick >= min * 0.9999 && tick <= max * 1.0001) ticks.push(tick);
    }
  }
  return ticks;
}

/** A categorical palette that stays readable when printed in grey. */
export const PALETTE = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2', '#be185d', '#4b5563'];

/** Colours of outcomes, shared by every chart and legend. */
export const OUTCOME_COLORS = {
  answered: '#059669',
  reviewed: '#2563eb',
  degraded: '#d97706',
  rejected: '#dc2626',
} as const;

/** Formats milliseconds for axis labels: `250ms`, `1.5s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${Number((ms / 1000).toPrecision(3))}s`;
}

/** Formats USD with enough digits for fractions of a cent. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  return usd >= 0.01 ? `$${usd.toFixed(3)}` : `$${usd.toPrecision(2)}`;
}

/** An `<svg>` element with a viewBox, a title (accessible name) and the given body. */
export function svgDocument(width: number, height: number, title: string, body: string, className = 'chart'): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="${className}" role="img" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="${FONT_SIZE}">` +
    `<title>${escapeXml(title)}</title>${body}</svg>`
  );
}

/** Font size of chart text, in px (set once on the `<svg>` element). */
export const FONT_SIZE = 12;
/** Height of one line of chart text, in px: room for the font's ascent and descent. */
export const LINE_HEIGHT = 16;
/** Baseline offset from the top of a `LINE_HEIGHT` box, in px. */
export const BASELINE = 12;

const NARROW = new Set("fijlrt.,:;!|'()[]/- ");
const WIDE = new Set('mwMW@%&');

/**
 * A generous estimate of a string's rendered width in px (per-character classes, sized to wide sans fonts
 * such as DejaVu Sans), so boxes computed from it contain the real text. No DOM, so no measuring.
 */
export function estimateTextWidth(text: string, fontSize = FONT_SIZE): number {
  let ems = 0;
  for (const char of text) {
    if (NARROW.has(char)) ems += 0.42;
    else if (WIDE.has(char) || char.charCodeAt(0) > 0x2e7f) ems += 1;
    else if (char >= 'A' && char <= 'Z') ems += 0.8;
    else ems += 0.66;
  }
  return Math.ceil(ems * fontSize);
}

/** Shortens text with an ellipsis until its estimated width fits `maxWidth` px. */
export function truncateText(text: string, maxWidth: number, fontSize = FONT_SIZE): string {
  if (estimateTextWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && estimateTextWidth(`${chars.join('')}…`, fontSize) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}

/** Fixed-precision number for SVG coordinates. */
export const px = (value: number) => Number(value.toFixed(1));
