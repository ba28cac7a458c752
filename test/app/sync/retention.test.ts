// @vitest-environment node
// Retention and sign-out: acknowledged records keep only a receipt after the retention period; signing out is
// refused while anything is unsent.
import { beforeEach, describe, expect, it } from 'vitest';
import { addAttachment, listAttachments } from '../../../src/app/db/attachments';
import { createRecord, getRecord, markReady } from '../../../src/app/db/records';
import { readSession, saveSession } from '../../../src/app/db/session';
import { applyPushResults, purgeAcknowledged, takeBatch } from '../../../src/app/db/sync-queue';
import { signOut } from '../../../src/app/sync/sign-in';
import type { ChangeResult } from '../../../src/shared/api';
import { freshDatabase } from '../db/fresh-database';

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

    expect(await purgeAcknowledged(7, new Date(Date.parse(acknowledgedAt) + 6 * 86_400_000))).toBe(0);
    expect((await getRecord('grant-application', sent.id))?.payload).toMatchObject({
      organisation: 'Leigh Lunch Club',
    });

    expect(await purgeAcknowledged(7, new Date(Date.parse(acknowledgedAt) + 8 * 86_400_000))).toBe(1);
    const receipt = await getRecord('grant-application', sent.id);
    expect(receipt).toMatchObject({ id: sent.id, type: 'grant-application', status: 'synced' });
    expect(receipt?.payload).toEqual({ receipt: { sentAt: acknowledgedAt } });
    expect(receipt?.purgedAt).toBeTruthy();
    expect(await listAttachments(sent.id)).toEqual([]);
    // Never touched: a record the server has not acknowledged.
    expect((await getRecord('signup', waiting.id))?.payload).toEqual({ firstName: 'Ada' });
    expect(await purgeAcknowledged(7, new Date(Date.parse(acknowledgedAt) + 30 * 86_400_000))).toBe(0);
  });
});

describe('signing out', () => {
  const session = {
    token: 't',
    expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    user: { id: 'u1', username: 'worker1', role: 'worker' as const },
  };

  it('is refused while records are unsent, saying how many, and allowed once they have reached the server', async () => {
    await saveSession(session);
    await markReady('signup', (await createRecord('signup', { firstName: 'Ada' })).id);
    await markReady('signup', (await createRecord('signup', { firstName: 'Grace' })).id);
    await createRecord('signup', { firstName: 'Draft only' });
    expect(await signOut()).toEqual({ signedOut: false, unsent: 2 });
    expect(await readSession()).toEqual(session);

    await sendAll('rejected');
    expect(await signOut()).toEqual({ signedOut: false, unsent: 2 });

    freshDatabase();
    await saveSession(session);
    await markReady('signup', (await createRecord('signup', { firstName: 'Ada' })).id);
    await sendAll();
    expect(await signOut()).toEqual({ signedOut: true });
    expect(await readSession()).toBeUndefined();
  });
});
