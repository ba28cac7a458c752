// The coordinator console's administration screens in real Chromium against the real server (buildApp on a copy
// of dist/): a coordinator opens a new grant round and sees it on the pot page, creates a worker account that can
// then sign in on the tablet, saves settings and imports the postcode directory; axe (WCAG 2.2 AA) and the
// target-size check find nothing on each page, empty and showing errors.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/server/auth/accounts';
import { accessibilityViolations, smallTargets } from './support/axe';
import { useAppInChromium } from './support/harness';
import { signInOnTablet } from './support/tablet-worker';

const harness = useAppInChromium();

const COORDINATOR = { username: 'coordinator1', password: 'a long coordinator passphrase' };
const POSTCODE_FIXTURE = 'test/fixtures/postcodes/made-up-onspd.csv';

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor();

async function audit(page: Page, title: string, found: Record<string, unknown>) {
  found[title] = await accessibilityViolations(page);
  found[`${title} (targets under 24px)`] = await smallTargets(page);
}

/** Every audit found nothing: one assertion, so a failure lists every page's problems at once. */
function expectClean(found: Record<string, unknown>) {
  const problems = Object.fromEntries(
    Object.entries(found).filter(([, value]) => Array.isArray(value) && value.length > 0),
  );
  expect(problems).toEqual({});
}

/** Opens a console page; the console asks for a sign-in (keeping the address), then shows it. */
async function openConsole(page: Page, path: string, title: string | RegExp) {
  await page.goto(`${harness.server.url}${path}`);
  await heading(page, 'Sign in to the coordinator console');
  await page.getByLabel('Username').fill(COORDINATOR.username);
  await page.getByLabel('Password').fill(COORDINATOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await heading(page, title);
}

async function withCoordinator() {
  await createAccount(harness.server.database.db, { ...COORDINATOR, role: 'coordinator' });
}

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole('group', { name: legend });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

describe('coordinator console administration in Chromium', () => {
  it('opens a new grant round and shows it on the pot page', { timeout: 120_000 }, async () => {
    await withCoordinator();
    const { page } = harness.browser;
    const found: Record<string, unknown> = {};
    await openConsole(page, '/coordinator/pot', 'Grant pot and rounds');
    await page.getByTestId('round-2022-23').waitFor();
    await audit(page, 'pot', found);

    await page.getByRole('button', { name: 'Open the round' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#round-name-error').textContent()).toContain('Enter a name for the round');
    await audit(page, 'pot (errors)', found);

    await page.getByLabel('Name of the round').fill('2026 to 2027');
    await page.getByLabel('Round id').fill('2022-23');
    await fillDate(page, 'Applications open', '1', '4', '2026');
    await fillDate(page, 'Applications close', '31', '3', '2027');
    await fillDate(page, 'Spending may start', '1', '5', '2026');
    await fillDate(page, 'Money must be spent by', '30', '9', '2027');
    await page.getByLabel('Pot for the round, in pounds').fill('75,000');
    await page.getByRole('button', { name: 'Open the round' }).click();
    // The seed's round holds that id: the server's 409 is said next to the id.
    await page.locator('#round-id-error').getByText('There is already a round with the id 2022-23').waitFor();
    await audit(page, 'pot (round exists)', found);

    await page.getByLabel('Round id').fill('2026-27');
    await page.getByRole('button', { name: 'Open the round' }).click();
    await page.getByText('2026 to 2027 is open.').waitFor();
    const round = page.getByTestId('round-2026-27');
    await round.waitFor();
    expect(await round.locator('.nhsuk-summary-list__value').first().textContent()).toBe('£75,000.00');
    // Newest first: the new round comes before the seed's.
    const order = await page
      .locator('section[data-testid^="round-"]')
      .evaluateAll((sections) => sections.map((section) => section.getAttribute('data-testid')));
    expect(order).toEqual(['round-2026-27', 'round-2022-23']);
    await audit(page, 'pot (round opened)', found);
    expectClean(found);
  });

  it('creates a worker account who can then sign in on the tablet', { timeout: 120_000 }, async () => {
    await withCoordinator();
    const { page } = harness.browser;
    const found: Record<string, unknown> = {};
    await openConsole(page, '/coordinator/accounts', 'Accounts');
    await page.getByTestId('account-worker1').waitFor();
    await audit(page, 'accounts', found);

    await page.getByRole('button', { name: 'Create the account' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'accounts (errors)', found);

    const carol = { username: 'carol', password: 'carol’s long passphrase', passcode: '739164' };
    const create = async () => {
      await page.getByLabel('Username').fill(carol.username);
      await page.getByLabel('Outreach worker').check();
      await page.getByLabel('Password', { exact: true }).fill(carol.password);
      await page.getByRole('button', { name: 'Create the account' }).click();
    };
    await create();
    await page.getByText('The account carol is created. They can sign in now.').waitFor();
    await page.getByTestId('account-carol').waitFor();

    await create();
    await page.locator('#new-username-error').getByText('There is already an account called carol').waitFor();
    await audit(page, 'accounts (account exists)', found);

    await page.getByRole('button', { name: /Disable\s*carol/ }).click();
    await page.getByRole('heading', { name: 'Disable carol?' }).waitFor();
    await audit(page, 'accounts (confirm disable)', found);
    await page.getByRole('button', { name: 'Cancel' }).click();
    expectClean(found);

    // The new worker signs in on the tablet screens (a page of their own: the console's sign-in is this tab's).
    const tablet = await harness.browser.context.newPage();
    await signInOnTablet(tablet, harness.server.url, carol);
  });

  it('saves settings and imports the postcode directory, with no accessibility problems empty or with errors', {
    timeout: 120_000,
  }, async () => {
    await withCoordinator();
    const { page } = harness.browser;
    const found: Record<string, unknown> = {};
    await openConsole(page, '/coordinator/settings', 'Programme settings');
    await page.getByTestId('versions-micro-grant').waitFor();
    await audit(page, 'settings', found);

    const decile = page.getByLabel('Highest eligible IMD decile');
    await decile.fill('11');
    await page.getByRole('button', { name: 'Save the Southend 2050 Ambition settings' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.locator('#southend-2050-ambition-maxImdDecile-error').textContent()).toContain(
      'from 1 to 10',
    );
    await audit(page, 'settings (errors)', found);
    await decile.fill('3');
    await page.getByRole('button', { name: 'Save the Southend 2050 Ambition settings' }).click();
    await page.getByText(/Southend 2050 Ambition: version \d+ saved\./).waitFor();
    await audit(page, 'settings (saved)', found);

    await page.goto(`${harness.server.url}/coordinator/postcodes`);
    await heading(page, 'Postcode lookup');
    await page.getByText('No postcode directory has been imported yet.').waitFor();
    await audit(page, 'postcodes', found);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'postcodes (errors)', found);

    await page.getByLabel('ONS postcode directory (CSV)').setInputFiles(POSTCODE_FIXTURE);
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByText(/postcodes kept from 7 rows\./).waitFor({ timeout: 30_000 });
    await audit(page, 'postcodes (imported)', found);
    expectClean(found);
  });
});
