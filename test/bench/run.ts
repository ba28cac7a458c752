// `npm run bench`: runs every benchmark against the built app and writes bench-results/latest.json and
// bench-results/README.md (every figure with its goal, the machine, the date and the command).
import { join } from 'node:path';
import { appShellSize } from './app-shell-size';
import { chromiumContinue } from './chromium-continue';
import { chromiumPush } from './chromium-push';
import { chromiumStart } from './chromium-start';
import { consoleRecords } from './console-records';
import { eligibilityCheck } from './eligibility-check';
import { encryptionCost } from './encryption-cost';
import { lighthouseScores } from './lighthouse-scores';
import { photoProcessing } from './photo-processing';
import { type BenchResult, report } from './result';
import { syncPush } from './sync-push';
import { tabletLoad } from './tablet-load';

const root = process.cwd();
const started = performance.now();
/** Every benchmark, in the order it runs. */
const BENCHMARKS: readonly [string, () => Promise<BenchResult[]>][] = [
  ['appShellSize', () => appShellSize(join(root, 'dist'))],
  ['chromiumStart', chromiumStart],
  ['chromiumContinue', chromiumContinue],
  ['lighthouseScores', lighthouseScores],
  ['eligibilityCheck', eligibilityCheck],
  ['photoProcessing', photoProcessing],
  ['syncPush', syncPush],
  ['tabletLoad', tabletLoad],
  ['consoleRecords', consoleRecords],
  ['chromiumPush', chromiumPush],
  ['encryptionCost', encryptionCost],
];
const results: BenchResult[] = [];
const failed: string[] = [];
for (const [name, run] of BENCHMARKS) {
  try {
    results.push(...(await run()));
  } catch (error) {
    // One benchmark failing (a flake on a busy machine) must not lose the others' figures: the report says which.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    failed.push(name);
    console.error(`${name} failed: ${reason}`);
    results.push({ name: `${name}: FAILED, no figures`, value: 0, unit: 'failed', note: reason });
  }
}
const database = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=… ' : '';
await report(results, join(root, 'bench-results'), {
  command: `${database}npm run bench`,
  durationS: (performance.now() - started) / 1000,
});
// A failed benchmark fails the command too, after the report is written.
if (failed.length) process.exitCode = 1;
