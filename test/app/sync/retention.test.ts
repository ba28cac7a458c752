// @vitest-environment node
// Retention and sign-out: acknowledged records keep only a receipt after their own programme's retention period;
// signing out is refused while anything is unsent.
import { beforeEach, describe, expect, it } from 'vitest';
import { addAttachment, listAttachments } from '../../../src/app/db/attachments';
import { countUnsent, createRecord, getRecord, markReady } from '../../../src/app/db/records';
import { readSession } from '../../../src/app/db/session';
import { applyPull, applyPushResults, runRetention, takeBatch } from '../../../src/app/db/sync-queue';
import { signOut } from '../../../src/app/sync/sign-in';
import type { ChangeResult } from '../../../src/shared/api';
import { MICRO_GRANT, SOUTHEND_2050_AMBITION } from '../../../src/shared/programmes';
import { freshDatabase } from '../db/fresh-database';
import { sessionFor, signedInAs } from '../db/signed-in';

const DAY = 86_400_000;

beforeEach(() => {
  freshDatabase();
});

async function sendAll(status: ChangeResult['status'] = 'applied') {
  const batch = await takeBatch({ maxChanges: 100, maxBytes: 1_000_000 });
  await applyPushResults(
    batch,
    batch.changes.map(({ change }) => ({ changeId: change.changeId, status, recordVersion: 1 })),
  );
}

describe('retention', () => {
  it('removes answers and photos of records acknowledged longer ago than the period, leaving a receipt', async () => {
    const sent = await createRecord('grant-application', {
      organisation: 'Leigh Lunch Club',
      amountRequestedPence: 90_000,
    });
    await addAttachment(
      { type: 'grant-application', id: sent.id },
      new Blob([new Uint8Array([1, 2, 3])]),
      'p1.jpg',
    );
    await markReady('grant-application', sent.id);
    await sendAll();
    const waiting = await markReady('signup', (await createRecord('signup', { firstName: 'Ada' })).id);
    const acknowledgedAt = (await getRecord('grant-application', sent.id))?.acknowledgedAt as string;

    expect(await runRetention(new Date(Date.parse(acknowledgedAt) + 6 * DAY))).toBe(0);
    expect((await getRecord('grant-application', sent.id))?.payload).toMatchObject({
      organisation: 'Leigh Lunch Club',
    });

    expect(await runRetention(new Date(Date.parse(acknowledgedAt) + 8 * DAY))).toBe(1);
    const receipt = await getRecord('grant-application', sent.id);
    expect(receipt).toMatchObject({ id: sent.id, type: 'grant-application', status: 'purged' });
    expect(receipt?.payload).toEqual({ receipt: { sentAt: acknowledgedAt } });
    expect(receipt?.purgedAt).toBeTruthy();
    expect(await listAttachments(sent.id)).toEqual([]);
    // Never touched: a record the server has not acknowledged.
    expect((await getRecord('signup', waiting.id))?.payload).toEqual({ firstName: 'Ada' });
    expect(await runRetention(new Date(Date.parse(acknowledgedAt) + 30 * DAY))).toBe(0);
  });

  it('keeps each record type for its own programme’s period, read from the reference data', async () => {
    // The central team keeps grant applications (and organisation checks) 30 days, resident records 7.
    await applyPull({
      updates: [],
      cursor: '1',
      hasMore: false,
      reference: {
        programmes: [
          { ...SOUTHEND_2050_AMBITION, retentionDays: 7 },
          { ...MICRO_GRANT, retentionDays: 30 },
        ],
        fundsRemaining: [],
        postcodeLookupVersion: null,
      },
      disabledWorkers: [],
    });
    const made = {
      signup: await createRecord('signup', { firstName: 'Ada' }),
      grant: await createRecord('grant-application', { organisation: 'Leigh Lunch Club' }),
      residentCheck: await createRecord('eligibility-check', { kind: 'resident', answers: {} }),
      organisationCheck: await createRecord('eligibility-check', { kind: 'organisation', answers: {} }),
    };
    await markReady('signup', made.signup.id);
    await markReady('grant-application', made.grant.id);
    await markReady('eligibility-check', made.residentCheck.id);
    await markReady('eligibility-check', made.organisationCheck.id);
    await sendAll();
    const acknowledgedAt = Date.parse((await getRecord('signup', made.signup.id))?.acknowledgedAt as string);
    const status = async () => ({
      signup: (await getRecord('signup', made.signup.id))?.status,
      grant: (await getRecord('grant-application', made.grant.id))?.status,
      residentCheck: (await getRecord('eligibility-check', made.residentCheck.id))?.status,
      organisationCheck: (await getRecord('eligibility-check', made.organisationCheck.id))?.status,
    });

    expect(await runRetention(new Date(acknowledgedAt + 8 * DAY))).toBe(2);
    expect(await status()).toEqual({
      signup: 'purged',
      grant: 'synced',
      residentCheck: 'purged',
      organisationCheck: 'synced',
    });
    expect((await getRecord('grant-application', made.grant.id))?.payload).toEqual({
      organisation: 'Leigh Lunch Club',
    });

    expect(await runRetention(new Date(acknowledgedAt + 31 * DAY))).toBe(2);
    expect(await status()).toEqual({
      signup: 'purged',
      grant: 'purged',
      residentCheck: 'purged',
      organisationCheck: 'purged',
    });
  });

  it('uses the built-in programmes’ periods on a tablet that has never pulled', async () => {
    const grant = await createRecord('grant-application', { organisation: 'Leigh Lunch Club' });
    await markReady('grant-application', grant.id);
    await sendAll();
    const acknowledgedAt = Date.parse(
      (await getRecord('grant-application', grant.id))?.acknowledgedAt as string,
    );
    const days = MICRO_GRANT.retentionDays;
    expect(await runRetention(new Date(acknowledgedAt + (days - 1) * DAY))).toBe(0);
    expect(await runRetention(new Date(acknowledgedAt + (days + 1) * DAY))).toBe(1);
  });
});

