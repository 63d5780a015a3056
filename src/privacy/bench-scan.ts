import { scanText } from './scan-text.js';
import type { ScanOptions } from './types.js';

/** Latency distribution of `scanText`, milliseconds. */
export interface ScanBenchResult {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
  meanMs: number;
  /** Timed scans (warm-up excluded). */
  samples: number;
}

export interface ScanBenchOptions {
  /** Timed scans over the texts, cycled. @default 5000 */
  iterations?: number;
  /** Untimed scans first, so the JIT has compiled the detectors. @default 500 */
  warmup?: number;
  scanOptions?: ScanOptions;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? 0;
}

/**
 * Times `scanText` on each of `texts` in turn (warm), one scan per sample, and returns the percentiles.
 * Used by `switchyard bench`; see `supportMessage` in bench-texts.ts for representative inputs.
 */
export function benchScan(texts: readonly string[], options: ScanBenchOptions = {}): ScanBenchResult {
  if (texts.length === 0) throw new Error('benchScan: no texts to scan');
  const iterations = options.iterations ?? 5000;
  const warmup = options.warmup ?? 500;
  let sink = 0;
  for (let i = 0; i < warmup; i++) sink += scanText(texts[i % texts.length] ?? '', options.scanOptions).length;
  const times = new Array<number>(iterations);
  for (let i = 0; i < iterations; i++) {
    const text = texts[i % texts.length] ?? '';
    const t0 = performance.now();
    sink += scanText(text, options.scanOptions).length;
    times[i] = performance.now() - t0;
  }
  if (sink < 0) throw new Error('unreachable');
  const sorted = [...times].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 50),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? 0,
    meanMs: times.reduce((a, b) => a + b, 0) / iterations,
    samples: iterations,
  };
}
