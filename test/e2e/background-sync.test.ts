// Real Chromium against npm start: Background Sync events (dispatched through the DevTools protocol, as the browser
// dispatches them on reconnecting). Records are sealed under the worker's key, which lives only in an unlocked
// page's memory: with every page of the app closed the service worker can send nothing and the records wait; with
// an unlocked page open, the event makes that page send them.
import { describe, expect, it } from 'vitest';
import { backupWithSignups, restoreOnBackupScreen } from './support/backup-file';
import { openSignedIn, serverSignupIds, useNpmStartInChromium } from './support/npm-start';
import { backgroundSyncFirer, recordsMadeOffline } from './support/offline-records';
import { gotoAndUnlock } from './support/tablet-worker';

const harness = useNpmStartInChromium();

const PUSH = '/api/v1/sync/push';
const EVERYTHING_SENT = 'Everything on this tablet has reached the central team.';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Background Sync', () => {
  // Sign-in, two unlocks (PBKDF2) and npm start on a shared two-core machine: more than the default minute.
  it('sends nothing while no page of the app is open, leaving the records waiting for the next unlock', {
    timeout: 120_000,
  }, async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);
    const ids = await recordsMadeOffline(app, page, context, 3);

    // A page of another origin keeps a DevTools session open; the app's own page closes, and with it the key.
    const fireBackgroundSync = await backgroundSyncFirer(context, app);
    expect(await serverSignupIds(app)).toEqual([]);
    await page.close();
    await context.setOffline(false);
    app.apiRequests.clear();

    await fireBackgroundSync();
    await pause(3000);
    expect(app.apiRequests.get(PUSH) ?? 0).toBe(0);
    expect(await serverSignupIds(app)).toEqual([]);

    // Still waiting on the tablet: the next page, once unlocked, sends them.
    const again = await context.newPage();
    await gotoAndUnlock(again, app.url);
    await again.getByText(EVERYTHING_SENT).waitFor({ timeout: 30_000 });
    expect((await serverSignupIds(app)).sort()).toEqual([...ids].sort());
  });

  it('makes an open, unlocked page send the records waiting', { timeout: 120_000 }, async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    // Signed in and synced (nothing waiting, so no sync is pending on any timer).
    await openSignedIn(page, app);
    await page.getByText(EVERYTHING_SENT).waitFor({ timeout: 30_000 });
    const fireBackgroundSync = await backgroundSyncFirer(context, app);

    // Records arrive while online without any of the page's own triggers (a restore, on the same page).
    app.apiRequests.clear();
    const backup = await backupWithSignups(['Ada', 'Grace', 'Mary'], {
      status: 'ready',
      workerId: app.workerId,
    });
    await page.getByRole('link', { name: 'Backup', exact: true }).first().click();
    await restoreOnBackupScreen(page, backup.text);
    await page.getByTestId('waiting-tag').getByText('3 to send').waitFor();
    await pause(2000);
    expect(app.apiRequests.get(PUSH) ?? 0).toBe(0);

    await fireBackgroundSync();
    for (let i = 0; i < 100 && (await serverSignupIds(app)).length < 3; i++) await pause(200);
    expect((await serverSignupIds(app)).sort()).toEqual([...backup.ids].sort());
    expect(app.apiRequests.get(PUSH)).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('waiting-tag').count(), { timeout: 30_000 }).toBe(0);
  });
});
