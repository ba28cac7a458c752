// For sync browser tests: records made offline and waiting to send, and Background Sync events fired at the app's
// service worker through the DevTools protocol, as the browser fires them when a connection returns.
import type { BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { backupWithSignups, restoreOnBackupScreen } from './backup-file';
import type { RunningApp } from './npm-start';
import { gotoAndUnlock } from './tablet-worker';

/**
 * Restores `count` finished sign-ups from a backup file while offline: records the signed-in worker made offline,
 * waiting to send (a restore imports records as the unlocked worker's, so the file names that worker).
 */
export async function recordsMadeOffline(
  app: RunningApp,
  page: Page,
  context: BrowserContext,
  count: number,
) {
  await context.setOffline(true);
  const backup = await backupWithSignups(
    Array.from({ length: count }, (_, i) => `Resident ${i + 1}`),
    { status: 'ready', workerId: app.workerId },
  );
  // A new page starts locked: the worker unlocks it with their passcode, offline.
  await gotoAndUnlock(page, `${app.url}/backup`);
  await restoreOnBackupScreen(page, backup.text);
  await page.getByTestId('waiting-tag').getByText(`${count} to send`).waitFor();
  return backup.ids;
}

/**
 * Watches the app's service worker registration from a page of another origin (which stays open when the app's
 * pages close) and returns a function that fires a Background Sync event at it.
 */
export async function backgroundSyncFirer(context: BrowserContext, app: RunningApp) {
  const observer = await context.newPage();
  await observer.goto('about:blank');
  const cdp = await context.newCDPSession(observer);
  const registrations: { registrationId: string; scopeURL: string }[] = [];
  cdp.on('ServiceWorker.workerRegistrationUpdated', (event) => registrations.push(...event.registrations));
  await cdp.send('ServiceWorker.enable');
  for (let i = 0; i < 50 && !registrations.some((r) => r.scopeURL.startsWith(app.url)); i++)
    await new Promise((r) => setTimeout(r, 100));
  const registration = registrations.find((r) => r.scopeURL.startsWith(app.url));
  expect(registration).toBeTruthy();
  return () =>
    cdp.send('ServiceWorker.dispatchSyncEvent', {
      origin: app.url,
      registrationId: registration?.registrationId as string,
      tag: 'anchor-outreach-sync',
      lastChance: false,
    });
}
