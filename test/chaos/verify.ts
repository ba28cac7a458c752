// The chaos scenario's end: each worker syncs until their panel says everything is sent (bounded), then the
// server must hold exactly the records made, each once, by the worker who made it, with its last content (a
// sign-up's name, an application's organisation and photos, byte for byte, a check's last override), and the tablet
// must list every worker's sign-ups and applications as sent.
import { createHash } from 'node:crypto';
import type { BrowserContext, Page, Response } from 'playwright-core';
import type { RecordDetail, RecordListItem } from '../../src/shared/console';
import type { TabletWorker } from '../e2e/support/tablet-worker';
import type { ChaosServer } from './chaos-server';
import {
  countShown,
  EVERYTHING_SENT,
  holdNetworkState,
  listedRecords,
  openAs,
  pressSyncNow,
  syncUntilAllSent,
} from './tablet';

export type ExpectedRecord =
  | { type: 'signup'; workerId: string; displayName: string }
  | { type: 'grant-application'; workerId: string; displayName: string; photos: string[] }
  | { type: 'eligibility-check'; workerId: string; overrideReason: string | null };

/** The record types the tablet's list is checked for, each made sent by the end. */
const LISTED_TYPES = ['signup', 'grant-application'] as const;

export interface Expected {
  records: Map<string, ExpectedRecord>;
}

/** Problems are listed at most this many per kind: one lost record or a thousand, the message stays readable. */
const SHOWN_PER_KIND = 10;

function listProblem(problems: string[], what: string, ids: string[]) {
  if (ids.length === 0) return;
  const shown = ids.slice(0, SHOWN_PER_KIND).join(', ');
  problems.push(`${ids.length} ${what}: ${shown}${ids.length > SHOWN_PER_KIND ? ', …' : ''}`);
}

/**
 * The clear-text parts of the tablet's store that tell why a record stays unsent (statuses, versions, waiting
 * changes, the in-flight mark; payloads are sealed): read straight from IndexedDB for the failure message.
 */
async function storeDump(page: Page): Promise<string> {
  return page.evaluate(
    () =>
      new Promise<string>((resolve) => {
        const open = indexedDB.open('anchor-outreach');
        open.onerror = () => resolve('could not open the store');
        open.onsuccess = () => {
          const db = open.result;
          const read = (store: string) =>
            new Promise<unknown[]>((done) => {
              const request = db.transaction(store).objectStore(store).getAll();
              request.onsuccess = () => done(request.result);
              request.onerror = () => done([]);
            });
          const indexed = (store: string, index: string) =>
            new Promise<number>((done) => {
              const request = db.transaction(store).objectStore(store).index(index).count();
              request.onsuccess = () => done(request.result);
              request.onerror = () => done(-1);
            });
          Promise.all([
            read('outbox'),
            read('meta'),
            read('eligibilityChecks'),
            read('signups'),
            indexed('outbox', 'queuedAt'),
            indexed('eligibilityChecks', '[workerId+status+updatedAt]'),
            read('session').catch(() => []),
          ]).then(([outbox, meta, checks, signups, outboxIndexed, checksIndexed]) => {
            const unsent = [...checks, ...signups].filter(
              (row) => (row as { status: string }).status !== 'synced',
            );
            const brief = (rows: unknown[], keys: string[]) =>
              JSON.stringify(
                rows.map((row) =>
                  Object.fromEntries(keys.map((key) => [key, (row as Record<string, unknown>)[key]])),
                ),
              );
            resolve(
              `outbox ${brief(outbox, ['changeId', 'recordId', 'recordVersion', 'baseVersion', 'workerId', 'queuedAt'])}; ` +
                `unsent records ${brief(unsent, ['id', 'type', 'status', 'version', 'serverVersion', 'workerId', 'problem'])}; ` +
                `meta ${JSON.stringify(meta.filter((row) => String((row as { key: string }).key).includes('flight')))}; ` +
                `outbox rows in its queuedAt index ${outboxIndexed} of ${outbox.length}; ` +
                `checks in [workerId+status+updatedAt] ${checksIndexed} of ${checks.length}; ` +
                `unsent updatedAt ${JSON.stringify(unsent.map((row) => (row as { updatedAt: unknown }).updatedAt))}`,
            );
          });
        };
      }),
  );
}

/** Presses Sync now once and reports the API requests the page made in 5 s with their answers (pushes in full). */
async function watchOnePush(page: Page): Promise<string> {
  const seen: Promise<string>[] = [];
  const listener = (response: Response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/')) return;
    const push = url.pathname.endsWith('/sync/push');
    seen.push(
      (async () => {
        const body = push ? (response.request().postData() ?? '').slice(0, 600) : '';
        const answer = push ? (await response.text().catch(() => '?')).slice(0, 600) : '';
        return `${response.request().method()} ${url.pathname} ${response.status()} ${body} -> ${answer}`;
      })(),
    );
  };
  page.on('response', listener);
  await pressSyncNow(page);
  await new Promise((resolve) => setTimeout(resolve, 5_000));
  page.off('response', listener);
  return (await Promise.all(seen)).join(' || ') || 'no API request';
}

