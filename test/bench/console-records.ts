// Benchmark: the coordinators' records list, filtered list and search at 100,000 records on PostgreSQL through the
// real app (app.request), p50/p95 over 50 requests each (goal p95 < 100 ms), and the CSV export of all 100,000
// records (one file per type) with rows per second and peak memory.
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/server/app';
import { silentLogger } from '../../src/server/http/logging';
import { recordReference } from '../../src/shared/reference';
import { makeUser } from '../server/support/api';
import { seedBulkRecords, seedPlace } from '../server/support/console-records';
import { openTestDatabase } from '../server/support/databases';
import type { BenchResult } from './result';

const RECORDS = 100_000;
const WORKERS = 10;
const REQUESTS = 50;
const GOAL_P95_MS = 100;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round1 = (value: number) => Math.round(value * 10) / 10;
const mb = (bytes: number) => round1(bytes / 1024 / 1024);

/** The places the bulk records' postcodes are in (BULK_POSTCODES), with a spread of districts and deciles. */
const PLACES = [
  { lsoa: 'E01015001', district: 'E06000033', decile: 1, postcodes: ['SS1 1AA', 'SS2 5XY'] },
  { lsoa: 'E01015002', district: 'E06000033', decile: 4, postcodes: ['SS0 7AB'] },
  { lsoa: 'E01021001', district: 'E07000075', decile: 7, postcodes: ['SS4 1AA'] },
  { lsoa: 'E01015003', district: 'E06000033', decile: 9, postcodes: ['SS9 1AA'] },
  { lsoa: 'E01021500', district: 'E07000070', decile: 6, postcodes: ['CM1 1AA'] },
  { lsoa: 'E01015900', district: 'E06000034', decile: 2, postcodes: ['RM17 6AB'] },
];

export async function consoleRecords(): Promise<BenchResult[]> {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) {
    return [
      {
        name: 'console records at 100,000',
        value: 0,
        unit: 'skipped',
        note: 'set BENCH_DATABASE_URL to measure it',
      },
    ];
  }
  process.env.TEST_DATABASE_URL = url;
  const database = await openTestDatabase('postgres');
  try {
    const db = database.db;
    const workers = await Promise.all(Array.from({ length: WORKERS }, () => makeUser(db)));
    const coordinator = await makeUser(db, 'coordinator');
    for (const place of PLACES) await seedPlace(db, place);
    const seedStarted = performance.now();
    await seedBulkRecords(db, {
      count: RECORDS,
      workerIds: workers.map((worker) => worker.id),
      start: new Date('2025-01-01T00:00:00Z'),
      // A minute apart: 100,000 records over 69 days, so a date range picks a part.
      stepMs: 60_000,
    });
    // What autovacuum does after a bulk load: measured with the planner's statistics and visibility map in place.
    await db.execute(sql`VACUUM ANALYZE records`);
    const seedMs = performance.now() - seedStarted;

    const app = buildApp({ db, logger: silentLogger });
    const headers = { authorization: `Bearer ${coordinator.token}` };
    const [someRecord] = (
      (await db.execute(sql`SELECT id FROM records ORDER BY id OFFSET 43210 LIMIT 1`)) as unknown as {
        rows: { id: string }[];
      }
    ).rows;

    async function timed(
      paths: string[],
    ): Promise<{ p50: number; p95: number; totals: number[]; byPath: string }> {
      const times: number[] = [];
      const totals: number[] = [];
      const perPath = new Map<string, number[]>();
      for (let i = 0; i < REQUESTS; i++) {
        const path = paths[i % paths.length] as string;
        const started = performance.now();
        const response = await app.request(`/api/v1/records?${path}`, { headers });
        const body = (await response.json()) as { total: number };
        times.push(performance.now() - started);
        perPath.set(path, [...(perPath.get(path) ?? []), performance.now() - started]);
        if (response.status !== 200) throw new Error(`${path}: HTTP ${response.status}`);
        totals.push(body.total);
      }
      times.sort((a, b) => a - b);
      const byPath = [...perPath]
        .map(
          ([path, ms]) =>
            `${path || 'all'}: p50 ${round1(
              percentile(
                ms.sort((a, b) => a - b),
                0.5,
              ),
            )} ms`,
        )
        .join('; ');
      return { p50: round1(percentile(times, 0.5)), p95: round1(percentile(times, 0.95)), totals, byPath };
    }

    const first = await timed(['']);
    const filtered = await timed([
      'type=signup&review=contacted',
      'district=E06000033&decile=1',
      'eligibility=eligible',
      // Grant applications are every 10th record, so all are the 10th worker's.
      `worker=${workers[9]?.id}&type=grant-application`,
      'type=signup&from=2025-01-10&to=2025-01-20',
    ]);
    const search = await timed([
      'q=lovelace',
      'q=khan-4242',
      `q=${encodeURIComponent('ss4 1aa')}`,
      `q=${recordReference(someRecord?.id ?? '')}`,
      `q=${encodeURIComponent('community group 99')}`,
    ]);
    const latency = (
      name: string,
      figures: { p50: number; p95: number; byPath: string },
      note: string,
    ): BenchResult[] => [
      { name: `${name}, p50`, value: figures.p50, unit: 'ms', note },
      {
        name: `${name}, p95`,
        value: figures.p95,
        unit: 'ms',
        goal: { op: '<', target: GOAL_P95_MS },
        note: figures.byPath,
      },
    ];

    // The export of every record: one file per type, read as a browser would, memory sampled at each chunk.
    globalThis.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    let rows = 0;
    let bytes = 0;
    const exportStarted = performance.now();
    for (const type of ['signup', 'eligibility-check', 'grant-application']) {
      const response = await app.request(`/api/v1/records/export.csv?type=${type}`, { headers });
      rows += Number(response.headers.get('x-total-rows'));
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        bytes += value.length;
        const now = process.memoryUsage();
        peakRss = Math.max(peakRss, now.rss);
        peakHeap = Math.max(peakHeap, now.heapUsed);
      }
    }
    const exportSeconds = (performance.now() - exportStarted) / 1000;
    if (rows !== RECORDS) throw new Error(`exported ${rows} rows of ${RECORDS}`);

    return [
      {
        name: `console records: seed ${RECORDS.toLocaleString('en-GB')} on PostgreSQL`,
        value: Math.round(seedMs),
        unit: 'ms',
        note: 'one INSERT ... SELECT generate_series, then VACUUM ANALYZE',
      },
      ...latency('records list, first page of 50', first, `total ${first.totals[0]}`),
      ...latency(
        'records list, filtered',
        filtered,
        `5 filters in turn; totals ${filtered.totals.slice(0, 5).join(', ')}`,
      ),
      ...latency(
        'records search',
        search,
        `5 searches in turn; totals ${search.totals.slice(0, 5).join(', ')}`,
      ),
      {
        name: `CSV export of ${RECORDS.toLocaleString('en-GB')} records (3 files)`,
        value: Math.round(rows / exportSeconds),
        unit: 'rows/s',
        note: `${mb(bytes)} MB in ${round1(exportSeconds)} s; peak RSS ${mb(peakRss)} MB (start ${mb(base.rss)} MB), peak heap ${mb(peakHeap)} MB (start ${mb(base.heapUsed)} MB)`,
      },
    ];
  } finally {
    await database.close();
  }
}
