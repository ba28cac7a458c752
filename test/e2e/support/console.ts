// For the coordinator console's browser tests: a coordinator account on the server, signing in through the
// console's own page, and records pushed straight to the server as a worker's tablet would (HTTP, the sync protocol).
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { createAccount } from '../../../src/server/auth/accounts';
import type { Database } from '../../../src/server/db/connect';
import { newId } from '../../../src/shared/ids';
import type { SignupAnswers } from '../../../src/shared/signup';
import { grantAnswers } from '../../fixtures/grant-answers';
import { change, pushBody, signupPayload } from '../../server/support/api';
import { type TabletWorker, WORKER } from './tablet-worker';

export const COORDINATOR = { username: 'carol', password: 'a long coordinator passphrase' };

export async function createCoordinatorAccount(db: Database): Promise<string> {
  const account = await createAccount(db, { ...COORDINATOR, role: 'coordinator' });
  return account.id;
}

/** Opens a console address (a fresh page has no console sign-in), signs in there and waits for its heading. */
export async function signInToConsole(page: Page, baseUrl: string, path: string, heading: string | RegExp) {
  await page.goto(`${baseUrl}${path}`);
  await page.getByRole('heading', { level: 1, name: 'Sign in to the coordinator console' }).waitFor();
  await page.getByLabel('Username').fill(COORDINATOR.username);
  await page.getByLabel('Password').fill(COORDINATOR.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** The answers of a finished paper grant application, as the tablet's pages save them. */
export function grantPayload(answers: Record<string, unknown> = {}) {
  return {
    amountRequestedPence: 150_000,
    budget: [{ item: 'Ingredients and hall hire', amountPence: 150_000 }],
    resumeAt: 'done',
    answers: {
      ...grantAnswers(),
      ...answers,
    },
  };
}

export type PushedRecord =
  | { type: 'signup'; answers: Partial<SignupAnswers> }
  | { type: 'grant-application'; answers?: Record<string, unknown> };

/** Signs the worker in over HTTP for one device and pushes the records; every one must be applied. Returns ids. */
export async function pushRecords(
  baseUrl: string,
  records: PushedRecord[],
  worker: TabletWorker = WORKER,
): Promise<string[]> {
  const deviceId = newId();
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: worker.username, password: worker.password, deviceId }),
  });
  expect(login.status).toBe(200);
  const { token } = (await login.json()) as { token: string };
  const changes = records.map((record) =>
    record.type === 'signup'
      ? change({ payload: signupPayload(record.answers) })
      : change({ recordType: 'grant-application', payload: grantPayload(record.answers) }),
  );
  const push = await fetch(`${baseUrl}/api/v1/sync/push`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(pushBody(deviceId, changes)),
  });
  expect(push.status).toBe(200);
  const { results } = (await push.json()) as { results: { status: string; error?: unknown }[] };
  expect(results.map((result) => result.status)).toEqual(records.map(() => 'applied'));
  return changes.map((item) => item.recordId as string);
}
