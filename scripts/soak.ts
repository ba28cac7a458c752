// npm run soak -- --seed N --records M: the chaos test's scenario (test/chaos/scenario.ts) run long, outside
// vitest, printing the seed first, each step, and a summary; exit 1 with the replaying seed on failure.
import { parseArgs } from 'node:util';
import { randomSeed, seedFromEnvironment } from '../test/chaos/prng';
import { ChaosFailure, runChaosScenario } from '../test/chaos/scenario';

const DEFAULT_RECORDS = 2_000;

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    records: { type: 'string', default: String(DEFAULT_RECORDS) },
    quiet: { type: 'boolean', default: false },
  },
});
const seed =
  values.seed === undefined
    ? process.env.CHAOS_SEED
      ? seedFromEnvironment()
      : randomSeed()
    : seedFromEnvironment(values.seed);
const records = Number(values.records);
// A size that is not a whole positive number would run a scenario nobody asked for.
if (!Number.isInteger(records) || records < 1) {
  console.error(`--records ${values.records} is not a number of records`);
  process.exit(2);
}
console.log(`soak: CHAOS_SEED=${seed}, ${records} records`);
try {
  const summary = await runChaosScenario({
    seed,
    records,
    signupsThroughPages: Math.max(2, Math.round(records / 200)),
    checks: Math.max(2, Math.round(records / 200)),
    grants: Math.max(8, Math.round(records / 25)),
    finalSyncMs: Math.max(90_000, records * 100),
    log: values.quiet ? undefined : (line) => console.log(line),
  });
  console.log(`soak passed: CHAOS_SEED=${seed}`);
  console.log(JSON.stringify(summary, null, 2));
} catch (error) {
  console.error(error instanceof ChaosFailure ? error.message : error);
  console.error(`soak failed: CHAOS_SEED=${seed} (npm run soak -- --seed ${seed} --records ${records})`);
  process.exit(1);
}
