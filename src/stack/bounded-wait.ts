/**
 * Waits for `work` at most `ms` milliseconds: true when it settled in time (a rejection counts as settled and
 * is swallowed), false when it did not. For shutdown steps that can hang on a server that is gone (a worker
 * draining its polls against a dead Temporal); the caller moves on either way.
 */
export async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([
      work.then(
        () => true,
        () => true,
      ),
      timedOut,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Makes sure the process ends after a fatal error even when a handle keeps it alive (a gRPC retry timer, a worker
 * that would not stop): exit code 1 after `ms` (default 10000). The timer is unref'd, so a process that can end
 * sooner does.
 */
export function exitAfter(ms = 10_000): void {
  setTimeout(() => process.exit(process.exitCode || 1), ms).unref();
}

/**
 * `work`, unless `lost` (a dependency's death, e.g. `DevServer.unexpectedExit`) resolves first: then rejects with
 * that error, and a result `work` still yields later goes to `cleanUp` (a stack that came up too late is stopped).
 */
export function unlessLost<T>(work: Promise<T>, lost: Promise<Error>, cleanUp?: (late: T) => unknown): Promise<T> {
  let settled = false;
  const dead = lost.then((error): never => {
    if (!settled && cleanUp) work.then(cleanUp).catch(() => undefined);
    throw error;
  });
  return Promise.race([work, dead]).finally(() => {
    settled = true;
  });
}
