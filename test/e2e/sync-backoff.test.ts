// Real Chromium against `npm start` behind a proxy: with the server unreachable for 60 s the page makes one attempt
// per backoff step whatever fires (online events, the tab shown, Background Sync); a refusal for good stops the
// loop and tells the worker what to do.
import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openSignedIn, type RunningApp, serverSignupIds, useNpmStartInChromium } from './support/npm-start';
import { backgroundSyncFirer, recordsMadeOffline } from './support/offline-records';
import { gotoAndUnlock } from './support/tablet-worker';

const harness = useNpmStartInChromium();

const PUSH = '/api/v1/sync/push';
const UNREACHABLE_MS = 60_000;
/** Waits of at least 0.5, 1, 2, 4, 8, 16 and 32 s (the lower half of each backoff step): 7 attempts fit in 60 s. */
const MOST_ATTEMPTS_IN_60_S = 7;

async function waitingRecords(app: RunningApp, page: Page, context: BrowserContext, count: number) {
  const ids = await recordsMadeOffline(app, page, context, count);
  await gotoAndUnlock(page, `${app.url}/`);
  return ids;
}

/** Every automatic trigger the page listens to, fired again and again for `ms`. */
async function fireTriggersFor(page: Page, fireBackgroundSync: () => Promise<unknown>, ms: number) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    await page.evaluate(() => {
      window.dispatchEvent(new Event('online'));
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await fireBackgroundSync().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('sync backoff and refusals in Chromium against npm start', () => {
  it('makes one attempt per backoff step while the server is unreachable for 60 s, then sends once', {
    timeout: 180_000,
  }, async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);
    const ids = await waitingRecords(app, page, context, 3);
    const fireBackgroundSync = await backgroundSyncFirer(context, app);
    app.setApiMode('unreachable');
    app.apiRequests.clear();
    // The page's own requests (Chromium itself retries a POST once when a connection drops without an answer, so
    // the proxy may see each attempt twice).
    const pageRequests: string[] = [];
    const count = (request: { url(): string }) => pageRequests.push(new URL(request.url()).pathname);
    page.on('request', count);
    await context.setOffline(false);
    await fireTriggersFor(page, fireBackgroundSync, UNREACHABLE_MS);
    page.off('request', count);

    const attempts = pageRequests.filter((path) => path === PUSH).length;
    expect(attempts).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeLessThanOrEqual(MOST_ATTEMPTS_IN_60_S);
    expect(pageRequests.filter((path) => path.startsWith('/api/'))).toHaveLength(attempts);
    expect(app.apiRequests.get(PUSH) ?? 0).toBeLessThanOrEqual(2 * attempts);
    expect(await page.getByTestId('sync-retry').textContent()).toMatch(/Trying again automatically at/);
    expect(await page.getByTestId('waiting-tag').textContent()).toBe('3 to send');

    // A person pressing Sync now skips the wait.
    app.setApiMode('pass');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await page
      .getByText('Everything on this tablet has reached the central team.')
      .waitFor({ timeout: 30_000 });
    expect((await serverSignupIds(app)).sort()).toEqual([...ids].sort());
  });

  for (const refusal of [
    {
      status: 400,
      code: 'protocol-version-unsupported',
      message: 'Update the app: this server speaks another protocol.',
      heading: 'Update the app to send records',
    },
    {
      status: 403,
      code: 'device-belongs-to-another-worker',
      message: 'This device is registered to another worker.',
      heading: 'This tablet is registered to another worker',
    },
  ]) {
    it(`stops on ${refusal.code} and tells the worker what to do`, { timeout: 120_000 }, async () => {
      const { app, browser } = harness;
      const { page, context } = browser;
      await openSignedIn(page, app);
      await waitingRecords(app, page, context, 2);
      const fireBackgroundSync = await backgroundSyncFirer(context, app);
      app.setApiMode({ status: refusal.status, code: refusal.code, message: refusal.message });
      app.apiRequests.clear();
      await context.setOffline(false);
      await page.getByRole('heading', { name: refusal.heading }).waitFor({ timeout: 30_000 });
      await fireTriggersFor(page, fireBackgroundSync, 10_000);
      expect(app.apiRequests.get(PUSH)).toBe(1);
      expect(await page.getByTestId('sync-refusal').textContent()).toContain('kept safely on this tablet');
      expect(await page.getByTestId('waiting-tag').textContent()).toBe('2 to send');
    });
  }
});
