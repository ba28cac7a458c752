// Benchmark: push ingest through the real HTTP server against the raw insert rate of the same rows, on PGlite
// and PostgreSQL, and 50 concurrent clients pushing at once (p50/p99 latency).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildApp } from '../../src/server/app';
import type { Database } from '../../src/server/db/connect';
import { processedChanges, records } from '../../src/server/db/schema';
import { silentLogger } from '../../src/server/http/logging';
import type { PushResponse } from '../../src/shared/api';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, type TestUser } from '../server/support/api';
import { type DatabaseKind, openTestDatabase } from '../server/support/databases';
import type { BenchResult } from './result';

const CHANGES = 10_000;
const BATCH = 500;
const CLIENTS = 50;
const PUSHES_PER_CLIENT = 4;
const CHANGES_PER_CLIENT_PUSH = 50;

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;

async function listen(db: Database) {
  const app = buildApp({ db, logger: silentLogger });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function push(url: string, user: TestUser, deviceId: string, changes: unknown[]): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(pushBody(deviceId, changes)),
  });
  const body = (await response.json()) as PushResponse;
  const elapsed = performance.now() - started;
  const applied = body.results?.filter((result) => result.status === 'applied').length ?? 0;
  if (response.status !== 200 || applied !== changes.length) {
    throw new Error(`push failed: HTTP ${response.status}, ${applied} of ${changes.length} applied`);
  }
  return elapsed;
}

/** A sign-up record row as the push writes it. */
const recordRow = (ownerId: string, deviceId: string, payload: unknown, at: Date) => ({
  id: newId(),
  type: 'signup' as const,
  ownerId,
  deviceId,
  version: 1,
  payload,
  clientUpdatedAt: at,
  receivedAt: at,
  updatedAt: at,
});

/** The same rows the push writes (record + processed change), one transaction per change, straight through drizzle. */
async function rawPerChange(
  db: Database,
  ownerId: string,
  deviceId: string,
  payloads: unknown[],
): Promise<number> {
  const started = performance.now();
  for (const payload of payloads) {
    const row = recordRow(ownerId, deviceId, payload, new Date());
    await db.transaction(async (tx) => {
      await tx.insert(records).values(row);
      await tx
        .insert(processedChanges)
        .values({ changeId: newId(), recordId: row.id, accountId: ownerId, recordVersion: 1 });
    });
  }
  return performance.now() - started;
}

/** For information: the same rows in multi-row inserts of 1,000 (no per-change transactions, no idempotence). */
async function rawBulk(
  db: Database,
  ownerId: string,
  deviceId: string,
  payloads: unknown[],
): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < payloads.length; i += 1000) {
    const now = new Date();
    const rows = payloads.slice(i, i + 1000).map((payload) => recordRow(ownerId, deviceId, payload, now));
    await db.transaction(async (tx) => {
      await tx.insert(records).values(rows);
      await tx
        .insert(processedChanges)
        .values(
          rows.map((row) => ({ changeId: newId(), recordId: row.id, accountId: ownerId, recordVersion: 1 })),
        );
    });
  }
  return performance.now() - started;
}

async function benchKind(kind: DatabaseKind): Promise<BenchResult[]> {
  const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const database = await openTestDatabase(kind, { poolSize: 20 });
  const server = await listen(database.db);
  try {
    const worker = await makeUser(database.db);
    const device = newId();
    const changes = Array.from({ length: CHANGES }, () => change());
    const pushStarted = performance.now();
    for (let i = 0; i < changes.length; i += BATCH)
      await push(server.url, worker, device, changes.slice(i, i + BATCH));
    const pushMs = performance.now() - pushStarted;

    const payloads = changes.map((c) => c.payload);
    const rawMs = await rawPerChange(database.db, worker.id, device, payloads);
    const bulkMs = await rawBulk(database.db, worker.id, device, payloads);
    const pushRate = perSecond(CHANGES, pushMs);
    const rawRate = perSecond(CHANGES, rawMs);
    const ratio = Math.round((pushRate / rawRate) * 100) / 100;

    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => makeUser(database.db)));
    const latencies: number[] = [];
    const concurrentStarted = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        const deviceId = newId();
        for (let p = 0; p < PUSHES_PER_CLIENT; p++) {
          const batch = Array.from({ length: CHANGES_PER_CLIENT_PUSH }, () => change());
          latencies.push(await push(server.url, client, deviceId, batch));
        }
      }),
    );
    const concurrentMs = performance.now() - concurrentStarted;
    latencies.sort((a, b) => a - b);
    const total = CLIENTS * PUSHES_PER_CLIENT * CHANGES_PER_CLIENT_PUSH;

    return [
      {
        name: `push ingest over HTTP, ${label}`,
        value: pushRate,
        unit: 'changes/s',
        note: `${CHANGES} changes in batches of ${BATCH}`,
      },
      {
        name: `raw insert, one transaction per change, ${label}`,
        value: rawRate,
        unit: 'rows/s',
        note: 'record + processed-change row, drizzle, no HTTP',
      },
      {
        name: `push / raw ratio, ${label}`,
        value: ratio,
        unit: 'x',
        note: `goal at least 0.5: ${ratio >= 0.5 ? 'met' : 'NOT met'}`,
      },
      {
        name: `raw bulk insert (not per-change transactions), ${label}`,
        value: perSecond(CHANGES, bulkMs),
        unit: 'rows/s',
        note: 'for information: multi-row inserts of 1,000; no exactly-once guarantee per change',
      },
      {
        name: `${CLIENTS} concurrent clients, ${label}`,
        value: perSecond(total, concurrentMs),
        unit: 'changes/s',
        note: `${CLIENTS} x ${PUSHES_PER_CLIENT} pushes of ${CHANGES_PER_CLIENT_PUSH}; push latency p50 ${Math.round(percentile(latencies, 0.5))} ms, p99 ${Math.round(percentile(latencies, 0.99))} ms`,
      },
    ];
  } finally {
    await server.close();
    await database.close();
  }
}

/** PGlite always; PostgreSQL when BENCH_DATABASE_URL (or TEST_DATABASE_URL) names a server to create a database in. */
export async function syncPush(): Promise<BenchResult[]> {
  const postgres = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (postgres) process.env.TEST_DATABASE_URL = postgres;
  const results = await benchKind('pglite');
  if (postgres) results.push(...(await benchKind('postgres')));
  else
    results.push({
      name: 'PostgreSQL',
      value: 0,
      unit: 'skipped',
      note: 'set BENCH_DATABASE_URL to measure it',
    });
  return results;
}
