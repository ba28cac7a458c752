// Real Chromium: the app shell starts offline after one visit, and records saved offline survive offline reloads
// (each starts locked and is unlocked with the passcode, offline).
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordReference } from '../../src/app/features/record-reference';
import { accessibilityViolations, smallTargets } from './support/axe';
import { backupWithSignups, restoreOnBackupScreen } from './support/backup-file';
import { waitForOfflineReady } from './support/browser';
import { useAppInChromium } from './support/harness';
import { gotoAndUnlock, reloadAndUnlock, signInOnTablet } from './support/tablet-worker';

const app = useAppInChromium();

/** The first visit: the shell is installed, and the worker signs in (online) and chooses their passcode. */
async function firstVisit(page: Page) {
  await page.goto(app.server.url);
  await waitForOfflineReady(page);
  await signInOnTablet(page, app.server.url);
}

async function restoreBackup(page: Page, text: string) {
  await page.getByRole('link', { name: 'Backup', exact: true }).first().click();
  return restoreOnBackupScreen(page, text);
}

describe('offline app shell', () => {
  it('reloads with the network cut (setOffline) and keeps a record saved offline across another offline reload', async () => {
    const { page, context } = app.browser;
    await firstVisit(page);

    await context.setOffline(true);
    // The reload starts locked; the passcode unlocks it offline.
    await reloadAndUnlock(page);
    await page.getByRole('heading', { level: 1, name: 'Anchor Outreach' }).waitFor();
    expect(await page.getByTestId('connectivity').textContent()).toBe('Offline');

    const backup = await backupWithSignups(['Ada', 'Grace']);
    expect(await restoreBackup(page, backup.text)).toContain('2 records were added');

    await reloadAndUnlock(page);
    await gotoAndUnlock(page, `${app.server.url}/records?type=signup`);
    await page.getByText('Showing 1 to 2 of 2, most recently changed first.').waitFor();
    for (const id of backup.ids) expect(await page.getByText(recordReference(id)).count()).toBe(1);
    expect(await page.getByTestId('counts-signup').locator('[data-status="draft"]').textContent()).toBe('2');
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);

    // The backup download works offline too, and holds what was saved.
    await page.getByRole('link', { name: 'Backup', exact: true }).first().click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download a backup' }).click(),
    ]);
    const saved = JSON.parse(await readFile((await download.path()) as string, 'utf8'));
    expect(saved.format).toBe('anchor-outreach-backup');
    expect(saved.content.records.map((record: { id: string }) => record.id).sort()).toEqual(
      [...backup.ids].sort(),
    );
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
  });

  it('renders in the NHS.UK font stack (Frutiger W01 where installed, then Arial, then sans-serif) and downloads no font', async () => {
    const { page } = app.browser;
    const fontRequests: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'font' || /\.(woff2?|ttf|otf)(\?|$)/.test(request.url()))
        fontRequests.push(request.url());
    });
    await firstVisit(page);
    const families = await page.evaluate(() =>
      ['body', 'p', 'h1', 'h2', '.nhsuk-button', 'a'].map((selector) => {
        const element = document.querySelector(selector);
        return [selector, element ? getComputedStyle(element).fontFamily : 'missing'];
      }),
    );
    for (const [selector, family] of families) {
      expect(family, selector).toBe('"Frutiger W01", arial, sans-serif');
    }
    expect(fontRequests).toEqual([]);
  });

  it('starts with the server stopped, on any in-app address, with what was saved still there', async () => {
    const { page } = app.browser;
    await firstVisit(page);
    const backup = await backupWithSignups(['Mary']);
    expect(await restoreBackup(page, backup.text)).toContain('1 record was added');

    await app.server.stop();
    await gotoAndUnlock(page, `${app.server.url}/records?type=signup`);
    await page.getByText('Showing 1 to 1 of 1, most recently changed first.').waitFor();
    // The record is listed by its name, its reference beside it.
    await page
      .getByRole('row', { name: recordReference(backup.ids[0] as string) })
      .getByRole('link', { name: 'Mary' })
      .click();
    await page
      .getByRole('heading', { level: 1, name: `Sign-up ${recordReference(backup.ids[0] as string)}` })
      .waitFor();
    expect(await page.getByText('Mary').count()).toBeGreaterThan(0);

    await reloadAndUnlock(page);
    await page.getByRole('heading', { level: 1, name: /Sign-up / }).waitFor();
    await page.goto(`${app.server.url}/about`);
    await page.getByRole('heading', { level: 1, name: 'About Anchor Outreach' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await smallTargets(page)).toEqual([]);
  });
});
