// What a worker does on the chaos test's tablet, through the app's own pages: a full sign-up, a resident
// eligibility check and its override (the one edit a sent or waiting record takes), sign-ups and grant applications
// with photos in bulk from backup files, unlocking as either worker, Sync now, and reading what the tablet says is
// sent.
import type { BrowserContext, Page } from 'playwright-core';
import type { RecordType } from '../../src/shared/record-types';
import {
  type BackupGrant,
  backupWithGrants,
  backupWithSignups,
  restoreOnBackupScreen,
} from '../e2e/support/backup-file';
import { answerRightToWorkSeenToday } from '../e2e/support/right-to-work';
import { signInOnTablet, type TabletWorker, unlockTablet } from '../e2e/support/tablet-worker';

export const EVERYTHING_SENT = 'Everything on this tablet has reached the central team.';
/** The last name every bulk sign-up carries (backupWithSignups sets the first name only). */
export const BULK_LAST_NAME = 'Lovelace';

const heading = (page: Page, name: string | RegExp) =>
  page.getByRole('heading', { level: 1, name }).waitFor({ timeout: 30_000 });

const CONTINUE = (page: Page) => page.getByRole('button', { name: 'Continue', exact: true }).click();

/** Goes to `path` (a new document, so locked) and unlocks it as `worker`. */
export async function openAs(page: Page, base: string, path: string, worker: TabletWorker): Promise<void> {
  await page.goto(`${base}${path}`);
  await unlockTablet(page, worker);
}

/**
 * Makes the context's network state hold for the page after a navigation: Playwright's offline emulation can read
 * online again once a page navigates, so it is applied again and checked.
 */
export async function holdNetworkState(context: BrowserContext, page: Page, offline: boolean): Promise<void> {
  await context.setOffline(offline);
  const onLine = await page.evaluate(() => navigator.onLine).catch(() => !offline);
  if (onLine === offline) {
    await context.setOffline(!offline);
    await context.setOffline(offline);
  }
}

/** A whole sign-up through its pages, from the start page to submitted. */
export async function signUpThroughPages(
  page: Page,
  base: string,
  worker: TabletWorker,
  name: { first: string; last: string },
): Promise<string> {
  await openAs(page, base, '/signup', worker);
  await page.getByRole('button', { name: 'Start now' }).click();
  await heading(page, 'What is the resident’s name?');
  await page.getByLabel('First name').fill(name.first);
  await page.getByLabel('Last name', { exact: true }).fill(name.last);
  await CONTINUE(page);
  await heading(page, 'What is their date of birth?');
  await page.getByLabel('Day').fill('9');
  await page.getByLabel('Month').fill('12');
  await page.getByLabel('Year').fill('1986');
  await CONTINUE(page);
  await heading(page, 'What is their address?');
  await page.getByLabel('Building and street', { exact: true }).fill('12 Southchurch Road');
  await page.getByLabel('Town or city').fill('Southend-on-Sea');
  await page.getByLabel('Postcode').fill('SS1 2ND');
  await CONTINUE(page);
  // A same-name resident already here would be pointed out; every chaos name is unique, so the next page comes.
  await heading(page, 'How can the Trust contact them?');
  await page.getByLabel('Email address (optional)').fill('resident@example.org');
  await page.getByLabel('Email', { exact: true }).check();
  await CONTINUE(page);
  await heading(page, 'Their work at the moment');
  await page.getByLabel('Unemployed and looking for work').check();
  await page.getByLabel('More than 2 years').check();
  await CONTINUE(page);
  await heading(page, 'Which jobs in health and care interest them?');
  await page.getByLabel('Administration').check();
  await CONTINUE(page);
  await heading(page, 'How many hours could they work?');
  await page.getByLabel('Flexible or not sure yet').check();
  await CONTINUE(page);
  await heading(page, 'Does anything make work harder for them?');
  await page.getByLabel('None of these').check();
  await CONTINUE(page);
  await heading(page, 'Which support would they like?');
  await page.getByLabel('One-to-one support from the Trust').check();
  await CONTINUE(page);
  await heading(page, 'How did they hear about the programme?');
  await page.getByLabel('From the Jobcentre').check();
  await page.getByLabel('Venue or event today').fill('Southend Library');
  await CONTINUE(page);
  await heading(page, 'Would they like to answer questions about equality?');
  await page.getByLabel('No', { exact: true }).check();
  await CONTINUE(page);
  await heading(page, 'Privacy and contact');
  await page.getByLabel(/has been read \(or read aloud\)/).check();
  await page.getByLabel('Emails').check();
  await page.locator('input[name="sharePartners"][value="no"]').check();
  await CONTINUE(page);
  await heading(page, 'Check the answers before sending');
  await page.getByRole('button', { name: 'Submit sign-up' }).click();
  await heading(page, 'Sign-up complete');
  const id = /\/signup\/([^/]+)\/done/.exec(page.url())?.[1];
  if (!id) throw new Error(`No sign-up id in ${page.url()}`);
  return id;
}

