// Benchmark: push ingest through the real HTTP server against a raw bulk insert of the same rows, on PGlite and
// PostgreSQL, where the server's time goes (Server-Timing), and 50 concurrent clients pushing at once.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import { buildApp } from '../../src/server/app';
import type { Database } from '../../src/server/db/connect';
import { silentLogger } from '../../src/server/http/logging';
import { PUSH_MAX_CHANGES, type PushResponse } from '../../src/shared/api';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, type TestUser } from '../server/support/api';
import { type DatabaseKind, openTestDatabase } from '../server/support/databases';
import type { BenchResult, Goal } from './result';

const CHANGES = 10_000;
/** As a tablet sends them: full pushes of the cap. */
const BATCH = PUSH_MAX_CHANGES;
/** Push ingest reaches at least half the raw bulk insert's rate. */
const RATIO_GOAL: Goal = { op: '>=', target: 0.5 };
const CLIENTS = 50;
const PUSHES_PER_CLIENT = 4;
const CHANGES_PER_CLIENT_PUSH = 50;
/** The server's steps, in the order of its Server-Timing header. */
const STEPS = ['read', 'validate', 'known', 'attachments', 'bulk', 'single'] as const;
type Step = (typeof STEPS)[number];

const perSecond = (count: number, ms: number) => Math.round((count / ms) * 1000);
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
const round1 = (value: number) => Math.round(value * 10) / 10;

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

interface Pushed {
  ms: number;
  steps: Record<Step, number>;
}

/** Sends one push body (already serialized, as a tablet has it) and checks every change was applied. */
async function push(url: string, user: TestUser, body: string, expected: number): Promise<Pushed> {
  const started = performance.now();
  const response = await fetch(`${url}/api/v1/sync/push`, {
    method: 'POST',
    headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
    body,
  });
  const answer = (await response.json()) as PushResponse;
  const ms = performance.now() - started;
  const applied = answer.results?.filter((result) => result.status === 'applied').length ?? 0;
  if (response.status !== 200 || applied !== expected) {
    throw new Error(`push failed: HTTP ${response.status}, ${applied} of ${expected} applied`);
  }
  const steps = Object.fromEntries(STEPS.map((step) => [step, 0])) as Record<Step, number>;
  for (const entry of (response.headers.get('server-timing') ?? '').split(',')) {
    const match = /^\s*([a-z]+);dur=([\d.]+)/.exec(entry);
    if (match && (STEPS as readonly string[]).includes(match[1] as string))
      steps[match[1] as Step] = Number(match[2]);
  }
  return { ms, steps };
}

const bodies = (deviceId: string, changes: unknown[], size: number) =>
  Array.from({ length: Math.ceil(changes.length / size) }, (_, i) =>
    JSON.stringify(pushBody(deviceId, changes.slice(i * size, (i + 1) * size))),
  );

/**
 * The baseline: the rows a push writes (a record and its processed-change row per change) inserted in ONE
 * transaction with plain SQL over unnest'ed array parameters. No HTTP, no validation, no exactly-once checks.
 * Payloads go either as a text[] (`text-array`) or as one JSON array text split by jsonb_array_elements
 * (`json-array`, what the server does); the faster of the two is the baseline.
 */
async function rawBulk(
  db: Database,
  ownerId: string,
  deviceId: string,
  payloads: unknown[],
  mode: 'text-array' | 'json-array' = 'json-array',
): Promise<number> {
  const ids = payloads.map(() => newId());
  const changeIds = payloads.map(() => newId());
  const started = performance.now();
  const json = payloads.map((payload) => JSON.stringify(payload));
  const now = new Date().toISOString();
  const rows =
    mode === 'text-array'
      ? sql`SELECT id, payload::jsonb AS payload
          FROM unnest(${sql.param(ids)}::uuid[], ${sql.param(json)}::text[]) AS t(id, payload)`
      : sql`SELECT id, payload
          FROM unnest(${sql.param(ids)}::uuid[]) WITH ORDINALITY AS t(id, n)
          JOIN jsonb_array_elements(${`[${json.join(',')}]`}::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      INSERT INTO records (id, type, owner_id, device_id, version, payload, client_updated_at, received_at, updated_at)
      SELECT id, 'signup', ${ownerId}::uuid, ${deviceId}::uuid, 1, payload, ${now}::timestamptz,
        ${now}::timestamptz, ${now}::timestamptz
      FROM (${rows}) AS input
    `);
    await tx.execute(sql`
      INSERT INTO processed_changes (change_id, record_id, account_id, record_version, processed_at)
      SELECT change_id, record_id, ${ownerId}::uuid, 1, ${now}::timestamptz
      FROM unnest(${sql.param(changeIds)}::uuid[], ${sql.param(ids)}::uuid[]) AS t(change_id, record_id)
    `);
  });
  return performance.now() - started;
}

