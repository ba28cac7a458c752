// Who made a record: the signed-in worker, stamped by the store for every flow; records made before anyone signed
// in are claimed only when the first worker to sign in says they are theirs.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnchorDatabase } from '../../../src/app/db/database';
import { claimUnownedRecords, countUnowned, createRecord, markReady } from '../../../src/app/db/records';
import {
  startOrganisationCheck,
  startResidentCheck,
} from '../../../src/app/features/eligibility/check-store';
import { startGrant } from '../../../src/app/features/grants/grant-store';
import { startSignup } from '../../../src/app/features/signup/use-signup';
import { freshDatabase } from './fresh-database';
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

    it(`stores nobody on ${name} started while nobody is signed in`, async () => {
      const record = await start();
      expect((await db.recordTable(record.type).get(record.id))?.workerId).toBeNull();
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
  async function seed() {
    const unowned = [
      await createRecord('signup', { answers: { firstName: 'Sara' } }),
      await createRecord('grant-application', { answers: { organisationName: 'Leigh Lunch Club' } }),
      await createRecord('eligibility-check', { kind: 'resident', answers: {} }),
    ];
    await markReady('signup', unowned[0]?.id ?? '');
    await signedInAs('worker-1');
    const theirs = await createRecord('signup', { answers: { firstName: 'Ola' } });
    await signedInAs('worker-2');
    return { unowned, theirs };
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
