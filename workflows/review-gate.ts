import { condition, log, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import type { SwitchyardActivities } from '../activities/index.js';
import { formatDurationMs } from '../src/policy/duration.js';
import { reviewDecisionProblem } from '../src/policy/review-decision.js';
import type { ReviewDecision } from '../src/policy/types.js';
import { resolveReviewSignal, resolveReviewUpdate } from './messages.js';
import type { RouteRun } from './route-run.js';

/**
 * Parks a request for a person: an Update with a validator (the reviewer gets an immediate answer,
 * invalid decisions never reach history), a Signal for asynchronous tools (invalid ones are recorded in
 * the trail and ignored), and a durable timer for the deadline.
 */
export class ReviewGate {
  private decision: (ReviewDecision & { at: string }) | null = null;
  private pending = false;

  constructor(private readonly run: RouteRun) {
    setHandler(resolveReviewUpdate, (decision) => this.accept(decision), {
      validator: (decision) => {
        const problem = this.problem(decision);
        if (problem) {
          // Rejected updates never reach history: the log is their only record.
          log.warn('review update rejected', { problem });
          throw new Error(problem);
        }
      },
      description: 'Resolve a request waiting for review (validated: reviewer allow-list, decision fields).',
    });
    setHandler(
      resolveReviewSignal,
      (decision) => {
        const problem = this.problem(decision);
        if (problem === null) {
          this.accept(decision);
          return;
        }
        this.run.rejectedSignals += 1;
        this.run.note({ step: 'review', outcome: 'signal-ignored', reason: problem });
        log.warn('invalid review signal ignored', { problem });
      },
      { description: 'Resolve a review asynchronously; invalid decisions are recorded and ignored.' },
    );
  }

  /** Waits for a decision until the deadline; null when it timed out. */
  async wait(
    reason: string,
    draft: { text: string; model: string } | null,
  ): Promise<(ReviewDecision & { at: string }) | null> {
    const { policy, reviewDeadlineMs } = this.run.input;
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
    };
    this.run.tag({ needsReview: true });
    this.run.flushTags();
    this.run.note({
      step: 'review',
      outcome: 'requested',
      reason: `${reason}; deadline ${formatDurationMs(deadlineMs)}`,
    });
    // Added after the first release: histories from before it have no patch marker, so replay takes the
    // old path (no webhook) while new runs record the marker. See docs/workflow-changes.md.
    if (patched('review-webhook')) this.notify(reason);
    const decided = await condition(() => this.decision !== null, deadlineMs);
    this.pending = false;
    this.run.review = null;
    this.run.tag({ needsReview: false });
    return decided ? this.decision : null;
  }

  /** Fires the policy's review webhook without holding the review up; a final failure is noted in the trail. */
  private notify(reason: string): void {
    const webhook = this.run.input.policy.review.webhook;
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
    this.decision = { ...decision, reviewer: decision.reviewer.trim(), at };
    const target = decision.decision === 'reroute-to-model' ? ` → ${decision.model}` : '';
    this.run.note({
      step: 'review',
      outcome: decision.decision,
      reason: `${decision.decision}${target} by ${this.decision.reviewer}`,
    });
    return { accepted: true as const, workflowId: this.run.workflowId, decision: decision.decision };
  }

  private problem(decision: unknown): string | null {
    return reviewDecisionProblem(decision, {
      policy: this.run.input.policy,
      dataClass: this.run.privacy?.dataClass ?? 'restricted',
      pending: this.pending && this.decision === null,
      draftAvailable: this.run.review?.draft != null,
    });
  }
}
