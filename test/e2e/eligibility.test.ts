// Real Chromium against `npm start` with the made-up postcode fixture imported: the tablet downloads the lookup
// when it syncs, then, offline, checks a resident from a postcode in the lookup and one by picking their
// neighbourhood, records an override, keeps everything through a reload, and sends the checks once back online.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { accessibilityViolations, smallTargets } from './support/axe';
import { openSignedIn, useNpmStartInChromium } from './support/npm-start';
import { answerRightToWorkSeenToday } from './support/right-to-work';
import { gotoAndUnlock, reloadAndUnlock } from './support/tablet-worker';

const FIXTURE = 'test/fixtures/postcodes/made-up-onspd.csv';
const harness = useNpmStartInChromium({ postcodeFile: FIXTURE });

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

async function audit(page: Page, title: string, found: Record<string, unknown>) {
  found[title] = await accessibilityViolations(page);
  found[`${title} (targets under 24px)`] = await smallTargets(page);
}

/** Continue with nothing entered, audit the error state, and check the error summary appears. */
async function auditErrors(page: Page, button: string, title: string, found: Record<string, unknown>) {
  await page.getByRole('button', { name: button, exact: true }).click();
  await page.getByRole('alert').waitFor();
  await audit(page, `${title} (errors)`, found);
}

async function answerAboutAndRightToWork(page: Page, found: Record<string, unknown>) {
  await heading(page, 'About them');
  await audit(page, 'about', found);
  await page.getByLabel('Day').fill('1');
  await page.getByLabel('Month').fill('6');
  await page.getByLabel('Year').fill('1990');
  await page.getByLabel('Unemployed and looking for work').check();
  await page.getByRole('button', { name: 'Continue' }).click();

  await heading(page, 'Right to work in the UK');
  await audit(page, 'right to work', found);
  await auditErrors(page, 'See the result', 'right to work', found);
  await answerRightToWorkSeenToday(page);
  await page.getByRole('button', { name: 'See the result' }).click();
}

describe('eligibility checks in Chromium, offline', () => {
  it('checks a resident from a postcode in the lookup and one by picking a neighbourhood', {
    timeout: 120_000,
  }, async () => {
    const { app, browser } = harness;
    const { page, context } = browser;
    await openSignedIn(page, app);
    // Signing in syncs, which downloads the lookup the server holds.
    await page.goto(`${app.url}/about`);
    await page.getByText(/This tablet has the postcode lookup onspd-/).waitFor({ timeout: 30_000 });
    expect(await page.locator('#ogl-attribution').textContent()).toContain(
      'Contains public sector information licensed under the Open Government Licence v3.0.',
    );
    await context.setOffline(true);
    const found: Record<string, unknown> = {};

    // 1. From a postcode in the lookup: SS1 9ZA is Southend-on-Sea 014D, decile 1.
    // A new page starts locked: unlocked with the passcode, offline.
    await gotoAndUnlock(page, `${app.url}/check`);
    await heading(page, 'Check eligibility');
    await audit(page, 'start', found);
    await page.getByRole('button', { name: 'Check a resident' }).click();
    await heading(page, 'What is their home postcode?');
    await audit(page, 'postcode', found);
    await auditErrors(page, 'Continue', 'postcode', found);
    await page.getByLabel('Postcode').fill('ss19za');
    await page.getByRole('button', { name: 'Continue' }).click();
    await answerAboutAndRightToWork(page, found);
    await heading(page, 'Eligible: Southend 2050 Ambition');
    await audit(page, 'result', found);
    const why = page.locator('.nhsuk-summary-list').first();
    expect(await why.textContent()).toContain('Southend-on-Sea 014D');
    expect(await why.textContent()).toContain('decile 1');
    expect(await page.getByText(/^onspd-/).count()).toBe(1);

    // 2. A postcode the lookup does not have: pick the neighbourhood from the list instead.
    await page.getByRole('link', { name: 'Start another check' }).click();
    await page.getByRole('button', { name: 'Check a resident' }).click();
    await page.getByLabel('Postcode').fill('SS9 9ZZ');
    await page.getByRole('button', { name: 'Continue' }).click();
    await heading(page, 'Choose their neighbourhood');
    await page.getByText('SS9 9ZZ is not in the postcode lookup on this tablet.').waitFor();
    await audit(page, 'neighbourhood', found);
    await auditErrors(page, 'Continue', 'neighbourhood', found);
    await page.getByLabel('Search by name, code or district').fill('southend 014d');
    await page.getByText('1 neighbourhood matches.').waitFor();
    await page.getByLabel('Southend-on-Sea 014D (E01015842)').check();
    await page.getByRole('button', { name: 'Continue', exact: true }).click();
    await answerAboutAndRightToWork(page, found);
    await heading(page, 'Eligible: Southend 2050 Ambition');

    // An override is kept beside the computed result, with who made it.
    await page.getByText('Record a different result (override)').click();
    await audit(page, 'result with override form', found);
    await page.getByLabel('Needs review').check();
    await page
      .getByLabel('Why are you changing the result?')
      .fill('Moving house next week; address to confirm');
    await page.getByRole('button', { name: 'Save the override' }).click();
    await heading(page, 'Needs review: Southend 2050 Ambition');
    expect(await page.locator('.nhsuk-inset-text').textContent()).toContain('worker1 changed the result');
    expect(await page.locator('.nhsuk-inset-text').textContent()).toContain('“Eligible” and is kept below');

    // Still there after an offline reload (and an offline unlock).
    await reloadAndUnlock(page);
    await heading(page, 'Needs review: Southend 2050 Ambition');
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((key) => [key, []])));

    // Back online, both checks reach the central team once, with the override beside the computed result.
    await context.setOffline(false);
    await gotoAndUnlock(page, `${app.url}/`);
    await page
      .getByText('Everything on this tablet has reached the central team.')
      .waitFor({ timeout: 30_000 });
    const listed = await app.coordinatorGet<{ records: { id: string }[] }>(
      '/api/v1/records?type=eligibility-check',
    );
    expect(listed.records).toHaveLength(2);
    const onServer = await Promise.all(
      listed.records.map((record) =>
        app.coordinatorGet<{
          record: {
            payload: { result: { outcome: string }; override: { outcome: string; by: string } | null };
          };
        }>(`/api/v1/records/${record.id}`),
      ),
    );
    const outcomes = onServer.map(({ record }) => [
      record.payload.result.outcome,
      record.payload.override?.outcome,
    ]);
    expect(outcomes).toContainEqual(['eligible', undefined]);
    expect(outcomes).toContainEqual(['eligible', 'needs-review']);
  });
});
