import { describe, expect, it } from 'vitest';
import { drive, type Steps, wait } from '../../../workflows/sync-steps.js';

/** Steps that record what they did, waiting only when given a promise. */
function* steps(log: string[], waits: (Promise<number> | number)[]): Steps<number> {
  let total = 0;
  try {
    for (const item of waits) {
      const value = item instanceof Promise ? yield* wait(item) : item;
      log.push(`got ${value}`);
      total += value;
    }
  } finally {
    log.push('finally');
  }
  return total;
}

describe('drive (workflow steps synchronous until they wait)', () => {
  it('returns the value itself, not a promise, when nothing waits', () => {
    const log: string[] = [];
    const result = drive(steps(log, [1, 2, 3]));
    expect(result).toBe(6);
    expect(log).toEqual(['got 1', 'got 2', 'got 3', 'finally']);
  });

  it('runs synchronously up to the first wait, then resumes with each awaited value in order', async () => {
    const log: string[] = [];
    const result = drive(steps(log, [1, Promise.resolve(10), 2, Promise.resolve(20)]));
    expect(result).toBeInstanceOf(Promise);
    expect(log).toEqual(['got 1']); // the first wait stops the synchronous run
    await expect(result).resolves.toBe(33);
    expect(log).toEqual(['got 1', 'got 10', 'got 2', 'got 20', 'finally']);
  });

  it('throws a rejection into the steps, where it can be caught, and goes on', async () => {
    function* recovering(): Steps<string> {
      try {
        yield* wait(Promise.reject(new Error('activity failed')));
        return 'not reached';
      } catch (error) {
        const again = yield* wait(Promise.resolve('recovered'));
        return `${(error as Error).message}, ${again}`;
      }
    }
    await expect(drive(recovering())).resolves.toBe('activity failed, recovered');
  });

  it('rejects with an uncaught failure after running the steps’ finally', async () => {
    const log: string[] = [];
    const result = drive(steps(log, [1, Promise.reject(new Error('cancelled'))]));
    await expect(result).rejects.toThrow('cancelled');
    expect(log).toEqual(['got 1', 'finally']);
  });

  it('throws synchronously when the steps throw before any wait', () => {
    function* broken(plan: string): Steps<number> {
      if (plan === 'bad') throw new Error('bad plan');
      return yield* wait(Promise.resolve(1));
    }
    expect(() => drive(broken('bad'))).toThrow('bad plan');
  });
});
