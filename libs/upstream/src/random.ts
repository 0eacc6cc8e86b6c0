/**
 * A uniform source in [0, 1), shaped like `Math.random`. Balancers take one so tests can replay
 * an exact sequence and so each process can start its round robin somewhere different.
 */
export type Random = () => number;

export const systemRandom: Random = () => Math.random();

/**
 * mulberry32: a tiny 32-bit seeded PRNG, good enough to spread load and fully reproducible.
 * Not for anything secret.
 *
 * @example
 * const a = mulberry32(42), b = mulberry32(42);
 * a() === b(); // true, and so on for every later draw
 */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An index in [0, length); clamps so a misbehaving source returning 1 cannot overrun. */
export function randomIndex(random: Random, length: number): number {
  return Math.min(length - 1, Math.floor(random() * length));
}
