// Real Chromium: a new version waits for the worker ("A new version is available", Reload) and never reloads by itself.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { precompress } from '../../scripts/precompress';
import { waitForOfflineReady } from './support/browser';
import { useAppInChromium } from './support/harness';
import { signInOnTablet, unlockTablet } from './support/tablet-worker';

const app = useAppInChromium();

describe('update flow', () => {
  it('offers the new version, keeps the page until Reload is pressed, then runs the new version', async () => {
    const { page } = app.browser;
    await page.goto(app.server.url);
    await waitForOfflineReady(page);
    // A worker signed in and at work (unlocked) when the new version is published.
    await signInOnTablet(page, app.server.url);

    // Publish a new version: a service worker that differs by a byte is a new version to the browser. A release's
    // build makes its compressed copies again, which the server sends in its place.
    await appendFile(join(app.server.root, 'sw.js'), '\n// next release\n');
    await precompress(app.server.root);
    await page.evaluate(() => {
      (window as unknown as { marker: string }).marker = 'same page';
    });
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());

    await page.getByText('A new version is available').waitFor();
    const reload = page.getByRole('button', { name: 'Reload' });
    await reload.waitFor();

    // It waits for the worker: after a while the page is still the same one, under the old service worker.
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBe('same page');
    expect(
      await page.evaluate(async () => Boolean((await navigator.serviceWorker.getRegistration())?.waiting)),
    ).toBe(true);

    await Promise.all([page.waitForEvent('load'), reload.click()]);
    // A reload starts locked, as any new page does: the worker unlocks with their passcode.
    await unlockTablet(page);
    await page.getByRole('heading', { level: 1, name: 'Anchor Outreach' }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { marker?: string }).marker)).toBeUndefined();
    const state = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.getRegistration();
      return {
        waiting: Boolean(registration?.waiting),
        controlled: Boolean(navigator.serviceWorker.controller),
      };
    });
    expect(state).toEqual({ waiting: false, controlled: true });
    expect(await page.getByText('A new version is available').count()).toBe(0);
  });
});
