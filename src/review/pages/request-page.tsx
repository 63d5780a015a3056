import type { FC } from 'hono/jsx';
import type { RouteStatus } from '../../../workflows/types.js';
import { formatDurationMs } from '../../policy/duration.js';
import type { Policy } from '../../policy/schema.js';
import { formatTimeLeft } from '../format-review.js';
import type { ReviewSession } from '../sessions.js';
import { ReviewActions } from './actions.js';
import { Layout } from './layout.js';
import { DraftSection, FailedOutputsSection } from './packet-sections.js';
import { requestPath } from './paths.js';
import { AttemptsSection, InspectionSection, MessagesSection, TrailSection } from './sections.js';

export interface RequestPageProps {
  session: ReviewSession;
  status: RouteStatus;
  policy: Policy;
  nowMs: number;
}

/** One request with everything a reviewer needs, and the decision forms while it waits. */
export const RequestPage: FC<RequestPageProps> = ({ session, status, policy, nowMs }) => {
  const { review } = status;
  return (
    <Layout title={status.workflowId} session={session}>
      <h1>
        Request <span class="mono">{status.workflowId}</span>
      </h1>
      {review ? (
        <p>
          <strong>Waiting for review:</strong> {review.reason}
          <br />
          <span class="muted">
            since {formatDurationMs(Math.max(0, nowMs - Date.parse(review.requestedAt)))} · deadline {review.deadlineAt}{' '}
            ({formatTimeLeft(Date.parse(review.deadlineAt) - nowMs)})
          </span>
        </p>
      ) : (
        <p class="notice">
          This request is not waiting for review (phase {status.phase}).{' '}
          <a href={requestPath(status.workflowId, '/result')}>See its result</a>
        </p>
      )}
      <MessagesSection status={status} />
      <InspectionSection status={status} />
      <AttemptsSection attempts={status.attempts} />
      {review ? <DraftSection review={review} /> : null}
      {review ? <FailedOutputsSection review={review} /> : null}
      <TrailSection trail={status.trail} />
      {review ? (
        <ReviewActions
          workflowId={status.workflowId}
          review={review}
          session={session}
          policy={policy}
          dataClass={status.privacy?.dataClass ?? null}
        />
      ) : null}
    </Layout>
  );
};
