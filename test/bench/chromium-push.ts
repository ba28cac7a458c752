// Benchmark: 10,000 waiting records pushed from Chromium to the local server (npm start), end to end, on PGlite and
// on PostgreSQL, with where the time goes: the sync engine's spans and CPU profiles of the page and the server.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SYNC_SPANS } from '../../src/app/sync/engine';
import { backupWithSignups, restoreOnBackupScreen } from '../e2e/support/backup-file';
import { launchBrowser } from '../e2e/support/browser';
import { openSignedIn, serverSignupIds, startWithNpm } from '../e2e/support/npm-start';
import { gotoAndUnlock } from '../e2e/support/tablet-worker';
import { type CpuProfile, formatShares, largestProfileIn, summariseProfile } from './cpu-profile';
import { RAW_BATCH, rawIndexedDbBatch } from './raw-indexeddb';
import type { BenchResult } from './result';

const RECORDS = 10_000;
/** The goals of the issue "Sync that never hammers…", on this 2-core machine. */
const GOAL_RECORDS_PER_S = { pglite: 2_000, postgres: 3_000 } as const;

type Kind = keyof typeof GOAL_RECORDS_PER_S;

async function pushOnce(kind: Kind, postgresUrl?: string): Promise<BenchResult[]> {
  const profileDir = await mkdtemp(join(tmpdir(), 'anchor-server-profile-'));
  const app = await startWithNpm({
    cpuProfileDir: profileDir,
    ...(postgresUrl ? { postgresUrl } : {}),
  });
  const browser = await launchBrowser();
  let serverProfile: CpuProfile | null = null;
  try {
    const { page, context } = browser;
    await openSignedIn(page, app);

    // The records wait on the tablet first (restored offline from a backup file of finished sign-ups).
    await context.setOffline(true);
    const backup = await backupWithSignups(
      Array.from({ length: RECORDS }, (_, i) => `Resident ${i + 1}`),
      { status: 'ready', workerId: app.workerId },
    );
    // Each new page starts locked: the worker unlocks with their passcode, offline.
    await gotoAndUnlock(page, `${app.url}/backup`);
    const restoreStarted = performance.now();
    await restoreOnBackupScreen(page, backup.text, 300_000);
    const restoreMs = performance.now() - restoreStarted;
    await gotoAndUnlock(page, `${app.url}/`);
    await page.getByText(`${RECORDS} records are waiting to be sent.`).waitFor({ timeout: 60_000 });

    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.start');
    await page.evaluate(() => performance.clearMeasures());
    const started = performance.now();
    await context.setOffline(false);
    await page
      .getByText('Everything on this tablet has reached the central team.')
      .waitFor({ timeout: 600_000 });
    const pushMs = performance.now() - started;
    const { profile: pageProfile } = (await cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
    const spans = await page.evaluate(
      (names) =>
        Object.fromEntries(
          Object.values(names).map((name) => [
            name,
            performance
              .getEntriesByName(name, 'measure')
              .map((entry) => entry.duration)
              .reduce((sum, ms) => sum + ms, 0),
          ]),
        ),
      SYNC_SPANS,
    );
    const batches = await page.evaluate(
      (name) => performance.getEntriesByName(name, 'measure').length,
      SYNC_SPANS.push,
    );

    // The same page, after the run: the least store work a batch needs, in plain IndexedDB.
    const raw = await rawIndexedDbBatch(page);
    const onServer = await serverSignupIds(app);
    if (onServer.length !== RECORDS || new Set(onServer).size !== RECORDS) {
      throw new Error(`expected ${RECORDS} records on the server once each, found ${onServer.length}`);
    }
    await browser.close();
    await app.stop();
    serverProfile = await largestProfileIn(profileDir);
    const label = kind === 'pglite' ? 'PGlite' : 'PostgreSQL';
    const rate = Math.round((RECORDS / pushMs) * 1000);
    const ms = (name: string) => Math.round(spans[name] ?? 0);
    return [
      {
        name: `(c) ${RECORDS} waiting records pushed from Chromium to npm start (${label}), end to end`,
        value: rate,
        unit: 'records/s',
        goal: { op: '>=', target: GOAL_RECORDS_PER_S[kind] },
        note:
          `${(pushMs / 1000).toFixed(1)} s from going online to everything sent, ${batches} pushes; ` +
          `checked on the server once each. Engine spans (overlapping: the next batch is read during a push): ` +
          `take ${ms(SYNC_SPANS.take)} ms, push ${ms(SYNC_SPANS.push)} ms, apply ${ms(SYNC_SPANS.apply)} ms. ` +
          `Page CPU: ${formatShares(summariseProfile(pageProfile, 6))}. ` +
          `Server CPU: ${serverProfile ? formatShares(summariseProfile(serverProfile, 6)) : 'no profile'}`,
      },
      {
        name: `raw IndexedDB floor: one batch's store work for ${RAW_BATCH} records in the same page (${label} run)`,
        value: Math.round((RAW_BATCH / raw.batchMs) * 1000),
        unit: 'records/s',
        note:
          `baseline for (c): plain IndexedDB, no Dexie, no app code, on copies of a stored sign-up; ` +
          `read ${RAW_BATCH} changes ${Math.round(raw.readChangesMs)} ms, read the records ` +
          `${Math.round(raw.readRecordsMs)} ms, rewrite them (3 indexes) ${Math.round(raw.writeRecordsMs)} ms, ` +
          `delete the changes ${Math.round(raw.deleteChangesMs)} ms; (c) reaches ` +
          `${((100 * rate) / ((RAW_BATCH / raw.batchMs) * 1000)).toFixed(0)}% of it`,
      },
      {
        name: `restoring ${RECORDS} records from a backup file in Chromium (${label} run)`,
        value: Math.round((RECORDS / restoreMs) * 1000),
        unit: 'records/s',
        note: `${(backup.text.length / 1e6).toFixed(1)} MB file`,
      },
    ];
  } finally {
    await browser.close().catch(() => undefined);
    await app.stop().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true });
  }
}

export async function chromiumPush(): Promise<BenchResult[]> {
  const postgresUrl = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  return [...(await pushOnce('pglite')), ...(postgresUrl ? await pushOnce('postgres', postgresUrl) : [])];
}
