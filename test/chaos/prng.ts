// The tests' one seeded source of chance (mulberry32): the chaos scenario (CHAOS_SEED) and the API fuzz (FUZZ_SEED)
// draw from it, so one seed replays one run.

export interface Prng {
  readonly seed: number;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  /** True with probability `p`. */
  chance(p: number): boolean;
  /** One of `items`, each as likely. */
  pick<T>(items: readonly T[]): T;
  /** One of `options`, chosen by their weights (each > 0). */
  weighted<T extends string>(options: Readonly<Record<T, number>>): T;
}

/** The largest seed: seeds are unsigned 32-bit integers. */
const MAX_SEED = 0xffffffff;

export function randomSeed(): number {
  return Math.floor(Math.random() * MAX_SEED);
}

/** The seed from CHAOS_SEED when set (a failure's replay), else a fresh one. */
export function seedFromEnvironment(value = process.env.CHAOS_SEED): number {
  if (value === undefined || value === '') return randomSeed();
  const seed = Number(value);
  // A seed that is not a 32-bit unsigned integer would silently replay a different run.
  if (!Number.isInteger(seed) || seed < 0 || seed > MAX_SEED)
    throw new Error(`CHAOS_SEED=${value} is not a seed`);
  return seed;
}

export function mulberry32(seed: number): Prng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    seed,
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      // Guard: picking from nothing is a bug in the caller's tables, not a chance outcome.
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[Math.floor(next() * items.length)] as T;
    },
    weighted(options) {
      const entries = Object.entries(options) as [keyof typeof options, number][];
      let roll = next() * entries.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [name, weight] of entries) {
        roll -= weight;
        if (roll < 0) return name;
      }
      return (entries.at(-1) as [keyof typeof options, number])[0];
    },
  };
}
