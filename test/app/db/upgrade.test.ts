// @vitest-environment node
// The schema upgrade path: a database written by an older release opens in this one with every field intact.
import { describe, expect, it } from 'vitest';
import { readAttachment } from '../../../src/app/db/attachments';
import { decodePayload, encodePayload } from '../../../src/app/db/codec';
import { connectDatabase } from '../../../src/app/db/connection';
import type { EncodedPayload, StoredRecord } from '../../../src/app/db/database';
import { AnchorDatabase, LATEST_SCHEMA_VERSION } from '../../../src/app/db/database';
import { forgetCachedDeviceInfo } from '../../../src/app/db/device';
import { findSignupMatches, matchKeyOf } from '../../../src/app/db/match-key';
import { listOutbox } from '../../../src/app/db/outbox';
import { getRecord, listRecords } from '../../../src/app/db/records';
import { sealLegacyRecords } from '../../../src/app/db/workers';
import { signedInAs } from './signed-in';

const DEVICE = '01890a5d-ac96-774b-bcce-b302099a8057';

/** A record exactly as release 1 stored it: payload as a plain object, no codec. */
const v1Record = (id: string, type: string, status: string, updatedAt: string, payload: unknown) => ({
  id,
  type,
  status,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt,
  workerId: 'worker-7',
  deviceId: DEVICE,
  version: 3,
  serverVersion: 0,
  problem: status === 'needs-attention' ? { code: 'postcode-unknown', message: 'Postcode not found' } : null,
  payload,
});

async function writeVersion1(name: string) {
  const old = new AnchorDatabase(name, 1);
  await old.open();
  expect(old.verno).toBe(1);
  const signup = v1Record(
    '01890a5d-ac96-774b-bcce-b30209900001',
    'signup',
    'ready',
    '2026-11-20T10:00:00.000Z',
    {
      firstName: 'Ada',
      nested: { roles: ['porter', 'catering'], dateOfBirth: '1990-02-28' },
    },
  );
  const check = v1Record(
    '01890a5d-ac96-774b-bcce-b30209900002',
    'eligibility-check',
    'needs-attention',
    '2026-11-20T11:00:00.000Z',
    { postcode: 'SS1 1AA' },
  );
  const grant = v1Record(
    '01890a5d-ac96-774b-bcce-b30209900003',
    'grant-application',
    'draft',
    '2026-11-20T12:00:00.000Z',
    {
      amountPence: 150_000,
    },
  );
  await old.table('signups').add(signup);
  await old.table('eligibilityChecks').add(check);
  await old.table('grantApplications').add(grant);
  const change = {
    changeId: '01890a5d-ac96-774b-bcce-b302099a0001',
    recordType: 'signup',
    recordId: signup.id,
    recordVersion: 3,
    baseVersion: 0,
    payload: signup.payload,
    clientUpdatedAt: signup.updatedAt,
    queuedAt: '2026-11-20T10:00:01.000Z',
    attempts: 2,
  };
  await old.table('outbox').add(change);
  const attachment = {
    id: '01890a5d-ac96-774b-bcce-b302099a0101',
    recordId: grant.id,
    recordType: 'grant-application',
    name: 'page-1.jpg',
    mediaType: 'image/jpeg',
    size: 3,
    sha256: 'a'.repeat(64),
    position: 0,
    createdAt: '2026-11-20T12:01:00.000Z',
    blob: new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }),
  };
  await old.table('attachments').add(attachment);
  await old
    .table('meta')
    .add({ key: 'device', value: { deviceId: DEVICE, firstUsedAt: '2026-11-01T08:00:00.000Z' } });
  // Releases 1-3 kept the signed-in session here, its bearer token in the clear.
  await old.table('meta').add({
    key: 'session',
    value: { token: 'secret-token', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 'worker-7' } },
  });
  old.close();
  return { signup, check, grant, change, attachment };
}

