import type { Policy } from './schema.js';
import { canonicalPrincipal, type PublicKeys, signedMessage, signStatement, verifySignature } from './signatures.js';
import { type DataClass, REVIEW_DECISIONS, type ReviewDecision } from './types.js';

/**
 * Size limits of a review decision, in characters, checked before anything else so that no sender can make
 * the workflow hold, log or echo large values. Shared by ReviewDecisionSchema and the workflow's check.
 */
export const REVIEW_DECISION_LIMITS = {
  /** Reviewer identity (an e-mail address has at most 320). */
  reviewer: 320,
  /** Decision kind (the longest is 16). */
  decision: 32,
  /** Reply text of reply-with-text. */
  text: 20_000,
  /** Model key of reroute-to-model. */
  model: 200,
  /** Audit note. */
  note: 2_000,
  /** Signature: Ed25519, hex. */
  signature: 128,
  /** The whole decision as JSON. */
  json: 32 * 1024,
} as const;

/** Characters of a sender-supplied value that a problem, trail entry or log line may quote. */
export const QUOTE_CHARS = 40;

/** A decision before it is signed (what a reviewer chose). */
export type UnsignedReviewDecision = Omit<ReviewDecision, 'signature'>;

/** What a signature must prove: the decision comes from the reviewer's credential, for this workflow. */
export interface ReviewSignatureContext {
  workflowId: string;
  /** Public keys by canonical reviewer identity (the worker's configuration, recorded in history). */
  reviewerKeys: PublicKeys;
}

/** What a reviewer's decision is checked against. */
export interface ReviewContext {
  policy: Policy;
  dataClass: DataClass;
  /** A review is waiting (not yet resolved, not timed out). */
  pending: boolean;
  /** A draft reply exists to approve. */
  draftAvailable: boolean;
  /**
   * Check the reviewer's signature. The workflow always passes it; leave it out only to judge messages
   * recorded before decisions were signed (replay of old histories, their audit).
   */
  signatures?: ReviewSignatureContext;
}

const FIELDS = ['reviewer', 'decision', 'text', 'model', 'note', 'signature'] as const;

/**
 * Why a review decision cannot be accepted, or null when it can. Used by the update's validator (the
 * reviewer gets the message at once; nothing reaches history) and by the signal handler (the rejection
 * is counted, and the first few recorded in the trail). Order: shape and sizes, pending, allow-list,
 * signature, then what the decision asks for. Messages quote at most QUOTE_CHARS of any sent value.
 */
export function reviewDecisionProblem(decision: unknown, context: ReviewContext): string | null {
  const shape = shapeProblem(decision);
  if (shape) return shape;
  const { reviewer, decision: kind, text, model, signature } = decision as Partial<ReviewDecision>;
  if (!context.pending) return 'no review is pending for this request (already resolved or timed out)';
  if (typeof reviewer !== 'string' || reviewer.trim() === '') return 'reviewer: required';
  const identity = canonicalPrincipal(reviewer);
  if (!isAllowedReviewer(context.policy, identity)) {
    return `reviewer: ${quote(identity)} is not on the policy's reviewer allow-list`;
  }
  if (context.signatures) {
    const problem = signatureProblem(decision as ReviewDecision, identity, signature, context.signatures);
    if (problem) return problem;
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
    const config = Object.hasOwn(context.policy.models, model) ? context.policy.models[model] : undefined;
    if (!config) return `model: unknown model "${quote(model)}"`;
    const provider = context.policy.providers[config.provider];
    if (!provider?.dataClasses.includes(context.dataClass)) {
      return `model: ${model} runs on ${config.provider}, which may not see ${context.dataClass} data`;
    }
  }
  return null;
}

/** An object with known fields of bounded size (checked before anything reads the values). */
function shapeProblem(decision: unknown): string | null {
  if (!decision || typeof decision !== 'object' || Array.isArray(decision)) return 'decision: must be an object';
  const keys = Object.keys(decision);
  const unknown = keys.find((key) => !(FIELDS as readonly string[]).includes(key));
  if (unknown !== undefined) return `decision: unknown field "${quote(unknown)}"`;
  const values = decision as Record<string, unknown>;
  for (const field of FIELDS) {
    const value = values[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') return `${field}: must be a string`;
    const limit = REVIEW_DECISION_LIMITS[field];
    if (value.length > limit) return `${field}: too long (${value.length} characters; at most ${limit})`;
  }
  const json = JSON.stringify(decision).length;
  if (json > REVIEW_DECISION_LIMITS.json) {
    return `decision: too large (${json} characters as JSON; at most ${REVIEW_DECISION_LIMITS.json})`;
  }
  return null;
}

function signatureProblem(
  decision: ReviewDecision,
  identity: string,
  signature: unknown,
  context: ReviewSignatureContext,
): string | null {
  if (typeof signature !== 'string' || signature === '') {
    return "signature: required (sign the decision with the reviewer's token, e.g. `switchyard review resolve --token`)";
  }
  const key = Object.hasOwn(context.reviewerKeys, identity) ? context.reviewerKeys[identity] : undefined;
  if (!key) return `signature: the worker has no public key for reviewer ${quote(identity)}`;
  const message = signedMessage('review-decision', context.workflowId, reviewDecisionStatement(decision));
  if (!verifySignature(key, message, signature)) {
    return `signature: not valid for reviewer ${quote(identity)} on this request (wrong token, or the decision was changed)`;
  }
  return null;
}

/** True when the (canonical) identity is on the policy's allow-list, compared canonically. */
export function isAllowedReviewer(policy: Policy, identity: string): boolean {
  return policy.review.reviewers.some((name) => canonicalPrincipal(name) === identity);
}

/**
 * What a reviewer signs: the decision's fields with the canonical reviewer identity (so any spelling of
 * the name that canonicalises to the key's owner verifies), bound to the workflow id by signedMessage.
 */
export function reviewDecisionStatement(decision: UnsignedReviewDecision): Record<string, string | undefined> {
  return {
    reviewer: canonicalPrincipal(decision.reviewer),
    decision: decision.decision,
    text: decision.text,
    model: decision.model,
    note: decision.note,
  };
}

/** Signs a decision for one workflow with the reviewer's credential (their reviewer token). */
export function signReviewDecision(
  credential: string,
  workflowId: string,
  decision: UnsignedReviewDecision,
): ReviewDecision {
  const unsigned: UnsignedReviewDecision = { ...decision };
  delete (unsigned as Partial<ReviewDecision>).signature;
  const signature = signStatement(credential, 'review-decision', workflowId, reviewDecisionStatement(unsigned));
  return { ...unsigned, signature };
}

/** At most QUOTE_CHARS of a sender-supplied value, for problems, trail entries and logs. */
export function quote(value: string): string {
  return value.length <= QUOTE_CHARS ? value : `${value.slice(0, QUOTE_CHARS)}…`;
}

/** Providers that may see a data class, in policy order. */
export function allowedProviders(policy: Policy, dataClass: DataClass): string[] {
  return Object.entries(policy.providers)
    .filter(([, provider]) => provider.dataClasses.includes(dataClass))
    .map(([name]) => name);
}
