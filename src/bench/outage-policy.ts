import { type LoadedPolicy, parsePolicyText } from '../config/load-policy.js';

/** How the outage benchmark's primary fails. */
export const OUTAGE_FAULTS = ['5xx', 'timeout'] as const;
export type OutageFault = (typeof OUTAGE_FAULTS)[number];

/**
 * The fake-provider model behind the dead primary, per fault (`src/fake-provider/behaviours.ts`): `5xx` answers
 * HTTP 500 at once (ServerError, retried); `timeout` accepts the request and never answers, so each attempt
 * lasts the first-token limit (NoResponse, failed over without a retry).
 */
export const FAULT_MODELS: Readonly<Record<OutageFault, string>> = {
  '5xx': 'error:status=500',
  timeout: 'no-response',
};

/** The outage policy's limits (defaults for every route), ms unless named otherwise. */
export const OUTAGE_LIMITS = {
  /** Per-attempt limit, ms. */
  timeoutMs: 6000,
  /** Request start to first token, ms: how long a `timeout` attempt hangs. */
  firstTokenTimeoutMs: 2000,
  /** Whole request, ms. */
  deadlineMs: 30_000,
  /** Extra attempts of the same model on a retried error (5xx), count. */
  retries: 2,
  /** Wait before a retry, ms. */
  retryDelayMs: 250,
} as const;

/** The two runs of the outage benchmark: the breaker on (defaults) and off. */
export const OUTAGE_MODES = ['withBreaker', 'withoutBreaker'] as const;
export type OutageMode = (typeof OUTAGE_MODES)[number];

/**
 * Names per mode: route `outage` has the dead primary (model key `dead`) and a healthy fallback, route `healthy`
 * only the fallback.
 */
export const OUTAGE_ROUTES: Readonly<Record<OutageMode, { outage: string; healthy: string; dead: string }>> = {
  withBreaker: { outage: 'outage-with-breaker', healthy: 'healthy-with-breaker', dead: 'dead' },
  withoutBreaker: { outage: 'outage-without-breaker', healthy: 'healthy-without-breaker', dead: 'dead-unguarded' },
};

/**
 * The outage benchmark policy: each mode has its own provider key (so its own circuit entity; the `guarded` one
 * on the breaker's defaults, the `unguarded` one with `circuitBreaker: { enabled: false }`) holding a dead primary
 * and a healthy fallback (`ok`), so neither run's circuit state can touch the other's.
 */
export function outagePolicyYaml(fault: OutageFault): string {
  const dead = FAULT_MODELS[fault];
  const limits = Object.entries(OUTAGE_LIMITS)
    .map(([key, value]) => `${key}: ${value}`)
    .join(', ');
  const provider = (extra: string) =>
    `{ kind: openai-compatible, fakeProvider: true, dataClasses: [public, internal, restricted]${extra} }`;
  const model = (providerKey: string, id: string) =>
    `{ provider: ${providerKey}, id: '${id}', contextTokens: 16000, price: { inputPer1M: 0.15, outputPer1M: 0.6 } }`;
  return `
version: bench-outage-${fault}-1
description: Circuit-breaker outage benchmark (primary ${dead}, healthy fallback).
defaults: { ${limits}, maxOutputTokens: 64 }
providers:
  guarded: ${provider('')}
  unguarded: ${provider(', circuitBreaker: { enabled: false }')}
models:
  ${OUTAGE_ROUTES.withBreaker.dead}: ${model('guarded', dead)}
  ok: ${model('guarded', 'ok')}
  ${OUTAGE_ROUTES.withoutBreaker.dead}: ${model('unguarded', dead)}
  ok-unguarded: ${model('unguarded', 'ok')}
access: { forceRoutes: all }
routes:
  - { name: ${OUTAGE_ROUTES.withBreaker.outage}, primary: ${OUTAGE_ROUTES.withBreaker.dead}, fallbacks: [ok] }
  - name: ${OUTAGE_ROUTES.withoutBreaker.outage}
    primary: ${OUTAGE_ROUTES.withoutBreaker.dead}
    fallbacks: [ok-unguarded]
  - { name: ${OUTAGE_ROUTES.withBreaker.healthy}, primary: ok }
  - { name: ${OUTAGE_ROUTES.withoutBreaker.healthy}, primary: ok-unguarded }
`;
}

export function outagePolicy(fault: OutageFault): LoadedPolicy {
  return parsePolicyText(outagePolicyYaml(fault), `/virtual/bench-outage-${fault}.yaml`, 'bench-outage.yaml');
}