/** What the records list says of the worker's records that are not sent (waiting, needing attention, conflict). */
async function unsentOnTablet(page: Page, base: string, worker: TabletWorker): Promise<string> {
  const found: string[] = [];
  for (const type of ['signup', 'eligibility-check'] as const) {
    for (const status of ['ready', 'needs-attention', 'conflict'] as const) {
      await openAs(page, base, `/records?type=${type}&status=${status}`, worker);
      await countShown(page);
      const rows = await page.getByTestId('record-list').locator('tbody tr').allTextContents();
      if (rows.length) found.push(`${type} ${status}: ${rows.join(' | ')}`);
    }
  }
  return found.join('; ') || 'none listed';
}

/** What is wrong with an application's photos on the server: their order, or any photo's bytes. */
async function photoProblems(server: ChaosServer, id: string, want: string[]): Promise<string[]> {
  const detail = await server.record<RecordDetail>(id);
  const held = detail.photos.map((photo) => photo.sha256);
  if (held.join() !== want.join()) return [`${id} has photos ${held.join()}, made with ${want.join()}`];
  const problems: string[] = [];
  for (const sha256 of held) {
    const bytes = await server.photo(sha256).catch(() => null);
    const hash = bytes && createHash('sha256').update(bytes).digest('hex');
    if (hash !== sha256) problems.push(`${id}'s photo ${sha256} reads back as ${hash ?? 'missing'}`);
  }
  return problems;
}

export async function verifyEverythingSent(run: {
  server: ChaosServer;
  context: BrowserContext;
  page: Page;
  expected: Expected;
  workers: { worker: TabletWorker; id: string }[];
  finalSyncMs: number;
  log: (line: string) => void;
}): Promise<void> {
  const { server, context, page, expected, log } = run;
  const problems: string[] = [];

  for (const { worker } of run.workers) {
    await openAs(page, server.url, '/', worker);
    await holdNetworkState(context, page, false);
    const stuck = await syncUntilAllSent(page, run.finalSyncMs);
    log(`${worker.username}: ${stuck ?? EVERYTHING_SENT}`);
    if (stuck) {
      problems.push(
        `${worker.username}'s panel still says "${stuck}" after ${run.finalSyncMs} ms online (workers ${JSON.stringify(run.workers.map((w) => [w.worker.username, w.id]))})`,
      );
      problems.push(`  on the tablet: ${await storeDump(page)}`);
      problems.push(`  one more Sync now: ${await watchOnePush(page)}`);
      problems.push(`  listed: ${await unsentOnTablet(page, server.url, worker)}`);
    }
  }

  // The tablet: each worker's panel and list, after every worker has synced.
  for (const { worker, id } of run.workers) {
    for (const type of LISTED_TYPES) {
      const made = [...expected.records.values()].filter(
        (record) => record.type === type && record.workerId === id,
      ).length;
      const sent = await listedRecords(page, server.url, worker, type, 'synced');
      const waiting = await listedRecords(page, server.url, worker, type, 'ready');
      if (sent !== made || waiting !== 0)
        problems.push(
          `${worker.username}'s tablet lists ${sent} ${type}s sent and ${waiting} waiting; made ${made}`,
        );
    }
  }

  // The server: exactly the records made, each once, whose they are, with their last content.
  const held: RecordListItem[] = [
    ...(await server.records('signup')),
    ...(await server.records('grant-application')),
    ...(await server.records('eligibility-check')),
  ];
  const seen = new Map<string, number>();
  for (const item of held) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
  listProblem(
    problems,
    'records held more than once by the server',
    [...seen].filter(([, count]) => count > 1).map(([id]) => id),
  );
  listProblem(
    problems,
    'records made on the tablet but missing on the server',
    [...expected.records.keys()].filter((id) => !seen.has(id)),
  );
  listProblem(
    problems,
    'records on the server nobody made',
    [...seen.keys()].filter((id) => !expected.records.has(id)),
  );
  const wrong: string[] = [];
  for (const item of held) {
    const want = expected.records.get(item.id);
    if (!want) continue;
    if (item.workerId !== want.workerId) wrong.push(`${item.id} is ${item.workerName}'s`);
    if (want.type !== 'eligibility-check' && item.displayName !== want.displayName)
      wrong.push(`${item.id} is named "${item.displayName}", made as "${want.displayName}"`);
    if (want.type === 'grant-application') wrong.push(...(await photoProblems(server, item.id, want.photos)));
    if (want.type === 'eligibility-check') {
      const detail = await server.record<RecordDetail>(item.id);
      const override = (detail.record.payload as { override?: { reason: string } | null }).override;
      if ((override?.reason ?? null) !== want.overrideReason)
        wrong.push(
          `${item.id} has override "${override?.reason ?? 'none'}", last saved "${want.overrideReason ?? 'none'}"`,
        );
    }
  }
  listProblem(problems, 'records on the server with other content than the last made', wrong);
  log(`server holds ${held.length} records; ${expected.records.size} made`);
  if (problems.length > 0) throw new Error(`the end state is wrong:\n${problems.join('\n')}`);
}
