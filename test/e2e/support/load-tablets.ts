// Simulated tablets for the load test and benchmark: many HTTP clients speaking the real sync protocol at once
// (sign-in bound to a device, pushes in batches, retries of what failed with the same changeIds), and a check that
// the database holds exactly what they made.
import type { PushResponse } from '../../../src/shared/api';
import { newId } from '../../../src/shared/ids';
import { pushBody, signupPayload } from '../../server/support/api';
import type { Queryable, RunningApp } from './npm-start';

export interface LoadOptions {
  tablets: number;
  recordsPerTablet: number;
  /** New records per push; a tablet's pushes go one after the other, as the app sends its batches. */
  pushSize: number;
  /** Every `editEvery`-th record of a tablet's first push is edited again in its last push (0: no edits). */
  editEvery: number;
  /**
   * Restart this server instance once a quarter of all pushes have been answered. Every tablet's last push waits
   * until the restarted server is back in the proxy's list, so it serves part of the run's end.
   */
  restartInstance?: number;
}

/** Tablets share worker accounts (a worker may sign in on many tablets); each tablet is a device id. */
const WORKER_ACCOUNTS = 10;
const LOAD_PASSWORD = 'a long load test passphrase';
/** Retries of a push or sign-in that failed without an answer (network, 5xx), as the app retries. */
const MAX_ATTEMPTS = 60;
const RETRY_STEP_MS = 50;
const RETRY_MAX_MS = 1_000;
/** Share of all pushes answered before the restart begins. */
const RESTART_AT = 0.25;

/** One change as the tablet keeps it until it is answered. */
interface SentChange {
  changeId: string;
  recordId: string;
  payload: unknown;
}

export interface LoadOutcome {
  /** Every change sent, by changeId, with the status its (last) answer gave. */
  statuses: Map<string, string>;
  /** The content each record should have on the server (its last change), by record id. */
  expected: Map<string, { payload: unknown; version: number }>;
  changes: number;
  pushes: number;
  /** Push attempts that failed without an answer and were sent again. */
  retries: number;
  /** Time from a push's first attempt to its answer, ms, sorted. */
  latenciesMs: number[];
  /** From the first push to the last answer. */
  pushingMs: number;
  /** The restarted instance's new address, when one was restarted. */
  restartedUrl: string | null;
}

/** How many changes a run sends: every record once, plus the edits. */
export function changesSent(options: LoadOptions): number {
  const pushes = Math.ceil(options.recordsPerTablet / options.pushSize);
  const firstPush = Math.min(options.pushSize, options.recordsPerTablet);
  const edits = options.editEvery > 0 && pushes > 1 ? Math.ceil(firstPush / options.editEvery) : 0;
  return options.tablets * (options.recordsPerTablet + edits);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const backoff = (attempt: number) => Math.min(RETRY_MAX_MS, RETRY_STEP_MS * attempt) * (0.5 + Math.random());

/** Sends a request until it gets an answer below 500 (a 5xx or a dropped connection says nothing was done). */
async function withRetries(send: () => Promise<Response>, onRetry: () => void): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    const response = await send().catch(() => null);
    if (response && response.status < 500) return response;
    await response?.body?.cancel();
    if (attempt >= MAX_ATTEMPTS) throw new Error(`no answer after ${MAX_ATTEMPTS} attempts`);
    onRetry();
    await sleep(backoff(attempt));
  }
}

const json = (body: unknown, token?: string): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: JSON.stringify(body),
});

/** Makes the worker accounts through the coordinator's accounts API. */
async function createWorkers(app: RunningApp, count: number): Promise<string[]> {
  const stamp = Date.now().toString(36);
  const usernames = Array.from({ length: count }, (_, i) => `load${i}-${stamp}`);
  await Promise.all(
    usernames.map(async (username) => {
      const response = await withRetries(
        () =>
          fetch(
            `${app.url}/api/v1/accounts`,
            json({ username, password: LOAD_PASSWORD, role: 'worker' }, app.coordinatorToken),
          ),
        () => undefined,
      );
      if (response.status !== 201)
        throw new Error(`creating ${username}: HTTP ${response.status} ${await response.text()}`);
    }),
  );
  return usernames;
}

