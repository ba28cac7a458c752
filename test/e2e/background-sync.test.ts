// Real Chromium against npm start: with the app closed, a Background Sync event makes the service worker send
// the records left waiting (the event is dispatched through the DevTools protocol, as the browser would on
// reconnecting).
import { describe, expect, it } from 'vitest';
import { backupWithSignups, restoreOnBackupScreen } from './support/backup-file';
import { openSignedIn, serverSignupIds, useNpmStartInChromium } from './support/npm-start';
import { backgroundSyncFirer } from './support/offline-records';

const harness = useNpmStartInChromium();

describe('Background Sync', () => {
  it('sends waiting records from the service worker while no page of the app is open', async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);

    await context.setOffline(true);
    const backup = await backupWithSignups(['Ada', 'Grace', 'Mary'], {
      status: 'ready',
      workerId: app.workerId,
    });
    await page.goto(`${app.url}/backup`);
    await restoreOnBackupScreen(page, backup.text);

    // A page of another origin keeps a DevTools session open; the app's own page closes.
    const fireBackgroundSync = await backgroundSyncFirer(context, app);
    // Nothing has been sent: the records were made offline. From here the app's page is closed, so whatever
    // sends them is the service worker (on the browser's own sync event or the one dispatched below).
    expect(await serverSignupIds(app)).toEqual([]);
    await page.close();
    await context.setOffline(false);

    await fireBackgroundSync();
    for (let i = 0; i < 100 && (await serverSignupIds(app)).length < 3; i++)
      await new Promise((r) => setTimeout(r, 200));
    expect((await serverSignupIds(app)).sort()).toEqual([...backup.ids].sort());
  });
});
