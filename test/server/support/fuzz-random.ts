// The API fuzz's seed and run count (test/server/fuzz.test.ts): the same seed gives the same inputs.
import { mulberry32, type Prng } from '../../chaos/prng';

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

/** The fuzz's random source: the tests' one seeded generator (test/chaos/prng.ts). */
export type Random = Prng;
export const seededRandom: (seed: number) => Random = mulberry32;
