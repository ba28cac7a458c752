// Real Chromium against the real server: a coordinator reviews a sign-up in the console and the worker's tablet
// shows the decision after its next sync; a filtered CSV export downloads and parses back to the same records;
// axe-core finds nothing on the console's sign-in, records and record pages, empty and with errors.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { recordReference } from '../../src/app/features/record-reference';
import { accessibilityViolations, smallTargets } from './support/axe';
import { backupWithSignups, restoreOnBackupScreen } from './support/backup-file';
import { COORDINATOR, createCoordinatorAccount, pushRecords, signInToConsole } from './support/console';
import { useAppInChromium } from './support/harness';
import { gotoAndUnlock, signInOnTablet } from './support/tablet-worker';

const app = useAppInChromium();

const EVERYTHING_SENT = 'Everything on this tablet has reached the central team.';
const RECORDS_HEADING = 'Records';

async function syncNowOnTablet(page: Page) {
  await page.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Home' }).click();
  await page.getByRole('button', { name: 'Sync now' }).click();
  await page.getByText(EVERYTHING_SENT).waitFor({ timeout: 30_000 });
}

async function audit(page: Page, title: string, found: Record<string, unknown>) {
  found[title] = await accessibilityViolations(page);
  found[`${title} (targets under 24px)`] = await smallTargets(page);
}

