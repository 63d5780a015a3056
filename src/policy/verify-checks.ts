import type { RoutePlan } from './decide-route.js';
import { compileSafePattern } from './safe-pattern.js';
import type { ResponseFormat } from './types.js';
import type { VerifyCheck, VerifyConfig } from './verify-schema.js';

/** What one check says about an answer: `skip` when it cannot be run here (reason says why). */
export interface CheckVerdict {
  outcome: 'pass' | 'fail' | 'skip';
  /** Short, never quoting the answer or the request. */
  reason: string;
}

/**
 * Whether `model`'s answers on this plan are verified: `onlyFor`, else every candidate but the last, the
 * `escalateTo` model and the route's strong-gain model (`strongModel`: put first for hard requests, it has nothing
 * stronger to escalate to).
 */
export function verifiesModel(
  verify: VerifyConfig,
  plan: RoutePlan,
  model: string,
  strongModel: string | null = null,
): boolean {
  if (verify.onlyFor) return verify.onlyFor.includes(model);
  const last = plan.candidates.at(-1)?.model;
  const exempt = new Set([last, verify.escalateTo, strongModel ?? undefined]);
  return plan.candidates.some((candidate) => candidate.model === model) && !exempt.has(model);
}

/** The verifier with `onlyFor` filled in for this plan (see verifiesModel). */
export function verifierForPlan(verify: VerifyConfig, plan: RoutePlan, strongModel: string | null): VerifyConfig {
  if (verify.onlyFor) return verify;
  const onlyFor = plan.candidates
    .map((candidate) => candidate.model)
    .filter((model) => verifiesModel(verify, plan, model, strongModel));
  return { ...verify, onlyFor };
}

/** Whether the checks need the answer's token log-probabilities (asked of the provider with the call). */
export function needsLogprobs(verify: VerifyConfig): boolean {
  return verify.checks.some((check) => check.kind === 'min-logprob');
}

/** The answer facts the pure checks read (the attempt measures the last two; see `answerFactsRequest`). */
export interface AnswerFacts {
  text: string;
  /** Mean token log-probability of the answer (natural log); null when the provider gave none. */
  meanLogprob: number | null;
  /** Why the answer fails the `json-schema` check (null: it conforms); absent when not measured. */
  formatProblem?: string | null;
}

/** What the attempt of `model` must measure for the verifier; null when nothing (not verified, or judge/policy only). */
export function answerFactsRequest(
  verify: VerifyConfig,
  plan: RoutePlan,
  model: string,
): { format?: ResponseFormat; logprobs?: boolean } | null {
  const json = verify.checks.find((check) => check.kind === 'json-schema');
  if (!verifiesModel(verify, plan, model) || (!json && !needsLogprobs(verify))) return null;
  return {
    ...(json ? { format: { type: 'json' as const, ...(json.schema ? { schema: json.schema } : {}) } } : {}),
    ...(needsLogprobs(verify) ? { logprobs: true } : {}),
  };
}

/** Runs one check that needs no model (every kind but `judge`). */
export function checkAnswer(check: Exclude<VerifyCheck, { kind: 'judge' }>, facts: AnswerFacts): CheckVerdict {
  switch (check.kind) {
    case 'json-schema': {
      const problem = facts.formatProblem;
      if (problem === undefined) return { outcome: 'skip', reason: 'json-schema skipped: not measured' };
      return problem === null
        ? { outcome: 'pass', reason: check.schema ? 'JSON matches the schema' : 'answer is JSON' }
        : { outcome: 'fail', reason: problem };
    }
    case 'min-logprob':
      return logprobVerdict(facts.meanLogprob, check.threshold);
    case 'policy':
      return policyVerdict(facts.text, check);
  }
}

/** The model's own confidence against the threshold; skipped when the provider exposes no log-probabilities. */
export function logprobVerdict(meanLogprob: number | null, threshold: number): CheckVerdict {
  if (meanLogprob === null) return { outcome: 'skip', reason: 'min-logprob skipped: the provider gave no logprobs' };
  const mean = Math.round(meanLogprob * 1000) / 1000;
  return meanLogprob >= threshold
    ? { outcome: 'pass', reason: `mean logprob ${mean} ≥ ${threshold}` }
    : { outcome: 'fail', reason: `mean logprob ${mean} < ${threshold}` };
}

/** Length and pattern rules on the answer text. */
export function policyVerdict(text: string, check: Extract<VerifyCheck, { kind: 'policy' }>): CheckVerdict {
  if (check.maxChars !== undefined && text.length > check.maxChars)
    return { outcome: 'fail', reason: `answer has ${text.length} characters > maxChars ${check.maxChars}` };
  for (const [index, source] of (check.mustNotMatch ?? []).entries()) {
    if (patternMatches(source, text)) return { outcome: 'fail', reason: `answer matches mustNotMatch[${index}]` };
  }
  for (const [index, source] of (check.mustMatch ?? []).entries()) {
    if (!patternMatches(source, text)) return { outcome: 'fail', reason: `answer misses mustMatch[${index}]` };
  }
  return { outcome: 'pass', reason: 'policy rules hold' };
}

/** A pattern the policy check already accepted; one that does not compile here counts as a match (fail safe). */
function patternMatches(source: string, text: string): boolean {
  const compiled = compileSafePattern(source);
  return compiled.ok ? compiled.pattern.test(text) : true;
}
