import type { FakeModelProfile, LatencyDistribution } from '../fake-provider/index.js';

/** Simulated model profiles with every latency multiplied by `factor` (error rates unchanged). */
export function scaleProfiles(
  profiles: Readonly<Record<string, FakeModelProfile>>,
  factor: number,
): Record<string, FakeModelProfile> {
  const scale = (distribution: LatencyDistribution): LatencyDistribution => ({
    p50: distribution.p50 * factor,
    p95: distribution.p95 * factor,
  });
  return Object.fromEntries(
    Object.entries(profiles).map(([name, profile]) => [
      name,
      {
        ...profile,
        latencyMs: scale(profile.latencyMs),
        ...(profile.firstTokenMs ? { firstTokenMs: scale(profile.firstTokenMs) } : {}),
      },
    ]),
  );
}
