// @vitest-environment node
// Who made a record: the unlocked worker, stamped by the store for every flow (nothing is saved while locked);
// records from before encryption that nobody owned are claimed only when a worker says they are theirs.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readAttachment } from '../../../src/app/db/attachments';
import { decodePayload } from '../../../src/app/db/codec';
import type { AnchorDatabase, EncodedPayload, OutboxChange } from '../../../src/app/db/database';
import { claimUnownedRecords } from '../../../src/app/db/lifecycle';
import { countUnowned, createRecord, getRecord, markReady } from '../../../src/app/db/records';
import { claimAndSeal } from '../../../src/app/db/workers';
import {
  startOrganisationCheck,
  startResidentCheck,
} from '../../../src/app/features/eligibility/check-store';
import { addPhoto, startGrant } from '../../../src/app/features/grants/grant-store';
import { startSignup } from '../../../src/app/features/signup/use-signup';
import { freshDatabase } from './fresh-database';
import { madeBeforeEncryption } from './legacy-records';
import { signedInAs, signedOut } from './signed-in';

let db: AnchorDatabase;

beforeEach(() => {
  db = freshDatabase();
});

const FLOWS = {
  'a sign-up': () => startSignup(),
  'a resident check': () => startResidentCheck(),
  'an organisation check': () => startOrganisationCheck(),
  'a grant application': () => startGrant('Sam'),
};

describe('the worker who made a record', () => {
  for (const [name, start] of Object.entries(FLOWS)) {
    it(`stores the signed-in worker's id on ${name} started while signed in`, async () => {
      await signedInAs('worker-7');
      const record = await start();
      expect(record.workerId).toBe('worker-7');
      expect((await db.recordTable(record.type).get(record.id))?.workerId).toBe('worker-7');
    });

    it(`saves nothing for ${name} started while the tablet is locked`, async () => {
      await signedOut();
      await expect(start()).rejects.toMatchObject({ kind: 'locked' });
      const counts = await Promise.all(db.recordTables.map((table) => table.count()));
      expect(counts).toEqual([0, 0, 0]);
    });
  }

  it('keeps the worker on a record after that worker signs out', async () => {
    await signedInAs('worker-7');
    const record = await startSignup();
    await signedOut();
    expect((await db.signups.get(record.id))?.workerId).toBe('worker-7');
  });
});

describe('claiming the records made before anyone signed in', () => {
  /** Rows as schema v3 left them: made before anyone signed in, answers in the clear. */
  async function seed() {
    await signedInAs('maker');
    const made = [
      await createRecord('signup', { answers: { firstName: 'Sara' } }),
      await createRecord('grant-application', { answers: { organisationName: 'Leigh Lunch Club' } }),
      await createRecord('eligibility-check', { kind: 'resident', answers: {} }),
    ];
    await markReady('signup', made[0]?.id ?? '');
    await madeBeforeEncryption(made, 'worker-1');
    const theirs = await createRecord('signup', { answers: { firstName: 'Ola' } });
    await signedInAs('worker-2');
    return { unowned: made, theirs };
  }

  it('counts the records nobody owns, of every type', async () => {
    await seed();
    expect(await countUnowned()).toBe(3);
  });

  it('gives every unowned record, and its waiting change, to the worker in one transaction, changing nothing else', async () => {
    const { unowned, theirs } = await seed();
    const before = await Promise.all(unowned.map((record) => db.recordTable(record.type).get(record.id)));
    const outboxBefore = await db.outbox.toArray();
    const transaction = vi.spyOn(db, 'transaction');

    expect(await claimUnownedRecords('worker-2')).toBe(3);

    expect(transaction).toHaveBeenCalledTimes(1);
    const after = await Promise.all(unowned.map((record) => db.recordTable(record.type).get(record.id)));
    expect(after).toEqual(before.map((record) => ({ ...record, workerId: 'worker-2' })));
    expect((await db.signups.get(theirs.id))?.workerId).toBe('worker-1');
    // Their waiting changes are the worker's now (the next run sends them as theirs); nothing else changed.
    expect(await db.outbox.toArray()).toEqual(
      outboxBefore.map((change) => (change.workerId === null ? { ...change, workerId: 'worker-2' } : change)),
    );
    expect(outboxBefore.some((change) => change.workerId === null)).toBe(true);
    expect(await countUnowned()).toBe(0);
  });
});

describe('claiming records from before encryption', () => {
  it('seals the claimed records, their waiting change and photos under the claiming worker’s key, losing no field', async () => {
    await signedInAs('maker');
    const signup = await createRecord('signup', { answers: { firstName: 'Sara', postcode: 'SS1 2AB' } });
    await markReady('signup', signup.id);
    const grant = await startGrant('Sam');
    await addPhoto(grant.id, new Blob([new Uint8Array([9, 8, 7])], { type: 'image/jpeg' }), 'page-1.jpg');
    // As schema v3 left them: nobody's, in the clear.
    for (const record of [signup, grant]) {
      const stored = await db.recordTable(record.type).get(record.id);
      await db.recordTable(record.type).update(record.id, {
        workerId: null,
        payload: { codec: 'plain-1', body: await decodePayload(stored?.payload as EncodedPayload) },
      });
    }
    const change = (await db.outbox.toArray())[0] as OutboxChange;
    await db.outbox.update(change.changeId, {
      workerId: null,
      payload: { codec: 'plain-1', body: await decodePayload(change.payload) },
    });
    const [photo] = await db.attachments.toArray();
    await db.attachments.update(photo?.id as string, {
      seal: null,
      blob: new Blob([new Uint8Array([9, 8, 7])], { type: 'image/jpeg' }),
    });
    const before = await Promise.all([
      getRecord('signup', signup.id),
      getRecord('grant-application', grant.id),
    ]);

    await signedInAs('worker-2');
    expect(await claimAndSeal('worker-2')).toBe(2);

    const rows = [await db.signups.get(signup.id), await db.grantApplications.get(grant.id)];
    expect(rows.map((row) => row?.payload.codec)).toEqual(['aes-gcm-1', 'aes-gcm-1']);
    expect((await db.outbox.toArray()).map((row) => row.payload.codec)).toEqual(['aes-gcm-1']);
    const sealedPhoto = await db.attachments.get(photo?.id as string);
    expect(sealedPhoto?.seal?.worker).toBe('worker-2');
    expect(new Uint8Array(await (sealedPhoto as { blob: Blob }).blob.arrayBuffer())).not.toEqual(
      new Uint8Array([9, 8, 7]),
    );
    expect(new Uint8Array(await ((await readAttachment(photo?.id as string)) as Blob).arrayBuffer())).toEqual(
      new Uint8Array([9, 8, 7]),
    );
    const after = await Promise.all([
      getRecord('signup', signup.id),
      getRecord('grant-application', grant.id),
    ]);
    expect(after).toEqual(before.map((record) => ({ ...record, workerId: 'worker-2' })));
  });
});
