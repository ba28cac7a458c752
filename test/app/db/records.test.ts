// @vitest-environment node
// Store tests: create, save, mark ready with its outbox change, list by status newest first, counts.

import { beforeEach, describe, expect, it } from 'vitest';
import { decodePayload } from '../../../src/app/db/codec';
import type { AnchorDatabase, EncodedPayload } from '../../../src/app/db/database';
import { getDeviceInfo } from '../../../src/app/db/device';
import { StoreError } from '../../../src/app/db/errors';
import { claimUnownedRecords } from '../../../src/app/db/lifecycle';
import { countOutbox, listOutbox } from '../../../src/app/db/outbox';
import {
  countRecords,
  countUnowned,
  createRecord,
  getRecord,
  listRecords,
  markReady,
  saveRecord,
} from '../../../src/app/db/records';
import { releaseBatch, takeBatch } from '../../../src/app/db/sync-queue';
import { freshDatabase } from './fresh-database';
import { madeBeforeEncryption } from './legacy-records';
import { signedInAs } from './signed-in';

const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
let db: AnchorDatabase;

beforeEach(() => {
  db = freshDatabase();
});

describe('createRecord', () => {
  it('saves a draft with a device-made UUIDv7, envelope fields and the payload through the codec', async () => {
    await signedInAs('worker-1');
    const created = await createRecord('signup', { firstName: 'Ada' });
    const { deviceId } = await getDeviceInfo();
    expect(created.id).toMatch(UUID_V7);
    expect(created).toMatchObject({
      type: 'signup',
      status: 'draft',
      version: 1,
      serverVersion: 0,
      workerId: 'worker-1',
      deviceId,
      problem: null,
      payload: { firstName: 'Ada' },
    });
    expect(created.createdAt).toBe(created.updatedAt);
    const stored = await db.signups.get(created.id);
    // Sealed under worker-1's key: the stored row holds no answer in the clear.
    expect(stored?.payload.codec).toBe('aes-gcm-1');
    expect(JSON.stringify(stored)).not.toContain('Ada');
    expect(await decodePayload(stored?.payload as EncodedPayload)).toEqual({ firstName: 'Ada' });
    expect(await getRecord('signup', created.id)).toEqual(created);
  });

  it('keeps each type in its own table and the same device id across records', async () => {
    const a = await createRecord('grant-application', { organisation: 'Leigh Lunch Club' });
    const b = await createRecord('eligibility-check', { postcode: 'SS1 1AA' });
    expect(await db.grantApplications.count()).toBe(1);
    expect(await db.eligibilityChecks.count()).toBe(1);
    expect(a.deviceId).toBe(b.deviceId);
    expect(await getRecord('signup', a.id)).toBeUndefined();
  });

  it('does not keep a reference to the caller’s object', async () => {
    const payload = { firstName: 'Ada' };
    const created = await createRecord('signup', payload);
    payload.firstName = 'Changed';
    expect((await getRecord<{ firstName: string }>('signup', created.id))?.payload.firstName).toBe('Ada');
  });
});

describe('saveRecord', () => {
  it('updates a draft, bumps its version and keeps it a draft with nothing queued', async () => {
    const created = await createRecord('signup', { firstName: 'Ada' });
    const saved = await saveRecord('signup', created.id, { firstName: 'Ada', lastName: 'Lovelace' });
    expect(saved.version).toBe(2);
    expect(saved.status).toBe('draft');
    expect(saved.updatedAt >= created.updatedAt).toBe(true);
    expect((await getRecord('signup', created.id))?.payload).toEqual({
      firstName: 'Ada',
      lastName: 'Lovelace',
    });
    expect(await countOutbox()).toBe(0);
  });

  it('refuses a save based on an old version (another tab saved first) and keeps the newer one', async () => {
    const created = await createRecord('signup', { firstName: 'Ada' });
    await saveRecord('signup', created.id, { firstName: 'From tab B' }, { expectedVersion: 1 });
    const attempt = saveRecord('signup', created.id, { firstName: 'From tab A' }, { expectedVersion: 1 });
    await expect(attempt).rejects.toMatchObject({ name: 'StoreError', kind: 'stale' });
    expect((await getRecord('signup', created.id))?.payload).toEqual({ firstName: 'From tab B' });
  });

  it('re-queues a ready record with one fresh change carrying the latest payload', async () => {
    const created = await createRecord('signup', { firstName: 'Ada' });
    await markReady('signup', created.id);
    const [first] = await listOutbox();
    await saveRecord('signup', created.id, { firstName: 'Ada (corrected)' });
    const outbox = await listOutbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]?.changeId).not.toBe(first?.changeId);
    expect(outbox[0]?.recordVersion).toBe(2);
    expect(await decodePayload(outbox[0]?.payload as EncodedPayload)).toEqual({
      firstName: 'Ada (corrected)',
    });
  });

  it('takes an edit while a push carrying the record is in flight, as a change naming the one in flight', async () => {
    const created = await createRecord('signup', { firstName: 'Ada' });
    await markReady('signup', created.id);
    const batch = await takeBatch({ maxChanges: 10, maxBytes: 1_000_000 });
    const inFlight = batch.changes.map(({ change }) => change.changeId);
    expect(batch.changes.map(({ change }) => change.recordId)).toEqual([created.id]);
    expect((await saveRecord('signup', created.id, { firstName: 'B' })).payload).toEqual({ firstName: 'B' });
    const [waiting] = await listOutbox();
    expect(waiting?.changeId).not.toBe(inFlight[0]);
    expect(waiting?.supersedes).toEqual(inFlight);
    // An edit with no push in flight names nothing new.
    await releaseBatch(batch, { mayHaveArrived: false });
    await saveRecord('signup', created.id, { firstName: 'C' });
    expect((await listOutbox())[0]?.supersedes).toEqual(inFlight);
  });

  it('says plainly when the record is not on this tablet', async () => {
    const error = await saveRecord('signup', '01890a5d-ac96-774b-bcce-b302099a8057', {}).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.kind).toBe('not-found');
    expect(error.message).toBe('That record is not on this tablet.');
  });
});

