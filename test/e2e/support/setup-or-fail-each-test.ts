import { beforeAll, beforeEach } from 'vitest';

/**
 * Runs a suite's setup once, like `beforeAll`, but when it throws every test of the suite fails with that
 * error: vitest reports a throwing `beforeAll` as one failed suite and its tests as *skipped*.
 */
export function setupOrFailEachTest(setup: () => Promise<void>): void {
  let failure: unknown;
  beforeAll(async () => {
    try {
      await setup();
    } catch (error) {
      failure = error;
    }
  });
  beforeEach(() => {
    if (failure !== undefined) throw failure;
  });
}
