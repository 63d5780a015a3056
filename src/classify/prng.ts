/**
 * A small seeded pseudo-random generator (mulberry32) and a Fisher–Yates shuffle on top of it, so that
 * training is reproducible: the same seed gives the same example order and the same model, byte for byte.
 */

import { mulberry32 } from '../random/mulberry32.js';

/** A seeded generator of floats in [0, 1). */
export interface Prng {
  next(): number;
  /** Integer in [0, n). */
  nextInt(n: number): number;
}

/** mulberry32: 32 bits of state, fast, good enough for shuffling and sampling. */
export function createPrng(seed: number): Prng {
  const next = mulberry32(seed);
  return { next, nextInt: (n) => Math.floor(next() * n) };
}

/** Shuffles `items` in place (Fisher–Yates) and returns it. */
export function shuffleInPlace<A extends { length: number; [index: number]: unknown }>(items: A, prng: Prng): A {
  for (let i = items.length - 1; i > 0; i--) {
    const j = prng.nextInt(i + 1);
    const tmp = items[i]!;
    items[i] = items[j]!;
    items[j] = tmp;
  }
  return items;
}