describe('schema upgrades', () => {
  it('opens a version 1 database with data and upgrades it to the latest without losing a field', async () => {
    const name = `upgrade-${Date.now()}`;
    const before = await writeVersion1(name);

    forgetCachedDeviceInfo();
    const db = connectDatabase(name);
    await db.open();
    expect(db.verno).toBe(LATEST_SCHEMA_VERSION);

    // Raw rows: every envelope field is unchanged and the payload now sits behind the codec; a problem code this
    // build does not know (v3) is named so, with the server's words kept.
    for (const [table, record] of [
      [db.signups, before.signup],
      [db.eligibilityChecks, before.check],
      [db.grantApplications, before.grant],
    ] as const) {
      const { payload, ...envelope } = record;
      expect(await table.get(record.id)).toEqual({
        ...envelope,
        problem: envelope.problem && { code: 'unrecognised-code', message: envelope.problem.message },
        payload: { codec: 'plain-1', body: payload },
      });
    }
    const { payload: changePayload, ...changeEnvelope } = before.change;
    // The waiting change now carries its record's worker (v3).
    expect(await db.outbox.get(before.change.changeId)).toEqual({
      ...changeEnvelope,
      workerId: 'worker-7',
      payload: { codec: 'plain-1', body: changePayload },
    });

    // Through the store's own functions, as features see them (the lists are the unlocked worker's).
    await signedInAs('worker-7');
    expect((await getRecord('signup', before.signup.id))?.payload).toEqual(before.signup.payload);
    expect((await listOutbox())[0]?.attempts).toBe(2);
    const needsAttention = await listRecords({ type: 'eligibility-check', status: 'needs-attention' });
    expect(needsAttention.records.map((r) => r.problem?.message)).toEqual([before.check.problem?.message]);

    // Attachments and device metadata are untouched, bytes included.
    const attachment = await db.attachments.get(before.attachment.id);
    expect(attachment && { ...attachment, blob: undefined }).toEqual({
      ...before.attachment,
      blob: undefined,
    });
    expect(new Uint8Array(await (attachment as { blob: Blob }).blob.arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
    expect((await db.meta.get('device'))?.value).toEqual({
      deviceId: DEVICE,
      firstUsedAt: '2026-11-01T08:00:00.000Z',
    });
    // The clear-text session is gone (v4): the worker signs in online once more and sets a passcode.
    expect(await db.meta.get('session')).toBeUndefined();
    db.close();
  });

  it('seals a plain database under its worker’s key when they unlock, without losing a field', async () => {
    const name = `upgrade-seal-${Date.now()}`;
    const before = await writeVersion1(name);
    forgetCachedDeviceInfo();
    const db = connectDatabase(name);
    await db.open();
    const raw = async () => ({
      records: [
        await db.signups.get(before.signup.id),
        await db.eligibilityChecks.get(before.check.id),
        await db.grantApplications.get(before.grant.id),
      ],
      change: await db.outbox.get(before.change.changeId),
      attachment: await db.attachments.get(before.attachment.id),
    });
    const plain = await raw();

    await signedInAs('worker-7');
    expect(await sealLegacyRecords()).toBe(5); // three records, the waiting change, the photo

    const sealed = await raw();
    // Nothing of the answers or the photo is left in the clear; every envelope field is as it was.
    expect(JSON.stringify(sealed.records)).not.toMatch(/Ada|porter|SS1 1AA|150000/);
    for (const [index, record] of sealed.records.entries()) {
      const was = plain.records[index] as StoredRecord;
      expect(record?.payload.codec).toBe('aes-gcm-1');
      // The sign-up also gets its match key (v5): null, as its answers lack a name, date of birth and postcode.
      const { matchKey, ...envelope } = record as StoredRecord;
      expect(matchKey).toBe(record?.type === 'signup' ? null : undefined);
      expect({ ...envelope, payload: null }).toEqual({ ...was, payload: null });
      expect(await decodePayload(record?.payload as EncodedPayload)).toEqual(was.payload.body);
    }
    expect(sealed.change?.payload.codec).toBe('aes-gcm-1');
    expect(await decodePayload(sealed.change?.payload as EncodedPayload)).toEqual(before.change.payload);
    expect(sealed.attachment?.seal?.worker).toBe('worker-7');
    expect(new Uint8Array(await (sealed.attachment as { blob: Blob }).blob.arrayBuffer())).not.toEqual(
      new Uint8Array([1, 2, 3]),
    );
    const photo = await readAttachment(before.attachment.id);
    expect(new Uint8Array(await (photo as Blob).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(photo?.type).toBe('image/jpeg');
    // Another worker unlocking seals nothing of worker-7's, and a second run finds nothing left.
    await signedInAs('worker-8');
    expect(await sealLegacyRecords()).toBe(0);
    await signedInAs('worker-7');
    expect(await sealLegacyRecords()).toBe(0);
    db.close();
  });
});

/** Writes `signups` into a database an older release opened, then opens it as this release does. */
async function reopenedWith(old: AnchorDatabase, name: string, signups: unknown[]): Promise<AnchorDatabase> {
  await old.table('signups').bulkAdd(signups);
  old.close();
  forgetCachedDeviceInfo();
  const db = connectDatabase(name);
  await db.open();
  expect(db.verno).toBe(LATEST_SCHEMA_VERSION);
  return db;
}

/** A record exactly as release 2 stored it: payload behind the codec, conflicts and retention in fields only. */
const v2Record = (id: string, status: string, extra: Record<string, unknown> = {}) => ({
  id,
  type: 'signup',
  status,
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T10:00:00.000Z',
  workerId: 'worker-7',
  deviceId: DEVICE,
  version: 2,
  serverVersion: 1,
  problem: null,
  payload: { codec: 'plain-1', body: { answers: { firstName: 'Ada' } } },
  ...extra,
});

describe('schema version 3', () => {
  it('moves a conflicted record to "conflict", a purged one to "purged" and one left "syncing" to "ready", and keeps every other row and field', async () => {
    const name = `upgrade-v3-${Date.now()}`;
    const old = new AnchorDatabase(name, 2);
    await old.open();
    expect(old.verno).toBe(2);
    const conflict = {
      version: 3,
      payload: { codec: 'plain-1', body: { answers: { firstName: 'Ada (central)' } } },
      updatedAt: '2026-11-21T09:00:00.000Z',
    };
    const rows = {
      conflicted: v2Record('01890a5d-ac96-774b-bcce-b30209910001', 'needs-attention', {
        problem: { code: 'version-conflict', message: 'Changed centrally' },
        conflict,
      }),
      rejected: v2Record('01890a5d-ac96-774b-bcce-b30209910002', 'needs-attention', {
        problem: { code: 'invalid-payload', message: 'Postcode missing' },
        conflict: null,
      }),
      purged: v2Record('01890a5d-ac96-774b-bcce-b30209910003', 'synced', {
        acknowledgedAt: '2026-11-01T09:00:00.000Z',
        purgedAt: '2026-11-09T09:00:00.000Z',
        payload: { codec: 'plain-1', body: { receipt: { sentAt: '2026-11-01T09:00:00.000Z' } } },
      }),
      sent: v2Record('01890a5d-ac96-774b-bcce-b30209910004', 'synced', {
        acknowledgedAt: '2026-11-20T11:00:00.000Z',
        purgedAt: null,
        review: { decision: 'approved', note: null, decidedAt: '2026-11-20T12:00:00.000Z' },
      }),
      waiting: v2Record('01890a5d-ac96-774b-bcce-b30209910005', 'ready'),
      // Left "syncing" by a run that never finished: its change is still in the outbox, so it waits again.
      inFlight: v2Record('01890a5d-ac96-774b-bcce-b30209910006', 'syncing'),
    };
    const db = await reopenedWith(old, name, Object.values(rows));
    expect(await db.signups.get(rows.conflicted.id)).toEqual({ ...rows.conflicted, status: 'conflict' });
    expect(await db.signups.get(rows.purged.id)).toEqual({ ...rows.purged, status: 'purged' });
    expect(await db.signups.get(rows.rejected.id)).toEqual(rows.rejected);
    expect(await db.signups.get(rows.sent.id)).toEqual(rows.sent);
    expect(await db.signups.get(rows.waiting.id)).toEqual(rows.waiting);
    expect(await db.signups.get(rows.inFlight.id)).toEqual({ ...rows.inFlight, status: 'ready' });
    expect(await db.signups.where('status').equals('syncing').count()).toBe(0);
    // The status index sees the new statuses.
    expect(await db.signups.where('status').equals('conflict').primaryKeys()).toEqual([rows.conflicted.id]);
    expect(await db.signups.where('status').equals('purged').primaryKeys()).toEqual([rows.purged.id]);
    db.close();
  });
});

describe('schema version 5', () => {
  it('keeps every sign-up as it was and indexes them by match key once their worker unlocks', async () => {
    const name = `upgrade-v5-${Date.now()}`;
    await signedInAs('worker-7');
    const answers = {
      firstName: 'Ada',
      lastName: 'Lovelace',
      dateOfBirth: '1990-12-10',
      postcode: 'SS1 1AA',
    };
    const old = new AnchorDatabase(name, 4);
    await old.open();
    expect(old.verno).toBe(4);
    const rows = {
      // Sealed under worker-7's key by release 4: only the match key is missing.
      sealed: v2Record('01890a5d-ac96-774b-bcce-b30209920001', 'ready', {
        payload: await encodePayload({ answers, resumeAt: 'check-answers' }),
      }),
      // Still in the clear from before encryption.
      plain: v2Record('01890a5d-ac96-774b-bcce-b30209920002', 'draft', {
        payload: {
          codec: 'plain-1',
          body: { answers: { ...answers, postcode: 'ss11aa' }, resumeAt: 'contact' },
        },
      }),
    };
    const db = await reopenedWith(old, name, Object.values(rows));
    expect(await db.signups.get(rows.sealed.id)).toEqual(rows.sealed);
    expect(await db.signups.get(rows.plain.id)).toEqual(rows.plain);
    expect(await findSignupMatches('', answers)).toEqual([]);

    // At the worker's next unlock both get their match key, and nothing else about them changes.
    expect(await sealLegacyRecords()).toBe(2);
    const key = await matchKeyOf(answers);
    const sealed = await db.signups.get(rows.sealed.id);
    expect(sealed).toEqual({ ...rows.sealed, matchKey: key });
    const { payload, ...envelope } = (await db.signups.get(rows.plain.id)) as StoredRecord;
    expect(envelope).toEqual({ ...rows.plain, payload: undefined, conflict: undefined, matchKey: key });
    expect(payload.codec).toBe('aes-gcm-1');
    expect((await findSignupMatches('', answers)).map((record) => record.id).sort()).toEqual(
      [rows.sealed.id, rows.plain.id].sort(),
    );
    db.close();
  });
});
