import type { FakeModelProfile } from '../fake-provider/index.js';

/**
 * The simulated models the fake provider of `demo`, `dev` and `switchyard fake-provider` (compose) serves
 * (model ids in support-inbox.yaml): a cheap fast
 * cloud model, a strong slower one, and a private model on our own hardware. Latencies and error rates
 * are in the range public status pages and our seeds describe (the cheap one is having a bad hour: 12 %
 * of its calls fail); randomness is seeded.
 */
export const DEMO_PROFILES: Record<string, FakeModelProfile> = {
  'sim-fast': { latencyMs: { p50: 380, p95: 1100 }, firstTokenMs: { p50: 180, p95: 450 }, errorRate: 0.12 },
  'sim-strong': {
    latencyMs: { p50: 1200, p95: 2800 },
    firstTokenMs: { p50: 450, p95: 1200 },
    errorRate: 0.02,
    contentFilterRate: 0.005,
  },
  'sim-private': { latencyMs: { p50: 700, p95: 1600 }, firstTokenMs: { p50: 250, p95: 700 }, errorRate: 0.01 },
};
