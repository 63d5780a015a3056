import type { FC } from 'hono/jsx';
import type { PendingReview } from '../../../workflows/types.js';
import type { Policy } from '../../policy/schema.js';
import type { DataClass } from '../../policy/types.js';
import type { ReviewSession } from '../sessions.js';
import { CsrfField } from './layout.js';
import { requestPath } from './paths.js';

export interface ActionsProps {
  workflowId: string;
  review: PendingReview;
  session: ReviewSession;
  policy: Policy;
  dataClass: DataClass | null;
}

/**
 * One plain form per decision the policy allows. Nothing is checked here on purpose: the workflow's
 * validator decides, and its refusal is shown on the result page. The reviewer's identity is not a field.
 */
export const ReviewActions: FC<ActionsProps> = ({ workflowId, review, session, policy, dataClass }) => {
  const action = requestPath(workflowId, '/resolve');
  const allowed = new Set(review.decisions);
  return (
    <section>
      <h2>Decide</h2>
      <div class="actions">
        {allowed.has('approve-draft') ? (
          <form method="post" action={action} data-decision="approve-draft">
            <CsrfField session={session} />
            <input type="hidden" name="decision" value="approve-draft" />
            <strong>Approve the draft</strong>
            <span class="muted">
              {review.draft === null ? 'There is no draft.' : 'Sends the draft above as the answer.'}
            </span>
            <NoteField />
            <button type="submit">Approve draft</button>
          </form>
        ) : null}
        {allowed.has('reply-with-text') ? (
          <form method="post" action={action} data-decision="reply-with-text">
            <CsrfField session={session} />
            <input type="hidden" name="decision" value="reply-with-text" />
            <label>
              <strong>Reply with your text</strong>
              <textarea name="text">{review.draft ?? ''}</textarea>
            </label>
            <NoteField />
            <button type="submit">Send reply</button>
          </form>
        ) : null}
        {allowed.has('reroute-to-model') ? (
          <form method="post" action={action} data-decision="reroute-to-model">
            <CsrfField session={session} />
            <input type="hidden" name="decision" value="reroute-to-model" />
            <label>
              <strong>Reroute to a model</strong>
              <select name="model">
                {Object.entries(policy.models).map(([key, model]) => {
                  const permitted =
                    dataClass === null || policy.providers[model.provider]?.dataClasses.includes(dataClass);
                  return (
                    <option value={key}>
                      {key} ({model.provider}){permitted ? '' : ` — may not see ${dataClass} data`}
                    </option>
                  );
                })}
              </select>
            </label>
            <NoteField />
            <button type="submit">Reroute</button>
          </form>
        ) : null}
        {allowed.has('reject') ? (
          <form method="post" action={action} data-decision="reject">
            <CsrfField session={session} />
            <input type="hidden" name="decision" value="reject" />
            <strong>Reject</strong>
            <span class="muted">The request ends without an answer.</span>
            <NoteField />
            <button type="submit">Reject</button>
          </form>
        ) : null}
      </div>
    </section>
  );
};

const NoteField: FC = () => (
  <label>
    Note for the audit trail (optional)
    <input type="text" name="note" maxlength={500} />
  </label>
);
