// @vitest-environment node
// Workers leaving a shared tablet: signing out (optionally removing their sent records) and being disabled
// centrally (sent records removed, unsent ones kept locked), never touching another worker's records.
import { beforeEach, describe, expect, it } from 'vitest';
import { addAttachment } from '../../../src/app/db/attachments';
import {
  knownWorkers,
  setPasscode,
  unlockedWorker,
  unlockWithPasscode,
  unlockWithRecoveryKey,
} from '../../../src/app/db/keyring';
import { createRecord, markReady } from '../../../src/app/db/records';
import { applyPushResults, takeBatch } from '../../../src/app/db/sync-queue';
import { endWorkerSession, removeDisabledWorker } from '../../../src/app/db/workers';
import { freshDatabase } from './fresh-database';
import { recoveryKeyFor, sessionFor, signedInAs } from './signed-in';

let db: ReturnType<typeof freshDatabase>;
beforeEach(() => {
  db = freshDatabase();
});

/** Ada's records in every state: two sent (one with a photo), one waiting, one draft; and Grace's sent one. */
async function seed() {
  await signedInAs('grace');
  const gracesSent = await markReady('signup', (await createRecord('signup', { firstName: 'Femi' })).id);
  await sendAll('grace');
  await signedInAs('ada');
  await setPasscode('135790');
  const sent = await markReady('signup', (await createRecord('signup', { firstName: 'Sara' })).id);
  const grant = await createRecord('grant-application', { answers: {} });
  await addAttachment(
    { type: 'grant-application', id: grant.id },
    new Blob([new Uint8Array([1, 2])]),
    'p.jpg',
  );
  await markReady('grant-application', grant.id);
  await sendAll('ada');
  const waiting = await markReady('signup', (await createRecord('signup', { firstName: 'Waiting' })).id);
  const draft = await createRecord('signup', { firstName: 'Draft' });
  return { gracesSent, sent, grant, waiting, draft };
}

async function sendAll(workerId: string) {
  const batch = await takeBatch({ maxChanges: 100, maxBytes: 1_000_000 }, { workerId });
  await applyPushResults(
    batch,
    batch.changes.map(({ change }) => ({ changeId: change.changeId, status: 'applied', recordVersion: 1 })),
  );
}

const ids = async () => ({
  signups: (await db.signups.toArray()).map((record) => record.id).sort(),
  grants: (await db.grantApplications.toArray()).map((record) => record.id),
  photos: await db.attachments.count(),
});

describe('signing out', () => {
  it('with “remove my sent records” removes only the worker’s sent records and photos; their key waits for sign-in', async () => {
    const { gracesSent, waiting, draft } = await seed();
    expect(await endWorkerSession('ada', { removeSent: true })).toEqual({ removed: 2 });
    expect(await ids()).toEqual({
      signups: [gracesSent.id, waiting.id, draft.id].sort(),
      grants: [],
      photos: 0,
    });
    expect(unlockedWorker()).toBeNull();
    // No passcode opens it now; an online sign-in (the server's key) does, with the kept records readable.
    expect(await unlockWithPasscode('ada', '135790')).toEqual({ ok: false, reason: 'needs-sign-in' });
    await signedInAs('ada');
    expect(unlockedWorker()?.id).toBe('ada');
  });

  it('without removing keeps every record; a worker with none left has their key removed', async () => {
    const { gracesSent, sent, grant, waiting, draft } = await seed();
    expect(await endWorkerSession('ada', { removeSent: false })).toEqual({ removed: 0 });
    expect((await ids()).signups).toHaveLength(4);
    expect((await ids()).grants).toEqual([grant.id]);
    expect([gracesSent, sent, waiting, draft].every(Boolean)).toBe(true);
    expect((await knownWorkers()).find((worker) => worker.id === 'ada')?.state).toBe('signed-out');

    await signedInAs('grace');
    expect(await endWorkerSession('grace', { removeSent: true })).toEqual({ removed: 1 });
    expect((await knownWorkers()).map((worker) => worker.id)).toEqual(['ada']);
  });
});

describe('a worker disabled centrally', () => {
  it('loses their sent records, photos, passcode and session; unsent ones stay locked; others are untouched', async () => {
    const { gracesSent, waiting, draft } = await seed();
    expect(await removeDisabledWorker('ada')).toEqual({ removed: 2, kept: 2 });
    expect(await ids()).toEqual({
      signups: [gracesSent.id, waiting.id, draft.id].sort(),
      grants: [],
      photos: 0,
    });
    expect(unlockedWorker()).toBeNull();
    expect((await knownWorkers()).find((worker) => worker.id === 'ada')?.state).toBe('disabled');
    expect(await unlockWithPasscode('ada', '135790')).toEqual({ ok: false, reason: 'needs-sign-in' });
    // The kept records are still sealed, nothing of them in the clear.
    expect(JSON.stringify(await db.signups.get(waiting.id))).not.toContain('Waiting');
    // Re-enabled centrally, Ada's online sign-in opens them again.
    expect(await unlockWithRecoveryKey(sessionFor('ada'), recoveryKeyFor('ada'))).toEqual({
      needsPasscode: true,
    });
  });

  it('with nothing unsent leaves no trace of the worker on the tablet', async () => {
    await seed();
    await signedInAs('grace');
    expect(await removeDisabledWorker('grace')).toEqual({ removed: 1, kept: 0 });
    expect((await knownWorkers()).map((worker) => worker.id)).toEqual(['ada']);
  });
});
