import type { Policy } from './schema.js';
import { type DataClass, REVIEW_DECISIONS, type ReviewDecision } from './types.js';

/** What a reviewer's decision is checked against. */
export interface ReviewContext {
  policy: Policy;
  dataClass: DataClass;
  /** A review is waiting (not yet resolved, not timed out). */
  pending: boolean;
  /** A draft reply exists to approve. */
  draftAvailable: boolean;
}

/**
 * Why a review decision cannot be accepted, or null when it can. Used by the update's validator (the
 * reviewer gets the message at once; nothing reaches history) and by the signal handler (the rejection
 * is recorded in the trail).
 */
export function reviewDecisionProblem(decision: unknown, context: ReviewContext): string | null {
  if (!context.pending) return 'no review is pending for this request (already resolved or timed out)';
  if (!decision || typeof decision !== 'object') return 'decision: must be an object';
  const { reviewer, decision: kind, text, model } = decision as Partial<ReviewDecision>;
  if (typeof reviewer !== 'string' || reviewer.trim() === '') return 'reviewer: required';
  const allowed = context.policy.review.reviewers.map((name) => name.toLowerCase());
  if (!allowed.includes(reviewer.trim().toLowerCase())) {
    return `reviewer: ${reviewer} is not on the policy's reviewer allow-list`;
  }
  if (typeof kind !== 'string' || !(REVIEW_DECISIONS as readonly string[]).includes(kind)) {
    return `decision: must be one of ${REVIEW_DECISIONS.join(', ')}`;
  }
  if (!(context.policy.review.decisions as readonly string[]).includes(kind)) {
    return `decision: ${kind} is not allowed by the policy`;
  }
  if (kind === 'approve-draft' && !context.draftAvailable)
    return 'decision: approve-draft needs a draft, and there is none';
  if (kind === 'reply-with-text' && (typeof text !== 'string' || text.trim() === '')) {
    return 'text: required for reply-with-text';
  }
  if (kind === 'reroute-to-model') {
    if (typeof model !== 'string' || model === '') return 'model: required for reroute-to-model';
    const config = context.policy.models[model];
    if (!config) return `model: unknown model "${model}"`;
    const provider = context.policy.providers[config.provider];
    if (!provider?.dataClasses.includes(context.dataClass)) {
      return `model: ${model} runs on ${config.provider}, which may not see ${context.dataClass} data`;
    }
  }
  return null;
}

/** Providers that may see a data class, in policy order. */
export function allowedProviders(policy: Policy, dataClass: DataClass): string[] {
  return Object.entries(policy.providers)
    .filter(([, provider]) => provider.dataClasses.includes(dataClass))
    .map(([name]) => name);
}
