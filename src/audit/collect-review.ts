import { reviewDecisionProblem } from '../policy/review-decision.js';
import type { DataClass, ReviewDecision } from '../policy/types.js';
import { SEARCH_ATTRIBUTES } from '../temporal/search-attributes.js';
import type { AuditEvent, EventOf } from './audit-events.js';
import type { AuditInput } from './audit-input.js';
import type { AuditReview, AuditReviewMessage } from './audit-types.js';

const UPDATE_NAME = 'resolveReview';
const SIGNAL_NAME = 'resolveReviewSignal';

/**
 * Ids of the durable timers that are review deadlines (not retry waits): the timer the workflow starts right
 * after flagging the request as needing review, or (without search attributes) one as long as the deadline.
 */
export function reviewTimerIds(events: AuditEvent[], input: AuditInput | null): Set<string> {
  const ids = new Set<string>();
  const deadline = input ? (input.reviewDeadlineMs ?? input.policy?.review?.deadline ?? null) : null;
  let flagged = false;
  for (const event of events) {
    if (event.kind === 'upsert' && event.attributes[SEARCH_ATTRIBUTES.needsReview.name] === true) flagged = true;
    if (event.kind === 'activity-scheduled') flagged = false;
    if (event.kind !== 'timer-started') continue;
    const bySearchAttribute = flagged;
    const byDuration = input?.searchAttributes === false && deadline !== null && event.durationMs === deadline;
    if (bySearchAttribute || byDuration) ids.add(event.timerId);
    flagged = false;
  }
  return ids;
}

/** The review as history shows it: when it was asked for, every decision sent, and how it ended. */
export function collectReview(
  events: AuditEvent[],
  input: AuditInput | null,
  timerIds: ReadonlySet<string>,
  context: { workflowId: string; dataClass: DataClass | null; draftAvailable: boolean; showText: boolean },
): AuditReview | null {
  const timer = events.find(
    (event): event is EventOf<'timer-started'> => event.kind === 'timer-started' && timerIds.has(event.timerId),
  );
  const fired = timer && events.find((event) => event.kind === 'timer-fired' && event.timerId === timer.timerId);
  const review: AuditReview = {
    requestedAt: timer?.at ?? '',
    deadlineMs: timer?.durationMs ?? null,
    reason: null,
    reasonSource: null,
    messages: [],
    resolution: null,
    timedOut: false,
    timedOutAt: null,
  };
  for (const event of events) {
    if (event.kind === 'signaled' && event.name === SIGNAL_NAME) {
      const pending = timer !== undefined && event.id > timer.id && review.resolution === null && !review.timedOut;
      const problem = input
        ? reviewDecisionProblem(event.args[0], {
            policy: input.policy,
            dataClass: context.dataClass ?? 'restricted',
            pending,
            draftAvailable: context.draftAvailable,
            ...(input.reviewerKeys
              ? { signatures: { workflowId: context.workflowId, reviewerKeys: input.reviewerKeys } }
              : {}),
          })
        : null;
      const message = reviewMessage(event, 'signal', event.args[0], problem === null, problem, context.showText);
      review.messages.push(message);
      if (message.accepted) review.resolution = message;
    }
    if (event.kind === 'update-accepted' && event.name === UPDATE_NAME) {
      // Updates are validated before they are accepted: rejected ones never reach history.
      const message = reviewMessage(event, 'update', event.args[0], true, null, context.showText);
      review.messages.push(message);
      review.resolution ??= message;
    }
    if (fired && event.id === fired.id && review.resolution === null) {
      review.timedOut = true;
      review.timedOutAt = fired.at;
    }
  }
  return timer || review.messages.length > 0 ? review : null;
}

function reviewMessage(
  event: EventOf<'signaled'> | EventOf<'update-accepted'>,
  via: 'update' | 'signal',
  value: unknown,
  accepted: boolean,
  problem: string | null,
  showText: boolean,
): AuditReviewMessage {
  const decision = (value ?? {}) as Partial<ReviewDecision>;
  const text = typeof decision.text === 'string' ? decision.text : null;
  return {
    at: event.at,
    via,
    reviewer: typeof decision.reviewer === 'string' ? decision.reviewer.trim() : null,
    decision: decision.decision ?? null,
    model: decision.model ?? null,
    note: decision.note ?? null,
    textChars: text === null ? null : text.length,
    ...(showText && text !== null ? { text } : {}),
    identity: event.identity,
    accepted,
    problem,
    eventId: event.id,
  };
}
