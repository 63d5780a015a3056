/**
 * Workflow steps that run synchronously until something really waits.
 *
 * Every `await` in workflow code costs a promise, and the SDK's promise hook captures and source-maps a stack trace
 * for each one (about 0.05–0.1 ms on the 2-core VM). A request answered by the first attempt `resolvePolicy` made
 * ahead waits for nothing after that local activity, yet an async ladder would still create a promise per layer.
 * So the ladder is written once as a generator: `yield* wait(promise)` where it must wait, and `drive` runs it
 * synchronously up to the first such point, switching to an async loop only from there. Same code, same order of
 * commands either way; only the promises a synchronous path never needed are gone.
 */

/** Steps of workflow code that may wait: a generator yielding the promises it waits for, returning `T`. */
export type Steps<T> = Generator<Promise<unknown>, T, unknown>;

/** Waits for `promise` inside `Steps` (`const value = yield* wait(promise)`): the typed form of `await`. */
export function* wait<T>(promise: Promise<T>): Generator<Promise<T>, T, unknown> {
  return (yield promise) as T;
}

/** Runs `steps` synchronously until they first wait; returns the value itself when they never do. */
export function drive<T>(steps: Steps<T>): T | Promise<T> {
  const first = steps.next();
  return first.done ? first.value : resume(steps, first.value);
}

/** The rest of `steps` once they wait: each awaited result (or failure) goes back into the generator. */
async function resume<T>(steps: Steps<T>, waiting: Promise<unknown>): Promise<T> {
  let pending = waiting;
  for (;;) {
    let next: IteratorResult<Promise<unknown>, T>;
    let value: unknown;
    try {
      value = await pending;
    } catch (error) {
      next = steps.throw(error);
      if (next.done) return next.value;
      pending = next.value;
      continue;
    }
    next = steps.next(value);
    if (next.done) return next.value;
    pending = next.value;
  }
}
