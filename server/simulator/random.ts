/** Seeded randomness for the simulator (mulberry32) and the draws it needs. Pure. */
import { mulberry32 } from '../dataset/core/prng.ts';

export type RandomFn = () => number;

/** The same mulberry32 generator the dataset uses, seeded directly. */
export const createRng = (seed: number): RandomFn => mulberry32(seed);

export const uniform = (rng: RandomFn, min: number, max: number) => min + rng() * (max - min);

/** A Poisson draw (Knuth for small means, normal approximation above 30). */
export function poisson(rng: RandomFn, mean: number): number {
  if (mean <= 0) return 0;
  if (mean > 30) return Math.max(0, Math.round(mean + Math.sqrt(mean) * gaussian(rng)));
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k += 1;
    p *= rng();
  } while (p > l);
  return k - 1;
}

export function gaussian(rng: RandomFn): number {
  const u = Math.max(rng(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

export function pick<T>(rng: RandomFn, items: readonly T[]): T | undefined {
  return items.length ? items[Math.floor(rng() * items.length)] : undefined;
}

/** Picks by weight. */
export function weighted<T>(rng: RandomFn, items: readonly { item: T; weight: number }[]): T | undefined {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng() * total;
  for (const i of items) {
    r -= i.weight;
    if (r <= 0) return i.item;
  }
  return items[items.length - 1]?.item;
}
