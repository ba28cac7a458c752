// The worker browser tests use on the tablet: their account (the server must hold it) and the passcode they choose
// at their first sign-in; signing in through the app's own pages, and unlocking the lock screen, which every
// reload or new page starts on (the data key lives only in page memory).
import type { Page } from 'playwright-core';
import { createAccount } from '../../../src/server/auth/accounts';
import type { Database } from '../../../src/server/db/connect';

export interface TabletWorker {
  username: string;
  password: string;
  passcode: string;
}

export const WORKER: TabletWorker = {
  username: 'worker1',
  password: 'a long worker passphrase',
  passcode: '482916',
};

/** Gives the server (buildApp's database) an account for `worker`; returns its id. */
export async function createWorkerAccount(db: Database, worker: TabletWorker = WORKER): Promise<string> {
  const account = await createAccount(db, {
    username: worker.username,
    password: worker.password,
    role: 'worker',
  });
  return account.id;
}

/**
 * Signs in online through the sign-in page, chooses the passcode when the app asks for one (the first sign-in on
 * this tablet; `onPasscodeStep` runs on that page first, e.g. an axe check), and waits for the home page.
 */
export async function signInOnTablet(
  page: Page,
  baseUrl: string,
  worker: TabletWorker = WORKER,
  options: { onPasscodeStep?: () => Promise<void> } = {},
): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Username').fill(worker.username);
  await page.getByLabel('Password').fill(worker.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  const home = page.getByRole('heading', { level: 1, name: 'Anchor Outreach' });
  const passcodeStep = page.getByRole('heading', { level: 1, name: 'Choose a passcode' });
  await home.or(passcodeStep).waitFor();
  if (await passcodeStep.isVisible()) {
    await options.onPasscodeStep?.();
    await choosePasscode(page, worker);
    await home.waitFor();
  }
}

/** On the passcode step after an online sign-in: types the worker's passcode twice and saves it. */
export async function choosePasscode(page: Page, worker: TabletWorker = WORKER): Promise<void> {
  await page.getByLabel('Passcode', { exact: true }).fill(worker.passcode);
  await page.getByLabel('Confirm passcode').fill(worker.passcode);
  await page.getByRole('button', { name: 'Save passcode' }).click();
}

const lockHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'This tablet is locked' });

/** Waits for the lock screen, unlocks it with the worker's passcode (online or not), and waits until it is gone. */
export async function unlockTablet(page: Page, worker: TabletWorker = WORKER): Promise<void> {
  const heading = lockHeading(page);
  await heading.waitFor();
  const radio = page.getByRole('radio', { name: worker.username, exact: true });
  if ((await radio.count()) > 0 && !(await radio.isChecked())) await radio.check();
  await page.getByLabel('Passcode', { exact: true }).fill(worker.passcode);
  await page.getByRole('button', { name: 'Unlock' }).click();
  // PBKDF2 with 600,000 rounds on a busy two-core machine: allow for it.
  await heading.waitFor({ state: 'detached', timeout: 30_000 });
}

/** Reloads the page (it starts locked) and unlocks it. */
export async function reloadAndUnlock(page: Page, worker: TabletWorker = WORKER): Promise<void> {
  await page.reload();
  await unlockTablet(page, worker);
}

/** Goes to an address (a new document, so locked) and unlocks it. */
export async function gotoAndUnlock(page: Page, url: string, worker: TabletWorker = WORKER): Promise<void> {
  await page.goto(url);
  await unlockTablet(page, worker);
}