describe('markReady', () => {
  it('sets ready and writes exactly one outbox change with a UUIDv7 changeId and the record’s snapshot', async () => {
    const created = await createRecord('grant-application', { amountPence: 100_000 });
    const ready = await markReady('grant-application', created.id);
    expect(ready.status).toBe('ready');
    const outbox = await listOutbox();
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({
      recordType: 'grant-application',
      recordId: created.id,
      recordVersion: 1,
      baseVersion: 0,
      attempts: 0,
    });
    expect(await decodePayload(outbox[0]?.payload as EncodedPayload)).toEqual({ amountPence: 100_000 });
    expect(outbox[0]?.changeId).toMatch(UUID_V7);
    await markReady('grant-application', created.id);
    expect(await countOutbox()).toBe(1);
  });

  it('writes neither the status nor the change when the transaction fails', async () => {
    const created = await createRecord('signup', { firstName: 'Ada' });
    db.outbox.hook('creating', () => {
      throw new Error('disk went away');
    });
    await expect(markReady('signup', created.id)).rejects.toBeInstanceOf(StoreError);
    expect((await getRecord('signup', created.id))?.status).toBe('draft');
    expect(await countOutbox()).toBe(0);
  });
});

describe('listing and counting', () => {
  async function seed() {
    const ids: string[] = [];
    for (let i = 0; i < 25; i++) {
      const record = await createRecord('signup', { n: i });
      ids.push(record.id);
      if (i % 5 === 0) await markReady('signup', record.id);
    }
    await createRecord('eligibility-check', { n: 99 });
    return ids;
  }

  it('lists by status newest first, and pages', async () => {
    await seed();
    const ready = await listRecords<{ n: number }>({ type: 'signup', status: 'ready' });
    expect(ready.total).toBe(5);
    expect(ready.records.map((r) => r.payload.n)).toEqual([20, 15, 10, 5, 0]);
    expect(ready.records.every((r) => r.status === 'ready')).toBe(true);

    const first = await listRecords<{ n: number }>({ type: 'signup', limit: 10 });
    const third = await listRecords<{ n: number }>({ type: 'signup', offset: 20, limit: 10 });
    expect(first.total).toBe(25);
    expect(first.records).toHaveLength(10);
    expect(first.records[0]?.payload.n).toBe(24);
    expect(third.records).toHaveLength(5);
    const updated = [...first.records, ...third.records].map((r) => r.updatedAt);
    expect(updated).toEqual([...updated].sort().reverse());
  });

  it('counts every type and status', async () => {
    await seed();
    const counts = await countRecords();
    expect(counts.signup).toEqual({
      draft: 20,
      ready: 5,
      synced: 0,
      'needs-attention': 0,
      conflict: 0,
      purged: 0,
    });
    expect(counts['eligibility-check'].draft).toBe(1);
    expect(counts['grant-application']).toEqual({
      draft: 0,
      ready: 0,
      synced: 0,
      'needs-attention': 0,
      conflict: 0,
      purged: 0,
    });
  });
});

describe('countUnowned', () => {
  it('counts the records nobody owns in every table, not the owned ones beside them', async () => {
    await signedInAs('worker-1');
    const owned = [
      await createRecord('signup', { answers: {} }),
      await createRecord('eligibility-check', {}),
    ];
    const unowned = [
      await createRecord('signup', { answers: { firstName: 'Sara' } }),
      await createRecord('grant-application', { answers: {} }),
      await createRecord('eligibility-check', {}),
    ];
    await madeBeforeEncryption(unowned, 'worker-2');
    await createRecord('grant-application', { answers: {} });
    expect(owned).toHaveLength(2);
    expect(await countUnowned()).toBe(3);
    // Claimed, they leave the count.
    await claimUnownedRecords('worker-2');
    expect(await countUnowned()).toBe(0);
  });
});
