import { describe, expect, it } from 'vitest';
import { benchScan } from '../../../src/privacy/bench-scan.js';
import { supportMessage } from '../../../src/privacy/bench-texts.js';
import { scanText } from '../../../src/privacy/scan-text.js';

describe('benchScan', () => {
  it('returns ordered percentiles over the requested number of samples', () => {
    const r = benchScan([supportMessage(512, 1), supportMessage(512, 2)], { iterations: 50, warmup: 5 });
    expect(r.samples).toBe(50);
    expect(r.p50Ms).toBeGreaterThanOrEqual(0);
    expect(r.p95Ms).toBeGreaterThanOrEqual(r.p50Ms);
    expect(r.p99Ms).toBeGreaterThanOrEqual(r.p95Ms);
    expect(r.maxMs).toBeGreaterThanOrEqual(r.p99Ms);
  });
  it('refuses an empty input list', () => {
    expect(() => benchScan([])).toThrow('no texts');
  });
});

describe('supportMessage', () => {
  it('is deterministic, of the requested size, and holds personal data at the default rate', () => {
    const a = supportMessage(2048, 3);
    expect(a).toBe(supportMessage(2048, 3));
    expect(a.length).toBe(2048);
    expect(supportMessage(2048, 4)).not.toBe(a);
    expect(scanText(supportMessage(2048, 3, 1)).length).toBeGreaterThan(0);
    expect(scanText(supportMessage(2048, 3, 0))).toEqual([]);
  });
});
