import type { Candidate, RoutePlan } from '../src/policy/decide-route.js';
import type { AttemptTimeouts, LadderState } from '../src/policy/ladder.js';
import { attemptEntry } from '../src/policy/trail-text.js';
import type { AttemptRecord, ChatMessage } from '../src/policy/types.js';
import { commitReservations, reserveForStep } from './budget-guard.js';
import { callModelOnce } from './call-model-once.js';
import type { RouteRun } from './route-run.js';

/** A call beside the ladder's own steps, as the pure policy planned it (a verifier's judge, a prompt summary). */
export interface SideCall {
  candidate: Candidate;
  messages: ChatMessage[];
  maxOutputTokens: number;
  timeouts: AttemptTimeouts;
  /** Its worst-case cost, USD: what the budgets reserve. */
  worstCaseUsd: number;
}

/**
 * Makes a side call as its own attempt (role `judge` or `summarize`): reserved against the policy's budgets like any
 * attempt (refused: nothing is called), noted in the trail, committed, and counted in the ladder's spend.
 */
export async function sideCall(
  run: RouteRun,
  plan: RoutePlan,
  state: LadderState,
  call: SideCall,
  role: 'judge' | 'summarize',
): Promise<{ kind: 'refused'; reason: string } | { kind: 'called'; attempt: AttemptRecord; state: LadderState }> {
  let held: Awaited<ReturnType<typeof reserveForStep>> = { granted: true, held: [] };
  if (run.budgets) {
    held = await reserveForStep(run, plan.route, {
      kind: 'call',
      candidate: call.candidate,
      candidateIndex: state.candidateIndex,
      role: 'fallback',
      maxOutputTokens: call.maxOutputTokens,
      delayMs: 0,
      timeouts: call.timeouts,
      reason: role,
      skipped: [],
      worstCaseUsd: call.worstCaseUsd,
    });
    if (!held.granted) return { kind: 'refused', reason: held.reason };
  }
  const attempt = await callModelOnce(run, {
    modelKey: call.candidate.model,
    messages: call.messages,
    maxOutputTokens: call.maxOutputTokens,
    responseFormat: null,
    timeouts: call.timeouts,
    role,
  });
  run.note(attemptEntry(attempt));
  if (held.granted) await commitReservations(held.held, attempt.costUsd);
  return { kind: 'called', attempt, state: { ...state, spentUsd: state.spentUsd + attempt.costUsd } };
}
