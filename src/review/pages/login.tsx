import type { FC } from 'hono/jsx';
import { Layout } from './layout.js';

/** Sign-in with a reviewer token (from the operator; `switchyard review serve` prints login links). */
export const LoginPage: FC<{ problem?: string | null; next?: string }> = ({ problem, next }) => (
  <Layout title="Sign in">
    <h1>Sign in</h1>
    <p class="muted">Reviewers sign in with the personal token their operator gave them.</p>
    {problem ? (
      <p class="notice refused" role="alert">
        {problem}
      </p>
    ) : null}
    <form method="post" action="/login" style="display:grid;gap:.6rem;max-width:24rem">
      <label>
        Reviewer token
        <input type="password" name="token" autocomplete="off" required />
      </label>
      <input type="hidden" name="next" value={next ?? '/'} />
      <button type="submit">Sign in</button>
    </form>
  </Layout>
);