describe('the coordinator console in Chromium', () => {
  it('reviews a sign-up, and the worker’s tablet shows the decision after its next sync', {
    timeout: 180_000,
  }, async () => {
    const { page, context } = app.browser;
    await createCoordinatorAccount(app.server.database.db);
    // The worker saves a sign-up on the tablet (a finished one, from a backup file) and it reaches the server.
    await signInOnTablet(page, app.server.url);
    const backup = await backupWithSignups(['Reviewme'], { status: 'ready', workerId: app.workerId });
    const id = backup.ids[0] as string;
    await gotoAndUnlock(page, `${app.server.url}/backup`);
    await restoreOnBackupScreen(page, backup.text);
    await syncNowOnTablet(page);

    // A coordinator, in another tab, finds it and moves it to Contacted with a note.
    const consolePage = await context.newPage();
    await signInToConsole(consolePage, app.server.url, '/coordinator/records', RECORDS_HEADING);
    await consolePage.getByLabel('Search').fill('Reviewme');
    await consolePage.getByRole('button', { name: 'Apply filters' }).click();
    await consolePage.getByText('Showing 1 to 1 of 1 records, newest first.').waitFor();
    await consolePage.getByRole('link', { name: recordReference(id) }).click();
    await consolePage
      .getByRole('heading', { level: 1, name: new RegExp(`Sign-up ${recordReference(id)}$`) })
      .waitFor();
    await consolePage.getByLabel('Contacted').check();
    await consolePage.getByLabel('Note (optional)').fill('Rang her on Monday; starts the course in January.');
    await consolePage.getByRole('button', { name: 'Save review' }).click();
    await consolePage.getByTestId('review-saved').waitFor();
    // The history says who moved it, when, and why.
    const history = consolePage.getByTestId('record-history');
    await history.getByText(/Review: .*Contacted/).waitFor();
    expect(await history.textContent()).toContain(COORDINATOR.username);
    expect(await history.textContent()).toContain('Rang her on Monday');

    // The tablet pulls it on its next sync and shows it on the record's page.
    await syncNowOnTablet(page);
    await gotoAndUnlock(page, `${app.server.url}/records/signup/${id}`);
    const review = page.getByRole('region', { name: 'The central team’s review' });
    await review.waitFor();
    expect(await review.textContent()).toContain('Contacted');
    expect(await review.textContent()).toContain('Rang her on Monday; starts the course in January.');
  });

  it('downloads a filtered export that parses back to the same records', { timeout: 120_000 }, async () => {
    const { page } = app.browser;
    await createCoordinatorAccount(app.server.database.db);
    const ids = await pushRecords(app.server.url, [
      { type: 'signup', answers: { firstName: 'Export', lastName: 'Kept', postcode: 'SS1 1AA' } },
      { type: 'signup', answers: { firstName: 'Other', lastName: 'Left', postcode: 'SS1 1AA' } },
      { type: 'signup', answers: { firstName: 'Export', lastName: 'Also, "quoted"', postcode: 'SS1 1AA' } },
      { type: 'grant-application' },
    ]);
    const wanted = [ids[0], ids[2]] as string[];
    await signInToConsole(page, app.server.url, '/coordinator/records', RECORDS_HEADING);
    await page.getByLabel('Type').selectOption('signup');
    await page.getByLabel('Search').fill('Export');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('Showing 1 to 2 of 2 records, newest first.').waitFor();

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download sign-ups' }).click(),
    ]);
    await page.getByText(/^Downloaded 2 records as /).waitFor();
    const bytes = await readFile((await download.path()) as string);
    // UTF-8 with a byte order mark, so Excel reads it as UTF-8.
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(2);
    // Each exported row is one of the filtered records (its id in a column), each once; the others are not there.
    const idsInRows = rows.map((row) => Object.values(row).find((value) => ids.includes(value)));
    expect(idsInRows.sort()).toEqual([...wanted].sort());
    const text = rows.map((row) => Object.values(row).join('|')).join('\n');
    expect(text).toContain('Also, "quoted"');
    expect(text).not.toContain('Left');
  });

  it('has no axe violations on the console’s sign-in, records and record pages, empty and with errors', {
    timeout: 180_000,
  }, async () => {
    const { page } = app.browser;
    await createCoordinatorAccount(app.server.database.db);
    const found: Record<string, unknown> = {};

    // Sign-in: empty, with both fields missing, with a wrong password, and a worker's account.
    await page.goto(`${app.server.url}/coordinator/records`);
    await page.getByRole('heading', { level: 1, name: 'Sign in to the coordinator console' }).waitFor();
    await audit(page, 'sign-in', found);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'sign-in (nothing entered)', found);
    await page.getByLabel('Username').fill(COORDINATOR.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The username or password is not right.', { exact: false }).first().waitFor();
    await audit(page, 'sign-in (wrong password)', found);
    await page.getByLabel('Username').fill('worker1');
    await page.getByLabel('Password').fill('a long worker passphrase');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page
      .getByText(/The console is for coordinators/)
      .first()
      .waitFor();
    await audit(page, 'sign-in (worker’s account)', found);

    // Records: none yet, then a date that does not exist.
    await page.getByLabel('Username').fill(COORDINATOR.username);
    await page.getByLabel('Password').fill(COORDINATOR.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: RECORDS_HEADING }).waitFor();
    await page.getByText('No records match these filters.').waitFor();
    await audit(page, 'records (none)', found);
    const to = page.getByRole('group', { name: 'Made on or before' });
    await to.getByLabel('Day').fill('31');
    await to.getByLabel('Month').fill('4');
    await to.getByLabel('Year').fill('2026');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'records (a date that does not exist)', found);

    // Records listed, one selected for a bulk review, and the bulk review asked for without a state.
    const [signupId, grantId] = await pushRecords(app.server.url, [
      { type: 'signup', answers: { firstName: 'Axe', lastName: 'Checked' } },
      { type: 'grant-application' },
    ]);
    await page.goto(`${app.server.url}/coordinator/records`);
    await page.getByText('Showing 1 to 2 of 2 records, newest first.').waitFor();
    await audit(page, 'records (listed)', found);
    await page.getByLabel(`Select ${recordReference(signupId as string)}`).check();
    await page.getByRole('button', { name: 'Change 1 record' }).click();
    await page.getByText('Choose the review state to move them to').first().waitFor();
    await audit(page, 'records (bulk review without a state)', found);

    // A sign-up's page, and its review sent without a move.
    await page.goto(`${app.server.url}/coordinator/records/${signupId}`);
    await page.getByTestId('review-form').waitFor();
    await audit(page, 'sign-up record', found);
    await page.getByRole('button', { name: 'Save review' }).click();
    await page.getByRole('alert').waitFor();
    await audit(page, 'sign-up record (review without a move)', found);

    // A grant application the server's re-check does not find eligible (received outside the only round):
    // approving it without a reason, then its bank details revealed.
    await page.goto(`${app.server.url}/coordinator/records/${grantId}`);
    await page.getByTestId('review-form').waitFor();
    await audit(page, 'grant application record', found);
    await page.getByLabel('Under review').check();
    await page.getByRole('button', { name: 'Save review' }).click();
    await page.getByTestId('review-saved').waitFor();
    await page.getByLabel('Approved').check();
    await page.getByLabel('Why approve it?').waitFor();
    await page.getByRole('button', { name: 'Save review' }).click();
    await page.locator('#review-reason-error').waitFor();
    await audit(page, 'grant application record (approving without a reason)', found);
    await page.getByRole('button', { name: 'Reveal bank details' }).click();
    await page.getByTestId('bank-revealed').waitFor();
    await audit(page, 'grant application record (bank details revealed)', found);

    // Offline: the console says it needs a connection.
    await page.context().setOffline(true);
    await page.getByRole('heading', { level: 1, name: 'The console needs a connection' }).waitFor();
    await audit(page, 'offline', found);
    await page.context().setOffline(false);

    for (const [title, violations] of Object.entries(found)) expect(violations, title).toEqual([]);
  });
});
