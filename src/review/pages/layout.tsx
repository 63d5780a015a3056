import type { Child, FC, PropsWithChildren } from 'hono/jsx';
import type { ReviewSession } from '../sessions.js';
import { STYLES } from './styles.js';

export interface LayoutProps {
  title: string;
  /** The signed-in reviewer; adds their name and a sign-out button. */
  session?: ReviewSession | null;
  /** Reload the page after this many seconds (no script needed). */
  refreshSeconds?: number;
}

/** The page frame: inline styles, header with the reviewer, main content. */
export const Layout: FC<PropsWithChildren<LayoutProps>> = ({ title, session, refreshSeconds, children }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      {refreshSeconds ? <meta http-equiv="refresh" content={String(refreshSeconds)} /> : null}
      <title>{`${title} · Switchyard review`}</title>
      <style>{STYLES}</style>
    </head>
    <body>
      <header>
        <strong>Switchyard review</strong>
        {session ? <a href="/">Queue</a> : null}
        {session ? (
          <>
            <span class="who">
              signed in as <strong>{session.identity}</strong>
            </span>
            <form method="post" action="/logout">
              <CsrfField session={session} />
              <button type="submit">Sign out</button>
            </form>
          </>
        ) : null}
      </header>
      <main>{children}</main>
    </body>
  </html>
);

/** The hidden per-session CSRF field every form carries. */
export const CsrfField: FC<{ session: ReviewSession }> = ({ session }) => (
  <input type="hidden" name="csrf" value={session.csrf} />
);

/** A message page (not found, refused, error). */
export const MessagePage: FC<{ title: string; session?: ReviewSession | null; children?: Child }> = ({
  title,
  session,
  children,
}) => (
  <Layout title={title} session={session ?? null}>
    <h1>{title}</h1>
    {children}
    {session ? (
      <p>
        <a href="/">Back to the queue</a>
      </p>
    ) : null}
  </Layout>
);