/** A resident check through its pages (a neighbourhood picked, as without a postcode lookup); returns its id. */
export async function residentCheckThroughPages(
  page: Page,
  base: string,
  worker: TabletWorker,
): Promise<string> {
  await openAs(page, base, '/check', worker);
  await page.getByRole('button', { name: 'Check a resident' }).click();
  await page.getByLabel('Postcode').fill('SS9 9ZZ');
  await CONTINUE(page);
  await heading(page, 'Choose their neighbourhood');
  await page.getByLabel('Search by name, code or district').fill('southend 014d');
  await page.getByText('1 neighbourhood matches.').waitFor();
  await page.getByLabel('Southend-on-Sea 014D (E01015842)').check();
  await CONTINUE(page);
  await heading(page, 'About them');
  await page.getByLabel('Day').fill('1');
  await page.getByLabel('Month').fill('6');
  await page.getByLabel('Year').fill('1990');
  await page.getByLabel('Unemployed and looking for work').check();
  await CONTINUE(page);
  await heading(page, 'Right to work in the UK');
  await answerRightToWorkSeenToday(page);
  await page.getByRole('button', { name: 'See the result' }).click();
  await heading(page, /: Southend 2050 Ambition$/);
  const id = /\/check\/([^/]+)\/result/.exec(page.url())?.[1];
  if (!id) throw new Error(`No check id in ${page.url()}`);
  return id;
}

/** How long a save of an override may take to show its outcome before the page is read as it stands. */
const OVERRIDE_OUTCOME_MS = 20_000;

/**
 * Saves an override with `reason` on the check's result page (already open and unlocked). Returns false when the
 * app refused it for now (another tab saved first: "could not be saved"), true once saved. A push in flight no
 * longer refuses it. The outcome is
 * watched from inside the page from before the click, since a refusal's message may be the one an earlier attempt
 * left, replaced within one frame.
 */
export async function saveOverride(page: Page, reason: string): Promise<boolean> {
  const details = page.locator('details.nhsuk-details').first();
  if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open)))
    await page.getByText('Record a different result (override)').click();
  await page.getByLabel('Needs review').check();
  await page.getByLabel('Why are you changing the result?').fill(reason);
  const watching = page.evaluate(
    ({ reason, ms }) =>
      new Promise<'saved' | 'refused' | 'unknown'>((resolve) => {
        const saved = () =>
          [...document.querySelectorAll('.nhsuk-inset-text')].some((node) =>
            node.textContent?.includes(`${reason}.`),
          );
        const observer = new MutationObserver((mutations) => {
          if (saved()) return finish('saved');
          const refusal = mutations.some((mutation) =>
            [...mutation.addedNodes].some((node) => node.textContent?.includes('could not be saved')),
          );
          if (refusal) finish('refused');
        });
        const timer = setTimeout(() => finish('unknown'), ms);
        function finish(outcome: 'saved' | 'refused' | 'unknown') {
          observer.disconnect();
          clearTimeout(timer);
          resolve(outcome);
        }
        observer.observe(document.body, { childList: true, subtree: true, characterData: true });
      }),
    { reason, ms: OVERRIDE_OUTCOME_MS },
  );
  // Together, so a watcher that fails is this step's failure rather than an unhandled rejection.
  const [outcome] = await Promise.all([
    watching,
    page.getByRole('button', { name: 'Save the override' }).click(),
  ]);
  if (outcome !== 'unknown') return outcome === 'saved';
  return page.locator('.nhsuk-inset-text', { hasText: `${reason}.` }).isVisible();
}