async function benchKind(kind: DatabaseKind): Promise<BenchResult[]> {
  const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
  const database = await openTestDatabase(kind, { poolSize: 20 });
  const server = await listen(database.db);
  try {
    const worker = await makeUser(database.db);
    const device = newId();

    // Warm up both paths (JIT, prepared plans) on other rows, so neither measurement pays for it.
    const warmup = Array.from({ length: 500 }, () => change());
    await push(server.url, worker, bodies(device, warmup, 500)[0] as string, 500);
    for (const mode of ['text-array', 'json-array'] as const) {
      await rawBulk(
        database.db,
        worker.id,
        device,
        warmup.map((c) => c.payload),
        mode,
      );
    }

    const changes = Array.from({ length: CHANGES }, () => change());
    const payloads = changes.map((c) => c.payload);
    const textArrayMs = await rawBulk(database.db, worker.id, device, payloads, 'text-array');
    const jsonArrayMs = await rawBulk(database.db, worker.id, device, payloads, 'json-array');
    const rawMs = Math.min(textArrayMs, jsonArrayMs);

    const pushes = bodies(device, changes, BATCH);
    const steps = Object.fromEntries(STEPS.map((step) => [step, 0])) as Record<Step, number>;
    const pushStarted = performance.now();
    for (const body of pushes) {
      const pushed = await push(server.url, worker, body, BATCH);
      for (const step of STEPS) steps[step] += pushed.steps[step];
    }
    const pushMs = performance.now() - pushStarted;

    const rawRate = perSecond(CHANGES, rawMs);
    const pushRate = perSecond(CHANGES, pushMs);
    const ratio = Math.round((pushRate / rawRate) * 100) / 100;
    const serverMs = STEPS.reduce((sum, step) => sum + steps[step], 0);
    const breakdown = [
      ...STEPS.map((step) => `${step} ${round1(steps[step])}`),
      `rest (HTTP, sign-in check, device, answer) ${round1(pushMs - serverMs)}`,
    ].join(', ');

    const clients = await Promise.all(Array.from({ length: CLIENTS }, () => makeUser(database.db)));
    const latencies: number[] = [];
    const concurrentStarted = performance.now();
    await Promise.all(
      clients.map(async (client) => {
        const deviceId = newId();
        for (let p = 0; p < PUSHES_PER_CLIENT; p++) {
          const batch = Array.from({ length: CHANGES_PER_CLIENT_PUSH }, () => change());
          const body = JSON.stringify(pushBody(deviceId, batch));
          latencies.push((await push(server.url, client, body, CHANGES_PER_CLIENT_PUSH)).ms);
        }
      }),
    );
    const concurrentMs = performance.now() - concurrentStarted;
    latencies.sort((a, b) => a - b);
    const total = CLIENTS * PUSHES_PER_CLIENT * CHANGES_PER_CLIENT_PUSH;

    return [
      {
        name: `raw bulk insert, one transaction, ${label}`,
        value: rawRate,
        unit: 'records/s',
        note: `(a) ${CHANGES} records + processed-change rows via unnest, plain SQL, no app code, the faster of payloads as text[] (${Math.round(textArrayMs)} ms) and as one JSON array (${Math.round(jsonArrayMs)} ms)`,
      },
      {
        name: `push ingest over HTTP, ${label}`,
        value: pushRate,
        unit: 'records/s',
        note: `(b) ${CHANGES} sign-ups in pushes of ${BATCH} to the real server on a socket: ${Math.round(pushMs)} ms`,
      },
      {
        name: `push / raw bulk ratio, ${label}`,
        value: ratio,
        unit: 'x',
        goal: RATIO_GOAL,
        note: '(b)/(a)',
      },
      {
        name: `push server time by step, ${label}`,
        value: Math.round(serverMs),
        unit: 'ms',
        note: `Server-Timing summed over the ${pushes.length} pushes, ms: ${breakdown}`,
      },
      {
        name: `${CLIENTS} concurrent clients, ${label}`,
        value: perSecond(total, concurrentMs),
        unit: 'records/s',
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
