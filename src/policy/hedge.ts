import type { HedgeConfig } from './hedge-schema.js';
import { type LadderState, type LadderStep, stepDown } from './ladder.js';
import type { Policy } from './schema.js';
import { type StrongGainTierRule, tierCut } from './strong-gain-route.js';
import type { AttemptRecord, Classification, TrailEntry } from './types.js';

/** Hedged calls as pure decisions (docs/failover.md#hedged-calls): whether, with which model, and who won. */

type CallStep = Extract<LadderStep, { kind: 'call' }>;

/** Whether a request hedges, and why (for the trail). */
export interface HedgeVerdict {
  hedge: boolean;
  reason: string;
}

/**
 * Whether a request is unsure enough to hedge. `always` hedges every request; `uncertain` (the default) hedges when
 * the classification is unsure (confidence below `minConfidence`, or the classifiers disagree) or the route's
 * strong-gain tier was unsure (a `strongGain` score within the tier's `unsureMargin` of its cut). A request without
 * a score is judged by its classification alone.
 */
export function hedgeDecision(
  hedge: Pick<HedgeConfig, 'when'>,
  classification: Pick<Classification, 'confidence' | 'conflicting' | 'strongGain'>,
  minConfidence: number,
  tier?: StrongGainTierRule,
): HedgeVerdict {
  if (hedge.when === 'always') return { hedge: true, reason: 'hedge: always' };
  const unsure: string[] = [];
  if (classification.confidence < minConfidence)
    unsure.push(`confidence ${classification.confidence.toFixed(2)} < ${minConfidence}`);
  if (classification.conflicting) unsure.push('classifiers disagree');
  if (tier && classification.strongGain) {
    const { value, cut, unsure: near } = tierCut(tier, classification.strongGain);
    if (near) unsure.push(`strongGain ${value.toFixed(3)} within ${tier.unsureMargin} of the cut ${cut.toFixed(3)}`);
  }
  if (unsure.length > 0) return { hedge: true, reason: `uncertain: ${unsure.join(', ')}` };
  return { hedge: false, reason: `certain: confidence ${classification.confidence.toFixed(2)}` };
}

/**
 * The hedge leg's call step: the named model, else the candidate after the first attempt's, where the ladder allows
 * it (data class, deadline, and the cost cap with the first leg's worst case counted as spent, since both may run
 * to the end). A reason instead when none may take it.
 */
export function hedgeStep(
  state: LadderState,
  policy: Policy,
  nowMs: number,
  first: CallStep,
  model: string | undefined,
): { kind: 'call'; step: CallStep } | { kind: 'none'; reason: string } {
  const both = { ...state, spentUsd: state.spentUsd + first.worstCaseUsd };
  const step = stepDown(both, policy, nowMs, first.candidateIndex, 'hedge:', (candidate) =>
    model === undefined || candidate.candidate.model === model ? null : 'not the hedge model',
  );
  if (step?.kind === 'call') return { kind: 'call', step };
  const wanted = model ?? 'the next candidate';
  if (step) return { kind: 'none', reason: `no hedge with ${wanted}: ${'reason' in step ? step.reason : step.kind}` };
  return { kind: 'none', reason: `no hedge: ${wanted} may not take this request after ${first.candidate.model}` };
}

/** Where a race of two legs stands: keep waiting, a leg won, or both failed. Attempts are null while in flight. */
export type RaceState = { kind: 'wait' } | { kind: 'won'; winner: 'first' | 'hedge' } | { kind: 'both-failed' };

/** The first valid answer wins; the first leg wins a tie (both settled in the same workflow activation). */
export function raceState(first: AttemptRecord | null, hedge: AttemptRecord | null): RaceState {
  if (first?.ok) return { kind: 'won', winner: 'first' };
  if (hedge?.ok) return { kind: 'won', winner: 'hedge' };
  if (first && hedge) return { kind: 'both-failed' };
  return { kind: 'wait' };
}

/** The trail line of a hedge leg that started. */
export function hedgeStartEntry(first: AttemptRef, hedge: AttemptRef, afterMs: number, why: string): TrailEntry {
  return {
    step: 'hedge',
    outcome: 'started',
    reason: `attempt ${first.n} ${first.role}/${first.model} had not answered after ${afterMs} ms (${why}): hedge ${hedge.model} started as attempt ${hedge.n}`,
  };
}

/** The trail line of a race's end: who won, and that the other leg was cancelled. */
export function hedgeEndEntry(
  race: RaceState,
  first: AttemptRef,
  hedge: AttemptRef,
  loserCancelled: boolean,
): TrailEntry {
  if (race.kind !== 'won')
    return { step: 'hedge', outcome: 'both-failed', reason: `${first.model} and ${hedge.model} both failed` };
  const [winner, loser] = race.winner === 'first' ? [first, hedge] : [hedge, first];
  const rest = loserCancelled ? `${loser.role}/${loser.model} cancelled` : `${loser.role}/${loser.model} had failed`;
  return {
    step: 'hedge',
    outcome: race.winner === 'first' ? 'first-won' : 'hedge-won',
    reason: `attempt ${winner.n} ${winner.role}/${winner.model} answered first; ${rest}`,
  };
}

/** What a trail line names of a leg. */
export type AttemptRef = Pick<AttemptRecord, 'n' | 'role' | 'model'>;