describe('signing out', () => {
  const session = sessionFor('u1', 'worker1');

  it('is refused while records are unsent, saying how many, and allowed once they have reached the server', async () => {
    await signedInAs('u1', 'worker1');
    await markReady('signup', (await createRecord('signup', { firstName: 'Ada' })).id);
    await markReady('signup', (await createRecord('signup', { firstName: 'Grace' })).id);
    await createRecord('signup', { firstName: 'Draft only' });
    expect(await signOut()).toEqual({ signedOut: false, unsent: 2 });
    expect(await readSession()).toEqual(session);

    await sendAll('rejected');
    expect(await signOut()).toEqual({ signedOut: false, unsent: 2 });

    freshDatabase();
    await signedInAs('u1', 'worker1');
    await markReady('signup', (await createRecord('signup', { firstName: 'Ada' })).id);
    const batch = await takeBatch({ maxChanges: 100, maxBytes: 1_000_000 });
    const [sent] = batch.changes;
    await applyPushResults(batch, [
      {
        changeId: sent?.change.changeId ?? null,
        status: 'conflict',
        recordVersion: 2,
        server: { version: 2, payload: { firstName: 'Ada (central)' }, updatedAt: new Date().toISOString() },
      },
    ]);
    // A conflict has not reached the server either.
    expect(await signOut()).toEqual({ signedOut: false, unsent: 1 });

    freshDatabase();
    await signedInAs('u1', 'worker1');
    await markReady('signup', (await createRecord('signup', { firstName: 'Ada' })).id);
    await sendAll();
    expect(await signOut()).toEqual({ signedOut: true, removed: 0 });
    expect(await readSession()).toBeUndefined();
  });

  it('is not stopped by another worker’s unsent records, which only that worker can send', async () => {
    await signedInAs('u2', 'worker2');
    await markReady('signup', (await createRecord('signup', { firstName: 'Theirs' })).id);
    await signedInAs('u1', 'worker1');
    await markReady('signup', (await createRecord('signup', { firstName: 'Mine' })).id);
    expect(await signOut()).toEqual({ signedOut: false, unsent: 1 });
    // worker1's record reaches the server (a run takes only the signed-in worker's); worker2's still waits.
    const batch = await takeBatch({ maxChanges: 100, maxBytes: 1_000_000 }, { workerId: 'u1' });
    expect(batch.changes).toHaveLength(1);
    await applyPushResults(
      batch,
      batch.changes.map(({ change }) => ({ changeId: change.changeId, status: 'applied', recordVersion: 1 })),
    );
    expect(await countUnsent()).toBe(1);
    expect(await signOut()).toEqual({ signedOut: true, removed: 0 });
  });
});
