/**
 * Deterministic placement of chart labels: no two placed labels overlap, every placed label stays inside
 * the given bounds, and labels avoid other points' markers when they can. Pure: boxes in, boxes out.
 */

/** An axis-aligned rectangle in SVG user units; `x`, `y` are the top-left corner. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** A point to label: the marker's centre and radius (0 for none), and the label's size, in SVG units. */
export interface LabelRequest {
  x: number;
  y: number;
  radius: number;
  width: number;
  height: number;
}

/** Where one label goes. */
export interface LabelPlacement {
  box: Box;
  /** True when the label sits away from its marker, so the chart should draw a leader line to it. */
  displaced: boolean;
}

export interface PlaceLabelsOptions {
  /** Every label box stays inside this rectangle, in SVG units. */
  bounds: Box;
  /** Clear space around markers and between labels, in SVG units. @default 3 */
  padding?: number;
}

/** How much a candidate that covers some marker costs, in steps of vertical displacement. */
const MARKER_PENALTY = 4;
/** How much a label on its point's less preferred side costs, in steps. */
const SIDE_PENALTY = 0.5;

/**
 * Places each label beside its marker (right of it, or left when the right side leaves the bounds), and
 * when that spot is taken tries spots further up and down in half-label steps, picking the nearest free
 * one. Points are handled top to bottom, then left to right, so the result does not depend on input
 * order. Returns `null` for a label that has no free spot (the caller then falls back to a legend).
 */
export function placeLabels(requests: readonly LabelRequest[], options: PlaceLabelsOptions): (LabelPlacement | null)[] {
  const { bounds } = options;
  const padding = options.padding ?? 3;
  const order = requests.map((_, index) => index).sort((a, b) => compareRequests(requests[a]!, requests[b]!) || a - b);
  const placed: Box[] = [];
  const result = new Array<LabelPlacement | null>(requests.length).fill(null);
  for (const index of order) {
    const request = requests[index]!;
    if (request.width > bounds.width || request.height > bounds.height) continue;
    let best: { box: Box; cost: number } | null = null;
    for (const candidate of candidates(request, bounds, padding)) {
      if (best && candidate.cost >= best.cost) continue;
      if (placed.some((box) => intersects(grow(box, padding), candidate.box))) continue;
      const coversMarker = requests.some((other) => other.radius > 0 && boxTouchesCircle(candidate.box, other));
      const cost = candidate.cost + (coversMarker ? MARKER_PENALTY : 0);
      if (!best || cost < best.cost) best = { box: candidate.box, cost };
    }
    if (!best) continue;
    placed.push(best.box);
    const middle = best.box.y + best.box.height / 2;
    result[index] = {
      box: best.box,
      displaced: Math.abs(middle - request.y) > Math.max(request.radius, best.box.height / 2),
    };
  }
  return result;
}

/** True when two boxes share any area (touching edges do not count). */
export function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** True when the box lies entirely inside `outer`. */
export function contains(outer: Box, inner: Box): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/**
 * Which axis tick labels to draw so that none overlap: `spans` are the labels' [start, end] along the
 * axis, in priority order (most important first). Returns the indexes to keep, in ascending order.
 */
export function thinTickLabels(spans: readonly [number, number][], gap = 4): number[] {
  const kept: number[] = [];
  for (const [index, [start, end]] of spans.entries()) {
    if (kept.every((other) => end + gap <= spans[other]![0] || spans[other]![1] + gap <= start)) kept.push(index);
  }
  return kept.sort((a, b) => a - b);
}

function compareRequests(a: LabelRequest, b: LabelRequest): number {
  return a.y - b.y || a.x - b.x;
}

/** Candidate boxes in both sides and every half-label step up and down, clamped into the bounds. */
function* candidates(request: LabelRequest, bounds: Box, padding: number): Generator<{ box: Box; cost: number }> {
  const step = Math.max(1, request.height / 2);
  const right = request.x + request.radius + padding;
  const left = request.x - request.radius - padding - request.width;
  const rightFits = right + request.width <= bounds.x + bounds.width;
  const sides = rightFits || left < bounds.x ? [right, left] : [left, right];
  const maxSteps = Math.ceil((bounds.height + Math.abs(request.y - (bounds.y + bounds.height / 2))) / step);
  for (let steps = 0; steps <= maxSteps; steps += 1) {
    for (const direction of steps === 0 ? [1] : [1, -1]) {
      for (const [sideIndex, x] of sides.entries()) {
        const y = request.y - request.height / 2 + direction * steps * step;
        const box = clamp({ x, y, width: request.width, height: request.height }, bounds);
        yield { box, cost: steps + sideIndex * SIDE_PENALTY };
      }
    }
  }
}

function clamp(box: Box, bounds: Box): Box {
  const x = Math.min(Math.max(box.x, bounds.x), bounds.x + bounds.width - box.width);
  const y = Math.min(Math.max(box.y, bounds.y), bounds.y + bounds.height - box.height);
  return { ...box, x, y };
}

function grow(box: Box, by: number): Box {
  return { x: box.x - by, y: box.y - by, width: box.width + 2 * by, height: box.height + 2 * by };
}

function boxTouchesCircle(box: Box, circle: { x: number; y: number; radius: number }): boolean {
  const nearestX = Math.min(Math.max(circle.x, box.x), box.x + box.width);
  const nearestY = Math.min(Math.max(circle.y, box.y), box.y + box.height);
  return (nearestX - circle.x) ** 2 + (nearestY - circle.y) ** 2 < circle.radius ** 2;
}
