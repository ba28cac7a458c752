// A small seeded random source for the API fuzz (test/server/fuzz.test.ts): the same seed gives the same inputs.

/** The seed of this run: FUZZ_SEED replays a failure; otherwise a new one each run (printed with every failure). */
export function fuzzSeed(): number {
  const given = process.env.FUZZ_SEED;
  if (given !== undefined && given !== '') {
    const seed = Number(given);
    // Guard: a seed that is not a whole number would silently fuzz something else than the failure it replays.
    if (!Number.isSafeInteger(seed)) throw new Error(`FUZZ_SEED must be a whole number, not ${given}`);
    return seed >>> 0;
  }
  return Math.floor(Math.random() * 2 ** 32) >>> 0;
}

/** FUZZ_RUNS random requests per route and role (a long run sets it high); CI's default keeps the file quick. */
export const FUZZ_RUNS_DEFAULT = 8;

export function fuzzRuns(): number {
  const given = Number(process.env.FUZZ_RUNS ?? FUZZ_RUNS_DEFAULT);
  // Guard: zero or a typo would make the fuzz pass without sending anything.
  if (!Number.isSafeInteger(given) || given < 1) throw new Error('FUZZ_RUNS must be a whole number from 1');
  return given;
}

export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** A whole number in [min, max]. */
  int(min: number, max: number): number;
  chance(probability: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** mulberry32: tiny, fast and good enough to choose fuzz inputs. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    chance: (probability) => next() < probability,
    pick: <T>(items: readonly T[]) => {
      // Guard: picking from nothing is a bug in the fuzz's tables, not an input.
      if (items.length === 0) throw new Error('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
  };
}
