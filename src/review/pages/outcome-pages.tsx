import type { FC } from 'hono/jsx';
import type { ReviewAck, RoutePhase } from '../../../workflows/types.js';
import type { RouteResult } from '../../policy/types.js';
import type { ReviewSession } from '../sessions.js';
import { Layout } from './layout.js';
import { requestPath } from './paths.js';
import { AttemptsSection, TrailSection } from './sections.js';

/** The workflow accepted the decision. */
export const AcceptedPage: FC<{ session: ReviewSession; ack: ReviewAck }> = ({ session, ack }) => (
  <Layout title="Decision accepted" session={session}>
    <h1>Decision accepted</h1>
    <p class="notice accepted" role="status">
      <strong>{ack.decision}</strong> was recorded for <span class="mono">{ack.workflowId}</span> by {session.identity}.
    </p>
    <p>
      <a href={requestPath(ack.workflowId, '/result')}>See the finished result</a> · <a href="/">Back to the queue</a>
    </p>
  </Layout>
);

/** The workflow refused the decision (validator message), or the request is gone. */
export const RefusedPage: FC<{ session: ReviewSession; workflowId: string; message: string }> = ({
  session,
  workflowId,
  message,
}) => (
  <Layout title="Decision refused" session={session}>
    <h1>Decision refused</h1>
    <p class="notice refused" role="alert">
      <strong>Refused:</strong> <span class="refusal-message">{message}</span>
    </p>
    <p>
      Nothing was recorded. <a href={requestPath(workflowId)}>Back to the request</a> ·{' '}
      <a href="/">Back to the queue</a>
    </p>
  </Layout>
);

/** The result of a request, or where it is while it still runs (the page reloads itself). */
export const ResultPage: FC<{
  session: ReviewSession;
  workflowId: string;
  result: RouteResult | null;
  phase: RoutePhase | null;
}> = ({ session, workflowId, result, phase }) =>
  result === null ? (
    <Layout title="Result" session={session} refreshSeconds={2}>
      <h1>
        Request <span class="mono">{workflowId}</span>
      </h1>
      <p class="notice">Still {phase ?? 'running'}; this page reloads until the request finishes.</p>
    </Layout>
  ) : (
    <Layout title="Result" session={session}>
      <h1>
        Result of <span class="mono">{workflowId}</span>
      </h1>
      <table>
        <tbody>
          <tr>
            <th>Outcome</th>
            <td>
              <strong class="outcome">{result.outcome}</strong>
            </td>
          </tr>
          <tr>
            <th>Route / model</th>
            <td>
              {result.route ?? '-'} / {result.model ?? '-'}
            </td>
          </tr>
          {result.review ? (
            <tr>
              <th>Review</th>
              <td>
                {result.review.decision} by <span class="reviewer">{result.review.reviewer}</span> at {result.review.at}
                {result.review.note ? ` — ${result.review.note}` : ''}
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      <h2>Answer</h2>
      {result.answer === null ? <p class="muted">No answer.</p> : <div class="draft">{result.answer}</div>}
      <AttemptsSection attempts={result.attempts} />
      <TrailSection trail={result.trail} />
    </Layout>
  );
