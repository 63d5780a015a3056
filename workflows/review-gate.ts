import { condition, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { formatDurationMs } from '../src/policy/duration.js';
import { reviewDecisionProblem } from '../src/policy/review-decision.js';
import { failedOutputsOf } from '../src/policy/review-packet.js';
import { canonicalPrincipal } from '../src/policy/signatures.js';
import type { ReviewDecision } from '../src/policy/types.js';
import { resolveReviewSignal, resolveReviewUpdate } from './messages.js';
import type { RouteRun } from './route-run.js';

/** Invalid review signals recorded in the trail; later ones are only counted (`rejectedSignals`). */
const NOTED_SIGNALS = 5;

/**
 * Parks a request for a person: an Update with a validator (the reviewer gets an immediate answer,
 * invalid decisions never reach history), a Signal for asynchronous tools (invalid ones are counted, the
 * first few recorded in the trail, and ignored), and a durable timer for the deadline. Every decision must
 * be signed by the reviewer's credential and come from an allow-listed reviewer (docs/review.md).
 */
export class ReviewGate {
  private decision: (ReviewDecision & { at: string }) | null = null;
  private pending = false;
  /** Updates refused by the validator on this worker (for log thinning only; validators skip replay). */
  private rejectedUpdates = 0;

  constructor(private readonly run: RouteRun) {
    setHandler(resolveReviewUpdate, (decision) => this.accept(decision), {
      validator: (decision) => {
        // Validators never run on replay, so every Update is checked with signatures.
        const problem = this.problem(decision, true);
        if (problem) {
          // Rejected updates never reach history: the log is their only record (problems quote little).
          // The count only thins the log out under a flood; it decides nothing, so replay cannot diverge.
          this.rejectedUpdates += 1;
          if (this.rejectedUpdates <= NOTED_SIGNALS || this.rejectedUpdates % 100 === 0) {
            log.warn('review update rejected', { problem, count: this.rejectedUpdates });
          }
          throw new Error(problem);
        }
      },
      description: 'Resolve a request waiting for review (validated: size, allow-list, signature, decision fields).',
    });
    setHandler(
      resolveReviewSignal,
      (decision) => {
        // Histories recorded before workers owned their policies (the `worker-policy` patch) replay their
        // unsigned signals as they ran then; every newer request checks signatures. docs/workflow-changes.md.
        const problem = this.problem(decision, !this.run.legacy);
        if (problem === null) {
          this.accept(decision);
          return;
        }
        this.ignore(problem);
      },
      { description: 'Resolve a review asynchronously; invalid decisions are counted and ignored.' },
    );
  }

  /** Waits for a decision until the deadline; null when it timed out. */
  async wait(
    reason: string,
    draft: { text: string; model: string } | null,
    draftMissing: string | null = null,
  ): Promise<(ReviewDecision & { at: string }) | null> {
    const { policy } = this.run;
    const { reviewDeadlineMs } = this.run.input;
    const deadlineMs = reviewDeadlineMs ?? policy.review.deadline;
    const now = Date.now();
    this.pending = true;
    this.run.phase = 'awaiting-review';
    this.run.review = {
      reason,
      requestedAt: new Date(now).toISOString(),
      deadlineAt: new Date(now + deadlineMs).toISOString(),
      draft: draft?.text ?? null,
      draftModel: draft?.model ?? null,
      decisions: [...policy.review.decisions],
      draftMissing: draft ? null : (draftMissing ?? 'no draft'),
      failedOutputs: failedOutputsOf(this.run.attempts, this.run.failedTexts),
    };
    this.run.tag({ needsReview: true });
    this.run.flushTags();
    this.run.note({
      step: 'review',
      outcome: 'requested',
      reason: `${reason}; deadline ${formatDurationMs(deadlineMs)}`,
    });
    this.run.recordDecisions(); // a request waiting for a person shows why in its history
    // The webhook came after the first release behind `review-webhook`; requests since workers own their
    // policies always notify, so only older histories consult the patch. See docs/workflow-changes.md.
    if (!this.run.legacy || patched('review-webhook')) this.notify(reason);
    const decided = await condition(() => this.decision !== null, deadlineMs);
    this.run.reviewWaitMs += Date.now() - now; // kept out of the end-to-end latency (docs/observability.md#latency)
    this.pending = false;
    this.run.review = null;
    this.run.tag({ needsReview: false });
    return decided ? this.decision : null;
  }

  /** Fires the policy's review webhook without holding the review up; a final failure is noted in the trail. */
  private notify(reason: string): void {
    const webhook = this.run.policy.review.webhook;
    const review = this.run.review;
    if (!webhook || !review) return;
    const { notifyReview } = proxyActivities<SwitchyardActivities>({
      startToCloseTimeout: '15s',
      retry: {
        maximumAttempts: webhook.maxAttempts,
        initialInterval: '1s',
        backoffCoefficient: 2,
        nonRetryableErrorTypes: ['ProviderMisconfigured'],
      },
      summary: 'notify review webhook',
    });
    notifyReview({
      url: webhook.url,
      signingSecretEnv: webhook.signingSecretEnv ?? null,
      linkBaseUrl: webhook.linkBaseUrl ?? null,
      workflowId: this.run.workflowId,
      reason,
      route: this.run.plan?.route ?? null,
      dataClass: this.run.privacy?.dataClass ?? null,
      intent: this.run.classification?.intent ?? null,
      requestedAt: review.requestedAt,
      deadlineAt: review.deadlineAt,
    }).then(
      () => this.run.note({ step: 'review', outcome: 'notified', reason: 'review webhook delivered' }),
      (error: Error) =>
        this.run.note({
          step: 'review',
          outcome: 'notify-failed',
          reason: `review webhook failed: ${(error.cause as Error | undefined)?.message ?? error.message}`,
        }),
    );
  }

  private accept(decision: ReviewDecision) {
    const at = new Date(Date.now()).toISOString();
    // The identity the signature was checked for: one spelling per reviewer in the trail and the result.
    this.decision = { ...decision, reviewer: canonicalPrincipal(decision.reviewer), at };
    const target = decision.decision === 'reroute-to-model' ? ` → ${decision.model}` : '';
    this.run.note({
      step: 'review',
      outcome: decision.decision,
      reason: `${decision.decision}${target} by ${this.decision.reviewer}`,
    });
    return { accepted: true as const, workflowId: this.run.workflowId, decision: decision.decision };
  }

  /**
   * An invalid signal is counted; only the first few are recorded in the trail and logged, so a flood of
   * them cannot grow the status (query results have a size limit) or the worker's log without bound.
   */
  private ignore(problem: string): void {
    this.run.rejectedSignals += 1;
    const count = this.run.rejectedSignals;
    if (count <= NOTED_SIGNALS) {
      const more = count === NOTED_SIGNALS ? `; further invalid signals are only counted` : '';
      this.run.note({ step: 'review', outcome: 'signal-ignored', reason: `${problem}${more}` });
    }
    if (count <= NOTED_SIGNALS || count % 100 === 0) log.warn('invalid review signal ignored', { problem, count });
  }

  private problem(decision: unknown, signed: boolean): string | null {
    return reviewDecisionProblem(decision, {
      policy: this.run.policy,
      dataClass: this.run.privacy?.dataClass ?? 'restricted',
      pending: this.pending && this.decision === null,
      draftAvailable: this.run.review?.draft != null,
      ...(signed ? { signatures: { workflowId: this.run.workflowId, reviewerKeys: this.run.reviewerKeys } } : {}),
    });
  }
}
