import { describe, expect, it } from 'vitest';
import { applyEvent, type Circuit, type CircuitEvent, modelKey } from '../../../src/policy/circuit-breaker.js';
import {
  claimProbe,
  liveClaims,
  type ProbeClaim,
  type ProbeClaimRequest,
  releaseClaims,
} from '../../../src/policy/circuit-probes.js';
import { DEFAULT_CIRCUIT_SETTINGS } from '../../../src/policy/circuit-schema.js';

const T0 = Date.UTC(2026, 11, 6, 4, 0, 0);
const settings = { ...DEFAULT_CIRCUIT_SETTINGS };
const COOLDOWN_OVER = T0 + settings.cooldownMs + 1000;
const failure: CircuitEvent = {
  model: 'm',
  route: 'faq',
  kind: 'failure',
  errorType: 'Overloaded',
  latencyMs: 10,
  untilMs: null,
};
const request = (id: string, extra: Partial<ProbeClaimRequest> = {}): ProbeClaimRequest => ({
  id,
  model: 'm',
  route: 'faq',
  halfOpenProbes: 1,
  ttlMs: 9000,
  ...extra,
});

/** The circuits of an endpoint after `n` failures of model `m` starting at `atMs` (5 open it). */
function failures(n: number, atMs = T0, start: Record<string, Circuit> = {}): Record<string, Circuit> {
  let circuits = start;
  for (let i = 0; i < n; i += 1) circuits = applyEvent(circuits, failure, settings, atMs + i).circuits;
  return circuits;
}

/** Claims `ids` one after another at `nowMs`, as the entity does; returns each verdict and the claims left. */
function claimAll(circuits: Record<string, Circuit>, ids: string[], nowMs: number, claims: ProbeClaim[] = []) {
  const verdicts = [];
  for (const id of ids) {
    const claimed = claimProbe(circuits, claims, request(id), nowMs);
    claims = claimed.claims;
    verdicts.push(claimed.verdict);
  }
  return { verdicts, claims };
}

describe('fleet-wide half-open probe claims (pure)', () => {
  const open = failures(5);
  const halfOpenSince = open[modelKey('m')]!.untilMs!;

  it('grants halfOpenProbes claims per half-open circuit and refuses the rest with the reason', () => {
    const { verdicts, claims } = claimAll(open, ['a', 'b', 'c'], COOLDOWN_OVER);
    expect(verdicts[0]).toEqual({ allowed: true, probeKeys: [modelKey('m')] });
    expect(verdicts[1]).toEqual({
      allowed: false,
      key: modelKey('m'),
      message: `circuit half-open since ${new Date(halfOpenSince).toISOString()} (5 consecutive failures, last Overloaded), probe in flight`,
    });
    expect(verdicts[2]).toMatchObject({ allowed: false });
    expect(claims).toEqual([
      { id: 'a', key: modelKey('m'), untilMs: halfOpenSince, expiresAtMs: COOLDOWN_OVER + 9000 },
    ]);
    const two = claimProbe(open, [], request('x', { halfOpenProbes: 2 }), COOLDOWN_OVER);
    const second = claimProbe(open, two.claims, request('y', { halfOpenProbes: 2 }), COOLDOWN_OVER);
    const third = claimProbe(open, second.claims, request('z', { halfOpenProbes: 2 }), COOLDOWN_OVER);
    expect([two, second, third].map((claimed) => claimed.verdict.allowed)).toEqual([true, true, false]);
  });

  it('a closed circuit needs no claim; an open one is refused with the open message', () => {
    expect(claimProbe({}, [], request('a'), T0)).toEqual({ verdict: { allowed: true, probeKeys: [] }, claims: [] });
    expect(claimProbe(failures(2), [], request('a'), T0 + 10).claims).toEqual([]);
    const refused = claimProbe(open, [], request('a'), T0 + 100);
    expect(refused.claims).toEqual([]);
    expect(refused.verdict).toMatchObject({ allowed: false, message: expect.stringMatching(/^circuit open since /) });
  });

  it('a released claim frees its slot', () => {
    const { claims } = claimAll(open, ['a'], COOLDOWN_OVER);
    const freed = releaseClaims(claims, ['a']);
    expect(freed).toEqual([]);
    expect(claimProbe(open, freed, request('b'), COOLDOWN_OVER + 50).verdict).toMatchObject({ allowed: true });
    expect(releaseClaims(claims, ['unknown'])).toEqual(claims);
  });

  it('a claim whose worker never reports frees itself at its expiry', () => {
    const { claims } = claimAll(open, ['a'], COOLDOWN_OVER);
    expect(claimProbe(open, claims, request('b'), COOLDOWN_OVER + 8999).verdict.allowed).toBe(false);
    const later = claimProbe(open, claims, request('b'), COOLDOWN_OVER + 9000);
    expect(later.verdict.allowed).toBe(true);
    expect(later.claims.map((claim) => claim.id)).toEqual(['b']);
  });

  it("the probe's outcome ends the claim: a reopened circuit's next half-open period grants a new probe", () => {
    const { claims } = claimAll(open, ['a'], COOLDOWN_OVER);
    const reopened = failures(1, COOLDOWN_OVER + 400, open);
    expect(reopened[modelKey('m')]).toMatchObject({
      phase: 'open',
      untilMs: COOLDOWN_OVER + 400 + settings.cooldownMs,
    });
    expect(liveClaims(reopened, claims, COOLDOWN_OVER + 500)).toEqual([]);
    const nextHalfOpen = COOLDOWN_OVER + 400 + settings.cooldownMs + 1;
    expect(claimProbe(reopened, claims, request('b'), nextHalfOpen).verdict).toMatchObject({ allowed: true });
    const closed = applyEvent(open, { ...failure, kind: 'success', errorType: null }, settings, COOLDOWN_OVER + 400);
    expect(liveClaims(closed.circuits, claims, COOLDOWN_OVER + 500)).toEqual([]);
  });

  it('asking again with the same id replaces its claim instead of taking a second slot', () => {
    const { claims } = claimAll(open, ['a'], COOLDOWN_OVER);
    const again = claimProbe(open, claims, request('a'), COOLDOWN_OVER + 100);
    expect(again.verdict.allowed).toBe(true);
    expect(again.claims).toEqual([
      { id: 'a', key: modelKey('m'), untilMs: halfOpenSince, expiresAtMs: COOLDOWN_OVER + 9100 },
    ]);
  });
});
