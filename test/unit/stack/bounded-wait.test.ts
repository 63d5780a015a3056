import { describe, expect, it } from 'vitest';
import { settlesWithin, unlessLost } from '../../../src/stack/bounded-wait.js';

const never = <T>() => new Promise<T>(() => {});

describe('settlesWithin', () => {
  it('says whether the work settled in time; a rejection counts as settled', async () => {
    expect(await settlesWithin(Promise.resolve('done'), 1000)).toBe(true);
    expect(await settlesWithin(Promise.reject(new Error('failed')), 1000)).toBe(true);
    expect(await settlesWithin(never(), 5)).toBe(false);
  });
});

describe('unlessLost', () => {
  it('yields the work when the dependency lives', async () => {
    expect(await unlessLost(Promise.resolve(42), never<Error>())).toBe(42);
  });

  it('rejects with the loss, and hands a result that comes later to cleanUp', async () => {
    let finish: (value: string) => void = () => {};
    const work = new Promise<string>((resolve) => {
      finish = resolve;
    });
    const cleaned: string[] = [];
    const lost = Promise.resolve(new Error('Temporal dev server was killed by SIGKILL'));
    await expect(unlessLost(work, lost, (late) => cleaned.push(late))).rejects.toThrow('killed by SIGKILL');
    finish('late stack');
    await work;
    await Promise.resolve();
    expect(cleaned).toEqual(['late stack']);
  });

  it('leaves a result alone once the work won', async () => {
    const cleaned: number[] = [];
    let lose: (error: Error) => void = () => {};
    const lost = new Promise<Error>((resolve) => {
      lose = resolve;
    });
    const work = unlessLost(Promise.resolve(7), lost, (late) => cleaned.push(late));
    expect(await work).toBe(7);
    lose(new Error('died later'));
    await lost;
    await Promise.resolve();
    expect(cleaned).toEqual([]);
  });
});
