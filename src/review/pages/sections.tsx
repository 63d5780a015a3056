import type { FC } from 'hono/jsx';
import type { RouteStatus } from '../../../workflows/types.js';
import type { AttemptRecord, TrailEntry } from '../../policy/types.js';

/**
 * The conversation as received, tool calls and tool results included (escaped by hono/jsx; shown decrypted
 * when the client holds the key).
 */
export const MessagesSection: FC<{ status: RouteStatus }> = ({ status }) => (
  <section>
    <h2>Request</h2>
    {status.request.messages.map((message) => (
      <div class="message">
        <div class="muted">
          {message.role}
          {message.toolCallId ? ` (result of ${message.toolCallId})` : ''}
        </div>
        {message.content}
        {(message.toolCalls ?? []).map((call) => (
          <div class="muted">
            calls {call.name}({call.arguments})
          </div>
        ))}
      </div>
    ))}
  </section>
);

/** Intent with confidence, risk, and the data class with the kinds of personal data found. */
export const InspectionSection: FC<{ status: RouteStatus }> = ({ status }) => {
  const { classification, privacy } = status;
  return (
    <section>
      <h2>Classification and privacy</h2>
      <table>
        <tbody>
          <tr>
            <th>Intent</th>
            <td>
              {classification ? (
                <>
                  {classification.intent} <span class="muted">confidence {classification.confidence.toFixed(2)}</span>
                  {' · '}risk {classification.risk} · {classification.source}
                  {classification.conflicting ? ' · rules and model disagree' : ''}
                </>
              ) : (
                <span class="muted">not classified</span>
              )}
            </td>
          </tr>
          {classification && classification.alternatives.length > 0 ? (
            <tr>
              <th>Alternatives</th>
              <td>
                {classification.alternatives
                  .map((alternative) => `${alternative.intent} ${alternative.confidence.toFixed(2)}`)
                  .join(', ')}
              </td>
            </tr>
          ) : null}
          <tr>
            <th>Data class</th>
            <td>{privacy ? <span class="tag">{privacy.dataClass}</span> : <span class="muted">not checked</span>}</td>
          </tr>
          <tr>
            <th>Personal data found</th>
            <td>
              {privacy && privacy.entityTypes.length > 0 ? (
                privacy.entityTypes.join(', ')
              ) : (
                <span class="muted">none</span>
              )}
            </td>
          </tr>
          <tr>
            <th>Route</th>
            <td>
              {status.route ?? '-'} <span class="muted">(policy {status.policyVersion})</span>
            </td>
          </tr>
        </tbody>
      </table>
    </section>
  );
};

/** Every model call so far, failures with their error kind and type. */
export const AttemptsSection: FC<{ attempts: AttemptRecord[] }> = ({ attempts }) => (
  <section>
    <h2>Attempts</h2>
    {attempts.length === 0 ? (
      <p class="muted">No model was called.</p>
    ) : (
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>Role</th>
            <th>Model</th>
            <th>Result</th>
            <th>Latency</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr>
              <td>{attempt.n}</td>
              <td>{attempt.role}</td>
              <td>{attempt.model}</td>
              <td>
                {attempt.ok ? (
                  <span class="ok">ok</span>
                ) : (
                  <span class="failed">
                    {attempt.errorKind} <span class="mono">{attempt.errorType}</span>
                    {attempt.status ? ` ${attempt.status}` : ''}
                    {attempt.message ? ` — ${attempt.message}` : ''}
                  </span>
                )}
              </td>
              <td>{attempt.latencyMs} ms</td>
            </tr>
          ))}
        </tbody>
      </table>
    )}
  </section>
);

/** The decision trail so far. */
export const TrailSection: FC<{ trail: TrailEntry[] }> = ({ trail }) => (
  <section>
    <h2>Trail</h2>
    <table>
      <tbody>
        {trail.map((entry) => (
          <tr>
            <td>{entry.step}</td>
            <td class="muted">{entry.outcome}</td>
            <td>{entry.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  </section>
);
