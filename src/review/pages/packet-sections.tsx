import type { FC } from 'hono/jsx';
import type { PendingReview } from '../../../workflows/types.js';

/** The draft, or why there is none (every allowed draft model failed, none configured…). */
export const DraftSection: FC<{ review: PendingReview }> = ({ review }) => (
  <section>
    <h2>Draft{review.draftModel ? ` from ${review.draftModel}` : ''}</h2>
    {review.draft === null ? (
      <p class="muted" data-testid="draft-missing">
        No draft{review.draftMissing ? `: ${review.draftMissing}` : '.'}
      </p>
    ) : (
      <div class="draft">{review.draft}</div>
    )}
  </section>
);

/**
 * Every failed attempt with the text its model produced (e.g. prose where JSON was required) and its error.
 * Text from a provider is untrusted: hono/jsx escapes it, and it is shown as text, never as markup.
 */
export const FailedOutputsSection: FC<{ review: PendingReview }> = ({ review }) => {
  const failed = review.failedOutputs ?? [];
  if (failed.length === 0) return null;
  return (
    <section>
      <h2>Failed answers</h2>
      {failed.map((output) => (
        <div class="failed-output" data-testid="failed-output">
          <div class="muted">
            attempt {output.attempt} · {output.role} · {output.model} · <span class="failed">{output.error}</span>
          </div>
          {output.text === null ? <p class="muted">No text.</p> : <div class="draft">{output.text}</div>}
        </div>
      ))}
    </section>
  );
};
