// Real Chromium: what is typed on a question page survives a reload before Continue (a flat battery, a killed
// background tab, a pull-to-refresh), on a sign-up page and on an eligibility check page, offline: the reloaded
// page starts locked and the worker unlocks it with their passcode, offline.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { waitForOfflineReady } from './support/browser';
import { useAppInChromium } from './support/harness';
import { gotoAndUnlock, reloadAndUnlock, signInOnTablet } from './support/tablet-worker';

const app = useAppInChromium();

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

/** Longer than the typing's save delay (400 ms after the last keystroke). */
const pause = (page: Page) => page.waitForTimeout(900);

describe('typing survives a reload before Continue', () => {
  it('a sign-up page shows what was typed after a reload without Continue, with no errors shown', async () => {
    const { page, context } = app.browser;
    await page.goto(app.server.url);
    await waitForOfflineReady(page);
    await signInOnTablet(page, app.server.url);
    await context.setOffline(true);

    await page.getByRole('link', { name: 'Sign up a resident' }).click();
    await page.getByRole('button', { name: 'Start now' }).click();
    await heading(page, 'What is the resident’s name?');
    await page.getByLabel('First name').fill('Katherine');
    await page.getByLabel('Last name', { exact: true }).pressSequentially('John');
    await pause(page);
    await reloadAndUnlock(page);

    await heading(page, 'What is the resident’s name?');
    await expect.poll(() => page.getByLabel('First name').inputValue()).toBe('Katherine');
    expect(await page.getByLabel('Last name', { exact: true }).inputValue()).toBe('John');
    expect(await page.getByRole('alert').count()).toBe(0);

    // A change after the reload is kept too, and Continue saves it as the answer.
    await page.getByLabel('Last name', { exact: true }).fill('Johnson');
    await pause(page);
    await reloadAndUnlock(page);
    await heading(page, 'What is the resident’s name?');
    await expect.poll(() => page.getByLabel('Last name', { exact: true }).inputValue()).toBe('Johnson');

    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'What is their date of birth?');
    await page.goBack();
    await heading(page, 'What is the resident’s name?');
    expect(await page.getByLabel('Last name', { exact: true }).inputValue()).toBe('Johnson');
  });

  it('an eligibility check page (the shared form page) shows what was typed after a reload', async () => {
    const { page, context } = app.browser;
    await page.goto(app.server.url);
    await waitForOfflineReady(page);
    await signInOnTablet(page, app.server.url);
    await context.setOffline(true);

    await gotoAndUnlock(page, `${app.server.url}/check`);
    await heading(page, 'Check eligibility');
    await page.getByRole('button', { name: 'Check a resident' }).click();
    await heading(page, /home postcode/);
    await page.getByLabel('Postcode').fill('SS1 2');
    await pause(page);
    await reloadAndUnlock(page);
    await heading(page, /home postcode/);
    await expect.poll(() => page.getByLabel('Postcode').inputValue()).toBe('SS1 2');
    expect(await page.getByRole('alert').count()).toBe(0);
  });
});
