// Real Chromium against `npm start`: records made offline reach the server exactly once when the connection
// returns; a page closed mid-sync finishes later without duplicates; a failing server is waited out; two tabs.
import { describe, expect, it } from 'vitest';
import { openSignedIn, type RunningApp, serverSignupIds, useNpmStartInChromium } from './support/npm-start';
import { recordsMadeOffline } from './support/offline-records';
import { gotoAndUnlock } from './support/tablet-worker';

const harness = useNpmStartInChromium();

const EVERYTHING_SENT = 'Everything on this tablet has reached the central team.';

async function expectOnServerOnce(app: RunningApp, ids: string[]) {
  const onServer = await serverSignupIds(app);
  expect(onServer.length).toBe(new Set(onServer).size);
  for (const id of ids) expect(onServer.filter((serverId) => serverId === id)).toHaveLength(1);
  expect(onServer).toHaveLength(ids.length);
}

describe('sync in Chromium against npm start', () => {
  it('sends 20 records made offline once the connection returns, each exactly once', async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);
    const ids = await recordsMadeOffline(app, page, context, 20);
    await gotoAndUnlock(page, `${app.url}/`);
    expect(await page.getByTestId('sync-state').textContent()).toBe('20 records are waiting to be sent.');

    await context.setOffline(false);
    await page.getByText(EVERYTHING_SENT).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('waiting-tag').count()).toBe(0);
    expect(await page.getByTestId('last-sync').textContent()).toMatch(/^Last sent successfully/);
    await expectOnServerOnce(app, ids);
  });

  it('finishes a sync the page was closed in the middle of, without duplicates', {
    timeout: 180_000,
  }, async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);
    const ids = await recordsMadeOffline(app, page, context, 5000);
    await gotoAndUnlock(page, `${app.url}/`);
    app.apiRequests.clear();
    // The first push (2,000) is answered; the second reaches the server, which applies it, but its answer never
    // comes back; the page closes while waiting for it.
    app.holdAnswers({ path: '/api/v1/sync/push', answered: 1 });
    await context.setOffline(false);
    await page.getByText('Sending: 2000 of 5000 sent.').waitFor({ timeout: 60_000 });
    for (let i = 0; i < 100 && (app.apiRequests.get('/api/v1/sync/push') ?? 0) < 2; i++)
      await new Promise((r) => setTimeout(r, 100));
    await page.close();
    app.holdAnswers(null);
    const partWay = (await serverSignupIds(app)).length;
    expect(partWay).toBeGreaterThan(0);
    expect(partWay).toBeLessThan(5000);

    // A new page starts locked; unlocking it resumes the sync.
    const again = await context.newPage();
    await gotoAndUnlock(again, app.url);
    await again.getByText(EVERYTHING_SENT).waitFor({ timeout: 120_000 });
    await expectOnServerOnce(app, ids);
  });

  it('waits out a server answering 500, keeping every record, then sends them once', async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);
    const ids = await recordsMadeOffline(app, page, context, 5);
    await gotoAndUnlock(page, `${app.url}/`);
    app.failApi(true);
    await context.setOffline(false);
    await page
      .getByText(/^The central team’s server did not answer\. Trying again automatically at /)
      .waitFor();
    // Still all waiting (the header counts the outbox, whether or not a retry is running at this moment).
    expect(await page.getByTestId('waiting-tag').textContent()).toBe('5 to send');
    const failedPushes = app.apiRequests.get('/api/v1/sync/push') ?? 0;
    expect(failedPushes).toBeGreaterThan(0);

    app.failApi(false);
    await page.getByText(EVERYTHING_SENT).waitFor({ timeout: 30_000 });
    await expectOnServerOnce(app, ids);
  });

  it('works with two tabs open at once: one syncs, both see the result, nothing twice', async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);
    const ids = await recordsMadeOffline(app, page, context, 40);
    await gotoAndUnlock(page, `${app.url}/`);
    const second = await context.newPage();
    await gotoAndUnlock(second, app.url);
    await second.getByTestId('waiting-tag').getByText('40 to send').waitFor();

    await context.setOffline(false);
    await Promise.all([
      page.getByText(EVERYTHING_SENT).waitFor({ timeout: 30_000 }),
      second.getByText(EVERYTHING_SENT).waitFor({ timeout: 30_000 }),
    ]);
    await expectOnServerOnce(app, ids);
  });
});
