// Benchmark: 100 simulated tablets pushing 100 sign-ups each at once through the round-robin proxy, to two
// `npm start` servers on one PostgreSQL database and to one on the embedded database; records per second and push
// latency p50/p99, after checking every record was stored once.
import { checkStored, type LoadOptions, percentile, runTablets } from '../e2e/support/load-tablets';
import { startWithNpm } from '../e2e/support/npm-start';
import type { BenchResult } from './result';

/** As the app batches a tablet's 100 waiting records: two pushes of 50. */
const RUN: LoadOptions = { tablets: 100, recordsPerTablet: 100, pushSize: 50, editEvery: 0 };
const POSTGRES_INSTANCES = 2;

async function measure(label: string, postgresUrl: string | undefined): Promise<BenchResult> {
  const app = await startWithNpm(postgresUrl ? { postgresUrl, instances: POSTGRES_INSTANCES } : {});
  try {
    const outcome = await runTablets(app, RUN);
    const stored = await app.readDatabase((db) => checkStored(db, outcome));
    const records = RUN.tablets * RUN.recordsPerTablet;
    // Guard: a figure for a run that lost or doubled records would be meaningless.
    if (stored.records !== records || stored.distinct !== records || stored.wrong.length > 0) {
      throw new Error(`load run stored the wrong records: ${JSON.stringify(stored)}`);
    }
    const servers = postgresUrl ? `${POSTGRES_INSTANCES} npm start servers` : 'one npm start server';
    return {
      name: `${RUN.tablets} tablets pushing at once, ${label}`,
      value: Math.round((records / outcome.pushingMs) * 1000),
      unit: 'records/s',
      note: `${RUN.tablets} tablets x ${RUN.recordsPerTablet} sign-ups in pushes of ${RUN.pushSize}, through the round-robin proxy to ${servers}: ${Math.round(outcome.pushingMs)} ms; push latency p50 ${Math.round(percentile(outcome.latenciesMs, 0.5))} ms, p99 ${Math.round(percentile(outcome.latenciesMs, 0.99))} ms; ${outcome.retries} retries; all ${records} stored once`,
    };
  } finally {
    await app.stop();
  }
}

/** PGlite always; PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server to create a database in. */
export async function tabletLoad(): Promise<BenchResult[]> {
  const postgres = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const results = [await measure('PGlite', undefined)];
  results.push(
    postgres
      ? await measure('PostgreSQL', postgres)
      : {
          name: `${RUN.tablets} tablets pushing at once, PostgreSQL`,
          value: 0,
          unit: 'skipped',
          note: 'set BENCH_DATABASE_URL to measure it',
        },
  );
  return results;
}
