import type { RoutePlan } from './decide-route.js';
import { formatDurationMs } from './duration.js';
import type { LadderStep } from './ladder.js';
import type { AttemptRecord, Classification, PrivacyVerdict, TrailEntry } from './types.js';

/** Trail lines: short, factual, never containing request text. */

export function classifyEntry(classification: Classification): TrailEntry {
  const { intent, confidence, risk, source, complexity } = classification;
  const conflict = classification.conflicting ? ', classifiers disagree' : '';
  return {
    step: 'classify',
    outcome: intent,
    reason: `${source} → ${intent} (${confidence.toFixed(2)}), risk ${risk}, ~${complexity.inputTokens} tokens${conflict}`,
  };
}

export function privacyEntry(verdict: PrivacyVerdict, allowedProviders: string[]): TrailEntry {
  const found = verdict.entityTypes.length > 0 ? ` (${verdict.entityTypes.join(', ')})` : '';
  return {
    step: 'privacy',
    outcome: verdict.dataClass,
    reason: `${verdict.dataClass}${found} → providers allowed: ${allowedProviders.join(', ') || 'none'}`,
    detail: { findings: verdict.findings.length },
  };
}

export function routeEntry(plan: RoutePlan): TrailEntry {
  const names = plan.candidates.map((candidate) =>
    candidate.redact ? `${candidate.model} (redacted copy)` : candidate.model,
  );
  return { step: 'route', outcome: plan.route, reason: `${plan.reason}; candidates ${names.join(' → ') || 'none'}` };
}

export function precheckEntry(plan: RoutePlan): TrailEntry | null {
  if (plan.excluded.length === 0) return null;
  return {
    step: 'precheck',
    outcome: 'excluded',
    reason: plan.excluded.map((item) => `${item.model}: ${item.reason}`).join('; '),
  };
}

export function callEntry(step: Extract<LadderStep, { kind: 'call' }>): TrailEntry | null {
  const skipped = step.skipped.map((item) => `${item.model} skipped: ${item.reason}`).join('; ');
  if (step.role === 'primary') return skipped ? { step: 'precheck', outcome: 'skipped', reason: skipped } : null;
  const reason = skipped ? `${step.reason} (${skipped})` : step.reason;
  return { step: step.role, outcome: step.candidate.model, reason };
}

export function attemptEntry(attempt: AttemptRecord): TrailEntry {
  const head = `attempt ${attempt.n} ${attempt.role}/${attempt.model}`;
  if (attempt.ok)
    return { step: 'attempt', outcome: 'ok', reason: `${head}: ok in ${formatDurationMs(attempt.latencyMs)}` };
  if (attempt.errorType === 'CircuitOpen') {
    return {
      step: 'attempt',
      outcome: 'circuit-open',
      reason: `${head}: skipped — ${attempt.message ?? 'circuit open'}`,
    };
  }
  const status = attempt.status ? ` ${attempt.status}` : '';
  const detail = attempt.message ? ` — ${attempt.message}` : '';
  return {
    step: 'attempt',
    outcome: attempt.formatFailure ? 'format-failure' : 'failed',
    reason: `${head}: ${attempt.errorKind} ${attempt.errorType}${status} after ${formatDurationMs(attempt.latencyMs)}${detail}`,
  };
}
