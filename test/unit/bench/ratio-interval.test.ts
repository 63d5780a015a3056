import { describe, expect, it } from 'vitest';
import { medianRatioInterval } from '../../../src/bench/ratio-interval.js';
import { mulberry32 } from '../../../src/random/mulberry32.js';

/** `count` latencies around `centreMs` with ±`spreadMs` uniform noise, from a fixed seed. */
function latencies(count: number, centreMs: number, spreadMs: number, seed: number): number[] {
  const random = mulberry32(seed);
  return Array.from({ length: count }, () => centreMs + (random() * 2 - 1) * spreadMs);
}

describe('medianRatioInterval: how far routed p50 / floor p50 could move by chance', () => {
  it('two samples of one distribution: the interval holds 1.0 and is narrow with many rounds', () => {
    const { low, high } = medianRatioInterval(latencies(300, 20, 4, 1), latencies(300, 20, 4, 2));
    expect(low).toBeLessThan(1);
    expect(high).toBeGreaterThan(1);
    expect(high - low).toBeLessThan(0.1);
  });

  it('a clear 10 % gap: the whole interval lies above 1.0, around 1.1', () => {
    const { low, high } = medianRatioInterval(latencies(300, 22, 2, 3), latencies(300, 20, 2, 4));
    expect(low).toBeGreaterThan(1);
    expect(low).toBeLessThanOrEqual(1.1);
    expect(high).toBeGreaterThanOrEqual(1.1);
  });

  it('paired rounds share the machine’s slow moments: a common drift does not widen the interval', () => {
    const drift = Array.from({ length: 200 }, (_, round) => (round % 2 === 0 ? 0 : 30));
    const floor = latencies(200, 20, 0.5, 5).map((value, round) => value + drift[round]!);
    const routed = floor.map((value) => value * 1.05);
    const { low, high } = medianRatioInterval(routed, floor);
    expect(low).toBeGreaterThanOrEqual(1.04);
    expect(high).toBeLessThanOrEqual(1.06);
  });

  it('the same samples give the same interval; empty sets give [0, 0]', () => {
    const routed = latencies(50, 21, 3, 6);
    const floor = latencies(50, 20, 3, 7);
    expect(medianRatioInterval(routed, floor)).toEqual(medianRatioInterval(routed, floor));
    expect(medianRatioInterval([], floor)).toEqual({ low: 0, high: 0 });
  });
});
