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
const results: BenchResult[] = [
  ...(await appShellSize(join(root, 'dist'))),
  ...(await chromiumStart()),
  ...(await chromiumContinue()),
  ...(await lighthouseScores()),
  ...(await eligibilityCheck()),
  ...(await photoProcessing()),
  ...(await syncPush()),
  ...(await tabletLoad()),
  ...(await consoleRecords()),
  ...(await chromiumPush()),
  ...(await encryptionCost()),
];
const database = process.env.BENCH_DATABASE_URL ? 'BENCH_DATABASE_URL=… ' : '';
await report(results, join(root, 'bench-results'), {
  command: `${database}npm run bench`,
  durationS: (performance.now() - started) / 1000,
});