/** Runs the tablets through the app's proxy; throws if any push is refused or any change is not applied. */
export async function runTablets(app: RunningApp, options: LoadOptions): Promise<LoadOutcome> {
  const usernames = await createWorkers(app, Math.min(WORKER_ACCOUNTS, options.tablets));
  const statuses = new Map<string, string>();
  const expected = new Map<string, { payload: unknown; version: number }>();
  const latenciesMs: number[] = [];
  let retries = 0;
  const countRetry = () => {
    retries += 1;
  };
  const pushesPerTablet = Math.ceil(options.recordsPerTablet / options.pushSize);
  const totalPushes = options.tablets * pushesPerTablet;
  let answered = 0;
  let restarted: Promise<void> | null = null;
  let restartedUrl: string | null = null;
  const restartIndex = options.restartInstance;
  const maybeRestart = () => {
    if (restartIndex === undefined || restarted || answered < totalPushes * RESTART_AT) return;
    restarted = app.restartInstance(restartIndex).then(() => {
      restartedUrl = app.instances[restartIndex] ?? null;
    });
  };

  // Sign every tablet in first: each is a device with a token bound to it.
  const tablets = await Promise.all(
    Array.from({ length: options.tablets }, async (_, t) => {
      const deviceId = newId();
      const response = await withRetries(
        () =>
          fetch(
            `${app.url}/api/v1/auth/login`,
            json({ username: usernames[t % usernames.length], password: LOAD_PASSWORD, deviceId }),
          ),
        countRetry,
      );
      if (response.status !== 200)
        throw new Error(`sign-in: HTTP ${response.status} ${await response.text()}`);
      const { token } = (await response.json()) as { token: string };
      return { t, deviceId, token };
    }),
  );

  const pushingStarted = performance.now();
  await Promise.all(
    tablets.map(async ({ t, deviceId, token }) => {
      let firstPush: SentChange[] = [];
      for (let p = 0; p < pushesPerTablet; p++) {
        const last = p === pushesPerTablet - 1;
        const from = p * options.pushSize;
        const count = Math.min(options.pushSize, options.recordsPerTablet - from);
        const batch: SentChange[] = Array.from({ length: count }, (_, r) => ({
          changeId: newId(),
          recordId: newId(),
          payload: signupPayload({ firstName: `Tablet${t}`, lastName: `Record${from + r}` }),
        }));
        const edits: SentChange[] =
          last && options.editEvery > 0 && pushesPerTablet > 1
            ? firstPush
                .filter((_, r) => r % options.editEvery === 0)
                .map((sent) => ({
                  changeId: newId(),
                  recordId: sent.recordId,
                  payload: signupPayload({ firstName: `Tablet${t}`, lastName: 'Edited' }),
                }))
            : [];
        if (p === 0) firstPush = batch;
        const now = new Date().toISOString();
        const changes = [
          ...batch.map((c) => ({ ...c, recordType: 'signup', baseVersion: 0, clientUpdatedAt: now })),
          ...edits.map((c) => ({ ...c, recordType: 'signup', baseVersion: 1, clientUpdatedAt: now })),
        ];
        for (const c of batch) expected.set(c.recordId, { payload: c.payload, version: 1 });
        for (const c of edits) expected.set(c.recordId, { payload: c.payload, version: 2 });
        // The last push waits for a restarted server to be back, so both servers serve the end of the run.
        if (last && restarted) await restarted;
        // Serialized once, as the tablet has it: a retry sends the same changeIds.
        const body = JSON.stringify(pushBody(deviceId, changes));
        const started = performance.now();
        const response = await withRetries(
          () =>
            fetch(`${app.url}/api/v1/sync/push`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
              body,
            }),
          countRetry,
        );
        if (response.status !== 200)
          throw new Error(`push: HTTP ${response.status} ${await response.text()}`);
        const answer = (await response.json()) as PushResponse;
        latenciesMs.push(performance.now() - started);
        for (const result of answer.results) statuses.set(result.changeId ?? 'null', result.status);
        answered += 1;
        maybeRestart();
      }
    }),
  );
  const pushingMs = performance.now() - pushingStarted;
  if (restarted) await restarted;
  latenciesMs.sort((a, b) => a - b);
  return {
    statuses,
    expected,
    changes: statuses.size,
    pushes: totalPushes,
    retries,
    latenciesMs,
    pushingMs,
    restartedUrl,
  };
}

export interface StoredCheck {
  /** Sign-up rows on the server. */
  records: number;
  /** Distinct ids among them. */
  distinct: number;
  /** Records expected but missing, unexpected, at another version, or with other content. */
  wrong: string[];
  /** Rows in processed_changes: one per change applied, whatever the retries. */
  processedChanges: number;
}

/** Compares the server's sign-ups with what the tablets made: each once, at its version, with its last content. */
export async function checkStored(db: Queryable, outcome: LoadOutcome): Promise<StoredCheck> {
  const { rows } = await db.query<{ id: string; version: number; payload: unknown }>(
    `SELECT id, version, payload FROM records WHERE type = 'signup'`,
  );
  const wrong: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    seen.add(row.id);
    const want = outcome.expected.get(row.id);
    if (!want) wrong.push(`${row.id}: not made by a tablet`);
    else if (row.version !== want.version)
      wrong.push(`${row.id}: version ${row.version}, expected ${want.version}`);
    else if (JSON.stringify(sortKeys(row.payload)) !== JSON.stringify(sortKeys(want.payload)))
      wrong.push(`${row.id}: other content`);
  }
  for (const id of outcome.expected.keys()) if (!seen.has(id)) wrong.push(`${id}: missing`);
  const processed = await db.query<{ count: string | number }>(
    'SELECT count(*) AS count FROM processed_changes',
  );
  return {
    records: rows.length,
    distinct: seen.size,
    wrong: wrong.slice(0, 20),
    processedChanges: Number(processed.rows[0]?.count ?? 0),
  };
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, sortKeys(v)]),
    );
  return value;
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0;