/** On the backup page as `worker`: restores this backup file of `count` records (`what`), or fails saying why. */
async function restoreAs(
  page: Page,
  base: string,
  worker: TabletWorker,
  text: string,
  count: number,
  what: string,
): Promise<void> {
  await openAs(page, base, '/backup', worker);
  const summary = await restoreOnBackupScreen(page, text, 60_000);
  // A restore that imported fewer than the file holds would make the expected set wrong: say so here.
  if (!summary?.includes(String(count))) throw new Error(`Restore of ${count} ${what} said: ${summary}`);
}

/** Restores sign-ups named `firstNames` from a backup file as `worker`'s records waiting to send; their ids. */
export async function signupsFromBackup(
  page: Page,
  base: string,
  worker: { worker: TabletWorker; id: string },
  firstNames: string[],
): Promise<string[]> {
  const backup = await backupWithSignups(firstNames, { status: 'ready', workerId: worker.id });
  await restoreAs(page, base, worker.worker, backup.text, firstNames.length, 'sign-ups');
  return backup.ids;
}

/**
 * Restores finished grant applications with the photos of their paper forms from a backup file, as `worker`'s
 * records waiting to send; their ids and each one's photo hashes in order.
 */
export async function grantsFromBackup(
  page: Page,
  base: string,
  worker: { worker: TabletWorker; id: string },
  grants: BackupGrant[],
): Promise<{ ids: string[]; photoHashes: string[][] }> {
  const backup = await backupWithGrants(grants, { status: 'ready', workerId: worker.id });
  await restoreAs(page, base, worker.worker, backup.text, grants.length, 'grant applications');
  return backup;
}

/** First sign-in of a worker on this tablet (online), choosing their passcode. */
export async function firstSignIn(page: Page, base: string, worker: TabletWorker): Promise<void> {
  await signInOnTablet(page, base, worker);
}

/** On the home page: presses Sync now when it can be pressed (a run in progress disables it). */
export async function pressSyncNow(page: Page): Promise<void> {
  const button = page.getByRole('button', { name: 'Sync now' });
  if ((await button.count()) > 0 && (await button.isEnabled())) await button.click();
}

/**
 * On the home page as `worker`: presses Sync now until the panel says everything is sent, within `timeoutMs`
 * (each press skips any backoff wait). Returns the last state shown when it never does.
 */
export async function syncUntilAllSent(page: Page, timeoutMs: number): Promise<string | null> {
  const state = page.getByTestId('sync-state');
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if ((await state.textContent()) === EVERYTHING_SENT) return null;
    await pressSyncNow(page);
    await page
      .getByText(EVERYTHING_SENT)
      .waitFor({ timeout: 5_000 })
      .catch(() => undefined);
  }
  return (await state.textContent()) === EVERYTHING_SENT ? null : await state.textContent();
}

/** How many records of `type` the records list shows with this status for `worker`. */
export async function listedRecords(
  page: Page,
  base: string,
  worker: TabletWorker,
  type: RecordType,
  status: 'synced' | 'ready',
): Promise<number> {
  await openAs(page, base, `/records?type=${type}&status=${status}`, worker);
  return countShown(page);
}

/** The "of N" of the list's "Showing 1 to 50 of N" (0 when it says nothing is listed). */
export async function countShown(page: Page): Promise<number> {
  const showing = page.getByText(/^Showing \d+ to \d+ of \d+/);
  const none = page.getByText(/^There are no /);
  await showing.or(none).first().waitFor({ timeout: 30_000 });
  const text = (await showing.count()) > 0 ? await showing.textContent() : null;
  return text ? Number(/of ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, '')) : 0;
}
