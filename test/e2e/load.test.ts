// Load: 100 simulated tablets push 100 sign-ups each at once through the proxy to two `npm start` servers on one
// PostgreSQL database, one server restarted mid-run and the proxy failing, slowing and cutting off some pushes; then
// the database holds every record exactly once with its last content. A smaller run on the embedded database.
import { afterEach, describe, expect, it } from 'vitest';
import type { Fault, ProxiedRequest } from './support/api-proxy';
import { changesSent, checkStored, type LoadOptions, runTablets } from './support/load-tablets';
import { type RunningApp, startWithNpm } from './support/npm-start';

const POSTGRES = process.env.TEST_DATABASE_URL;
/**
 * LOAD_TABLETS / LOAD_RECORDS override the PostgreSQL run's size for a longer run, e.g.
 * `TEST_DATABASE_URL=postgres://… LOAD_TABLETS=300 LOAD_RECORDS=500 npm run load`. Without TEST_DATABASE_URL only the
 * embedded-database run happens. LOAD_RECORDS must be over 25 (one push) so a last push waits for the restart.
 */
const POSTGRES_RUN: LoadOptions = {
  tablets: Number(process.env.LOAD_TABLETS ?? 100),
  // 50 each in CI (5,000 records, and still a last push to wait out the restart); the 100 with LOAD_RECORDS=100.
  recordsPerTablet: Number(process.env.LOAD_RECORDS ?? 50),
  pushSize: 25,
  editEvery: 5,
  restartInstance: 1,
};
const PGLITE_RUN: LoadOptions = { tablets: 20, recordsPerTablet: 50, pushSize: 25, editEvery: 5 };
const RUN_TIMEOUT_MS = 300_000;
const PUSH = '/api/v1/sync/push';
/** Of every 20 pushes: one cut off after the server committed, one failed by the proxy, one answered slowly. */
const FAULT_CYCLE = 20;
const SLOW_MS = 300;

/** A fixed pattern over the pushes in arrival order, so some answers are lost after commit and must be retried. */
function pushFaults(request: ProxiedRequest): Fault {
  if (request.path !== PUSH) return { kind: 'pass' };
  const slot = request.pathSequence % FAULT_CYCLE;
  if (slot === 0) return { kind: 'drop-after-commit' };
  if (slot === 7) return { kind: 'fail' };
  if (slot === 13) return { kind: 'slow', delayMs: SLOW_MS };
  return { kind: 'pass' };
}

let app: RunningApp | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
});

async function loadRun(running: RunningApp, options: LoadOptions) {
  running.proxy.setFaults(pushFaults);
  const outcome = await runTablets(running, options);
  const stored = await running.readDatabase((db) => checkStored(db, outcome));
  const records = options.tablets * options.recordsPerTablet;
  const statuses = [...outcome.statuses.values()];
  // Every change answered applied or duplicate (a retry of one the server had already applied).
  expect(statuses.filter((status) => status !== 'applied' && status !== 'duplicate')).toEqual([]);
  expect(outcome.statuses.size).toBe(changesSent(options));
  // Answers were lost after commit and the retries were recognised, not applied twice.
  expect(running.proxy.faultsApplied.get('drop-after-commit') ?? 0).toBeGreaterThan(0);
  expect(statuses.filter((status) => status === 'duplicate').length).toBeGreaterThan(0);
  expect(stored).toEqual({
    records,
    distinct: records,
    wrong: [],
    processedChanges: changesSent(options),
  });
  return outcome;
}

describe('100 tablets pushing at once', () => {
  it.skipIf(!POSTGRES)(
    'two servers on one PostgreSQL, one restarted mid-run: every record stored once with its last content',
    async () => {
      app = await startWithNpm({ postgresUrl: POSTGRES as string, instances: 2 });
      const before = app.instances[1];
      const outcome = await loadRun(app, POSTGRES_RUN);
      // The restarted server came back on a new address and served part of the run.
      expect(outcome.restartedUrl).not.toBe(before);
      expect(app.proxy.answeredBy.get(outcome.restartedUrl as string) ?? 0).toBeGreaterThan(0);
      expect(app.proxy.answeredBy.get(app.instances[0] as string) ?? 0).toBeGreaterThan(0);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'one server on the embedded database: every record stored once with its last content',
    async () => {
      app = await startWithNpm();
      await loadRun(app, PGLITE_RUN);
    },
    RUN_TIMEOUT_MS,
  );
});
