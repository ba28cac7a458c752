// Benchmark: 10,000 waiting records pushed from Chromium to the local server (npm start), end to end.
import { backupWithSignups, restoreOnBackupScreen } from '../e2e/support/backup-file';
import { launchBrowser } from '../e2e/support/browser';
import { openSignedIn, serverSignupIds, startWithNpm } from '../e2e/support/npm-start';
import type { BenchResult } from './result';

const RECORDS = 10_000;

export async function chromiumPush(): Promise<BenchResult[]> {
  const app = await startWithNpm();
  const browser = await launchBrowser();
  try {
    const { page, context } = browser;
    await openSignedIn(page, app);

    // The records wait on the tablet first (restored offline from a backup file of finished sign-ups).
    await context.setOffline(true);
    const backup = await backupWithSignups(
      Array.from({ length: RECORDS }, (_, i) => `Resident ${i + 1}`),
      { status: 'ready' },
    );
    await page.goto(`${app.url}/backup`);
    const restoreStarted = performance.now();
    await restoreOnBackupScreen(page, backup.text, 300_000);
    const restoreMs = performance.now() - restoreStarted;
    await page.goto(`${app.url}/`);
    await page.getByText(`${RECORDS} records are waiting to be sent.`).waitFor({ timeout: 60_000 });

    const started = performance.now();
    await context.setOffline(false);
    await page
      .getByText('Everything on this tablet has reached the central team.')
      .waitFor({ timeout: 600_000 });
    const pushMs = performance.now() - started;
    const onServer = await serverSignupIds(app);
    if (onServer.length !== RECORDS || new Set(onServer).size !== RECORDS) {
      throw new Error(`expected ${RECORDS} records on the server once each, found ${onServer.length}`);
    }
    return [
      {
        name: `${RECORDS} waiting records pushed from Chromium to npm start (PGlite), end to end`,
        value: Math.round((RECORDS / pushMs) * 1000),
        unit: 'records/s',
        note: `${(pushMs / 1000).toFixed(1)} s from going online to everything sent; checked on the server once each`,
      },
      {
        name: `restoring ${RECORDS} records from a backup file in Chromium`,
        value: Math.round((RECORDS / restoreMs) * 1000),
        unit: 'records/s',
        note: `${(backup.text.length / 1e6).toFixed(1)} MB file`,
      },
    ];
  } finally {
    await browser.close();
    await app.stop();
  }
}
