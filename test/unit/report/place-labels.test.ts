import { describe, expect, it } from 'vitest';
import { costSuccessChart } from '../../../src/report/chart-cost-success.js';
import { summarizeResults } from '../../../src/report/live-report.js';
import {
  type Box,
  contains,
  intersects,
  type LabelRequest,
  placeLabels,
  thinTickLabels,
} from '../../../src/report/place-labels.js';
import { BASELINE, estimateTextWidth, LINE_HEIGHT, truncateText } from '../../../src/report/svg-kit.js';
import { result } from './fixtures.js';

const bounds: Box = { x: 80, y: 4, width: 636, height: 326 };
const label = (x: number, y: number, width = 90): LabelRequest => ({ x, y, radius: 10, width, height: 16 });

function expectApart(boxes: readonly Box[], within: Box) {
  for (const [index, box] of boxes.entries()) {
    expect(contains(within, box), `box ${index} inside`).toBe(true);
    for (const other of boxes.slice(index + 1)) expect(intersects(box, other)).toBe(false);
  }
}

describe('placeLabels', () => {
  it('keeps labels of coinciding points apart and inside the bounds', () => {
    const placements = placeLabels(
      Array.from({ length: 8 }, () => label(400, 200)),
      { bounds },
    );
    expect(placements.every((placement) => placement !== null)).toBe(true);
    expectApart(
      placements.map((placement) => placement!.box),
      bounds,
    );
    expect(placements.filter((placement) => placement!.displaced).length).toBeGreaterThan(0);
  });

  it('keeps labels of nearly coinciding points in a corner inside the bounds', () => {
    const requests = [label(700, 6, 150), label(701, 8, 120), label(699, 5), label(716, 4), label(702, 10, 200)];
    const placements = placeLabels(requests, { bounds });
    expectApart(
      placements.map((placement) => placement!.box),
      bounds,
    );
    expect(placements.every((placement) => placement !== null)).toBe(true);
  });

  it('leaves a label where it belongs when nothing is in the way', () => {
    const [placement] = placeLabels([label(200, 100)], { bounds });
    expect(placement).toEqual({ box: { x: 213, y: 92, width: 90, height: 16 }, displaced: false });
  });

  it('does not depend on the order of the points', () => {
    const requests = [label(300, 100), label(305, 102), label(310, 98), label(120, 300)];
    const forward = placeLabels(requests, { bounds });
    const backward = placeLabels([...requests].reverse(), { bounds }).reverse();
    expect(backward).toEqual(forward);
  });

  it('returns null for labels that find no free spot, and still never overlaps the rest', () => {
    const small: Box = { x: 0, y: 0, width: 200, height: 40 };
    const placements = placeLabels(
      Array.from({ length: 6 }, () => label(100, 20)),
      { bounds: small },
    );
    expect(placements.some((placement) => placement === null)).toBe(true);
    expectApart(
      placements.flatMap((placement) => (placement ? [placement.box] : [])),
      small,
    );
  });
});

describe('thinTickLabels', () => {
  it('keeps labels by priority and drops the ones that would collide', () => {
    // Priority order: the 100 at 0, then labels at 10 and 60 (10 collides with the first).
    expect(
      thinTickLabels([
        [0, 30],
        [10, 40],
        [60, 90],
      ]),
    ).toEqual([0, 2]);
  });
});

describe('text measuring', () => {
  it('estimates generously and truncates with an ellipsis', () => {
    expect(estimateTextWidth('support-chat')).toBeGreaterThan(12 * 0.55 * 'support-chat'.length);
    expect(truncateText('short', 100)).toBe('short');
    const cut = truncateText('summarize-long-documents-for-the-legal-team', 120);
    expect(cut.endsWith('…')).toBe(true);
    expect(estimateTextWidth(cut)).toBeLessThanOrEqual(120);
  });
});

describe('cost vs success chart labels', () => {
  const meta = { since: new Date(0), generatedAt: new Date(1000), running: 0, unfinished: {}, truncated: false };
  const crowded = (count: number) =>
    summarizeResults(
      Array.from({ length: count }, (_, index) =>
        result({ route: `route-number-${index}`, costUsd: 0.002 + (index % 3) * 0.00001 }),
      ),
      meta,
    ).byRoute;
  const labelBoxes = (svg: string) =>
    [...svg.matchAll(/<text class="label" x="([\d.]+)" y="([\d.]+)">([^<]*)<\/text>/g)].map(([, x, y, text]) => ({
      x: Number(x),
      y: Number(y) - BASELINE,
      width: estimateTextWidth(text!),
      height: LINE_HEIGHT,
      text,
    }));

  it('names every route beside its point without overlaps when the points pile up', () => {
    const svg = costSuccessChart(crowded(7));
    const boxes = labelBoxes(svg);
    expect(boxes).toHaveLength(7);
    expectApart(boxes, { x: 0, y: 0, width: 720, height: 380 });
    expect(svg).toContain('class="leader"');
    expect(svg).not.toContain('legend-entry');
  });

  it('switches to numbers and a legend when the names do not fit', () => {
    const svg = costSuccessChart(crowded(30));
    const boxes = labelBoxes(svg);
    expect(boxes.length).toBeGreaterThan(20);
    expect(boxes.every((box) => /^\d+$/.test(box.text!))).toBe(true);
    expectApart(boxes, { x: 0, y: 0, width: 720, height: 380 });
    expect(svg.match(/class="legend-entry"/g)).toHaveLength(30);
  });
});
