// @vitest-environment node
// Each worker's key on a shared tablet: passcode unlock offline, the slowdown and lockout, recovery through the
// server's key, the session kept sealed, and workers kept apart.
import { beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/app/db/errors';
import {
  confirmPasscode,
  knownWorkers,
  lock,
  PASSCODE_ITERATIONS,
  PASSCODE_MAX_FAILURES,
  setPasscode,
  unlockedWorker,
  unlockWithPasscode,
  unlockWithRecoveryKey,
  whenUnlocked,
} from '../../../src/app/db/keyring';
import { createRecord, getRecord, listRecords } from '../../../src/app/db/records';
import { readSession } from '../../../src/app/db/session';
import { freshDatabase } from './fresh-database';
import { recoveryKeyFor, sessionFor, signedInAs } from './signed-in';

let db: ReturnType<typeof freshDatabase>;
beforeEach(() => {
  db = freshDatabase();
});

/** A worker signed in online once, with a passcode, then the tablet locked. */
async function workerWithPasscode(id: string, passcode = '135790') {
  await signedInAs(id);
  await setPasscode(passcode);
  lock();
}

const rawEntry = async (id: string) => (await db.meta.get(`worker-key:${id}`))?.value;

describe('a worker’s passcode', () => {
  it('unlocks their key offline, giving back their records and their session', async () => {
    await signedInAs('ada');
    const record = await createRecord('signup', { firstName: 'Sara' });
    await setPasscode('135790');
    lock();
    expect(unlockedWorker()).toBeNull();
    await expect(getRecord('signup', record.id)).rejects.toMatchObject({ kind: 'locked' });
    expect(await readSession()).toBeUndefined();

    expect(await unlockWithPasscode('ada', '135790')).toEqual({ ok: true });
    expect((await getRecord('signup', record.id))?.payload).toEqual({ firstName: 'Sara' });
    expect((await readSession())?.token).toBe(sessionFor('ada').token);
  });

  it('keeps the session token and the key sealed: nothing usable is in the clear in the entry', async () => {
    await workerWithPasscode('ada');
    const text = JSON.stringify(await rawEntry('ada'));
    expect(text).not.toContain(sessionFor('ada').token);
    expect(text).toContain('"username":"user-ada"');
  });

  it('refuses a passcode shorter than six digits or with anything but digits', async () => {
    await signedInAs('ada');
    for (const bad of ['12345', '12345a', ' 123456', '']) {
      await expect(setPasscode(bad)).rejects.toBeInstanceOf(StoreError);
    }
    await setPasscode('123456');
  });

  it('uses at least 600,000 PBKDF2 rounds in the app', () => {
    expect(PASSCODE_ITERATIONS).toBeGreaterThanOrEqual(600_000);
  });

  it('slows down after wrong passcodes and locks the worker out after 10, until they sign in online', async () => {
    await workerWithPasscode('ada');
    let at = new Date('2026-12-06T09:00:00.000Z');
    const results = [];
    for (let attempt = 1; attempt < PASSCODE_MAX_FAILURES; attempt++) {
      const result = await unlockWithPasscode('ada', '000000', at);
      results.push(result);
      // A try during the wait is refused without being counted.
      if (result.ok === false && result.reason === 'wrong' && result.retryAt) {
        expect(await unlockWithPasscode('ada', '135790', at)).toEqual({
          ok: false,
          reason: 'wait',
          retryAt: result.retryAt,
        });
        at = new Date(Date.parse(result.retryAt) + 1);
      }
    }
    expect(
      results.map((result) => (result.ok ? 'ok' : result.reason === 'wrong' ? result.remaining : '')),
    ).toEqual([9, 8, 7, 6, 5, 4, 3, 2, 1]);
    // The first four wrong ones cost nothing; from the fifth, a wait.
    expect(
      results.slice(0, 4).every((result) => !result.ok && result.reason === 'wrong' && !result.retryAt),
    ).toBe(true);
    expect(
      results.slice(4).every((result) => !result.ok && result.reason === 'wrong' && result.retryAt),
    ).toBe(true);

    expect(await unlockWithPasscode('ada', '000000', at)).toEqual({ ok: false, reason: 'needs-sign-in' });
    // Now even the right passcode does not open it: the passcode's copy of the key is gone.
    expect(await unlockWithPasscode('ada', '135790', at)).toEqual({ ok: false, reason: 'needs-sign-in' });
    expect(await rawEntry('ada')).toMatchObject({ state: 'locked-out', passcode: null });
    expect(unlockedWorker()).toBeNull();
  });

  it('a right passcode clears the count of wrong ones', async () => {
    await workerWithPasscode('ada');
    for (let i = 0; i < 4; i++) await unlockWithPasscode('ada', '000000');
    expect(await unlockWithPasscode('ada', '135790')).toEqual({ ok: true });
    expect(await rawEntry('ada')).toMatchObject({ failures: 0, retryAt: null });
  });

  it('confirming the passcode (leaving resident mode) counts wrong ones towards the same lockout', async () => {
    await signedInAs('ada');
    await setPasscode('135790');
    expect(await confirmPasscode('135790')).toEqual({ ok: true });
    expect(await confirmPasscode('999999')).toMatchObject({ ok: false, reason: 'wrong', remaining: 9 });
    expect(unlockedWorker()?.id).toBe('ada');
  });
});

describe('recovery through the server’s key', () => {
  it('after a lockout, an online sign-in opens the same key, so no record is lost, and a new passcode is set', async () => {
    await signedInAs('ada');
    const record = await createRecord('signup', { firstName: 'Sara' });
    await setPasscode('135790');
    lock();
    for (let i = 0; i < PASSCODE_MAX_FAILURES; i++) {
      await unlockWithPasscode('ada', '000000', new Date(Date.now() + i * 3_600_000));
    }
    expect(await knownWorkers()).toMatchObject([{ id: 'ada', state: 'locked-out' }]);

    expect(await unlockWithRecoveryKey(sessionFor('ada'), recoveryKeyFor('ada'))).toEqual({
      needsPasscode: true,
    });
    expect((await getRecord('signup', record.id))?.payload).toEqual({ firstName: 'Sara' });
    await setPasscode('246810');
    lock();
    expect(await unlockWithPasscode('ada', '246810')).toEqual({ ok: true });
    expect(await knownWorkers()).toMatchObject([{ id: 'ada', state: 'active', failures: 0 }]);
  });

  it('a wrong recovery key opens nothing and changes nothing', async () => {
    await workerWithPasscode('ada');
    const before = await rawEntry('ada');
    await expect(
      unlockWithRecoveryKey(sessionFor('ada'), recoveryKeyFor('someone-else')),
    ).rejects.toBeInstanceOf(StoreError);
    expect(unlockedWorker()).toBeNull();
    expect(await rawEntry('ada')).toEqual(before);
  });
});

describe('two workers on one tablet', () => {
  it('each unlocks with their own passcode and sees only their own records', async () => {
    await signedInAs('ada');
    const adas = await createRecord('signup', { firstName: 'Sara' });
    await setPasscode('111111');
    await signedInAs('grace');
    const graces = await createRecord('signup', { firstName: 'Femi' });
    await setPasscode('222222');
    lock();

    expect((await knownWorkers()).map((worker) => worker.id)).toEqual(['ada', 'grace']);
    // Ada's passcode does not open Grace's key.
    expect(await unlockWithPasscode('grace', '111111')).toMatchObject({ ok: false, reason: 'wrong' });

    expect(await unlockWithPasscode('ada', '111111')).toEqual({ ok: true });
    expect((await listRecords({ type: 'signup' })).records.map((record) => record.id)).toEqual([adas.id]);
    await expect(getRecord('signup', graces.id)).rejects.toMatchObject({ kind: 'locked' });

    lock();
    expect(await unlockWithPasscode('grace', '222222')).toEqual({ ok: true });
    expect((await listRecords({ type: 'signup' })).records.map((record) => record.id)).toEqual([graces.id]);
    expect((await getRecord('signup', graces.id))?.payload).toEqual({ firstName: 'Femi' });
  });
});

describe('whenUnlocked (what waits for a worker, such as syncing)', () => {
  it('runs nothing while the tablet stays locked, then once at the first unlock and never again', async () => {
    await workerWithPasscode('ada');
    const runs: (string | undefined)[] = [];
    whenUnlocked(() => runs.push(unlockedWorker()?.id));
    expect(await unlockWithPasscode('ada', '000000')).toMatchObject({ ok: false });
    expect(runs).toEqual([]);

    expect(await unlockWithPasscode('ada', '135790')).toEqual({ ok: true });
    lock();
    expect(await unlockWithPasscode('ada', '135790')).toEqual({ ok: true });
    expect(runs).toEqual(['ada']);
  });

  it('runs at once when a worker is already unlocked', async () => {
    await signedInAs('ada');
    const runs: string[] = [];
    whenUnlocked(() => runs.push('ran'));
    expect(runs).toEqual(['ran']);
  });
});
