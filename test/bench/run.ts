// `npm run bench`: runs every benchmark against the built app and writes the figures to bench-results/latest.json.
import { join } from 'node:path';
import { appShellSize } from './app-shell-size';
import { chromiumPush } from './chromium-push';
import { consoleRecords } from './console-records';
import { eligibilityCheck } from './eligibility-check';
import { encryptionCost } from './encryption-cost';
import { photoProcessing } from './photo-processing';
import { type BenchResult, report } from './result';
import { syncPush } from './sync-push';

const root = process.cwd();
const results: BenchResult[] = [
  ...(await appShellSize(join(root, 'dist'))),
  ...(await eligibilityCheck()),
  ...(await photoProcessing()),
  ...(await syncPush()),
  ...(await consoleRecords()),
  ...(await chromiumPush()),
  ...(await encryptionCost()),
];
await report(results, join(root, 'bench-results'));
