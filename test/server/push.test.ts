// POST /api/v1/sync/push: exactly-once changes, per-change rejection, conflicts, ownership, shared tablets, limits.
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devices, processedChanges, records } from '../../src/server/db/schema';
import { PUSH_MAX_BODY_BYTES, PUSH_MAX_CHANGES } from '../../src/shared/api';
import { newId } from '../../src/shared/ids';
import { SUPERSEDES_MAX } from '../../src/shared/sync-limits';
import {
  change,
  checkPayload,
  makeUser,
  pushBody,
  signupPayload,
  type TestUser,
  testApi,
} from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

describe.each(databaseKinds())('push on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let other: TestUser;
  const device = newId();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    other = await makeUser(database.db);
  });
  afterAll(() => database.close());

  const push = (user: TestUser, changes: unknown[], deviceId = device) =>
    api.call('/api/v1/sync/push', { token: user.token, json: pushBody(deviceId, changes) });

  const rowCount = async (recordId: string) => {
    const rows = await database.db.select().from(records).where(eq(records.id, recordId));
    return rows.length;
  };

  it('applies a new record at version 1', async () => {
    const c = change();
    const response = await push(worker, [c]);
    expect(response.status).toBe(200);
    expect(response.json.results).toEqual([{ changeId: c.changeId, status: 'applied', recordVersion: 1 }]);
    const [row] = await database.db
      .select()
      .from(records)
      .where(eq(records.id, c.recordId as string));
    expect(row).toMatchObject({
      type: 'signup',
      ownerId: worker.id,
      deviceId: device,
      version: 1,
      payload: signupPayload(),
    });
  });

  it('stores one row when the same push is sent twice, and answers the retry with the stored result', async () => {
    const c = change();
    const first = await push(worker, [c]);
    const second = await push(worker, [c]);
    expect(first.json.results[0]).toMatchObject({ status: 'applied', recordVersion: 1 });
    expect(second.json.results[0]).toEqual({ changeId: c.changeId, status: 'duplicate', recordVersion: 1 });
    expect(await rowCount(c.recordId as string)).toBe(1);
    const processed = await database.db
      .select()
      .from(processedChanges)
      .where(eq(processedChanges.changeId, c.changeId as string));
    expect(processed).toHaveLength(1);
  });

  it('applies a change sent by two tabs at the same moment once', async () => {
    const c = change();
    const [a, b] = await Promise.all([push(worker, [c]), push(worker, [c])]);
    const statuses = [a.json.results[0].status, b.json.results[0].status].sort();
    expect(statuses).toEqual(['applied', 'duplicate']);
    expect(await rowCount(c.recordId as string)).toBe(1);
  });

  it('updates a record from the version the tablet last saw', async () => {
    const created = change();
    await push(worker, [created]);
    const edit = change({
      recordId: created.recordId,
      baseVersion: 1,
      payload: signupPayload({ lastName: 'L' }),
    });
    const response = await push(worker, [edit]);
    expect(response.json.results[0]).toMatchObject({ status: 'applied', recordVersion: 2 });
    const [row] = await database.db
      .select()
      .from(records)
      .where(eq(records.id, created.recordId as string));
    expect(row?.payload).toEqual(signupPayload({ lastName: 'L' }));
  });

  it('rejects only the bad changes in a batch and applies the rest', async () => {
    const good1 = change();
    const badEnvelope = { ...change(), recordType: 'parking-ticket' };
    const badPayload = change({ recordType: 'grant-application', payload: { amountRequestedPence: 'lots' } });
    const noId = { payload: {} };
    const good2 = change({ recordType: 'eligibility-check', payload: checkPayload() });
    const unfinishedCheck = change({
      recordType: 'eligibility-check',
      payload: { ...checkPayload(), result: null },
    });
    const response = await push(worker, [good1, badEnvelope, badPayload, noId, good2, unfinishedCheck]);
    expect(response.status).toBe(200);
    const results = response.json.results;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'applied',
      'rejected',
      'rejected',
      'rejected',
      'applied',
      'rejected',
    ]);
    expect(results[5]).toMatchObject({ error: { code: 'invalid-payload' } });
    expect(results[5].error.details[0].path).toBe('result');
    expect(results[1]).toMatchObject({ changeId: badEnvelope.changeId, error: { code: 'invalid-change' } });
    expect(results[1].error.details[0].path).toBe('recordType');
    expect(results[2]).toMatchObject({ error: { code: 'invalid-payload' } });
    expect(results[2].error.details[0].path).toBe('amountRequestedPence');
    expect(results[3]).toMatchObject({ changeId: null, error: { code: 'invalid-change' } });
    expect(await rowCount(good1.recordId as string)).toBe(1);
    expect(await rowCount(good2.recordId as string)).toBe(1);
    expect(await rowCount(badPayload.recordId as string)).toBe(0);
  });

  it('rejects a sign-up whose answers break the shared sign-up rules, naming the field', async () => {
    const bad = change({
      payload: signupPayload({ postcode: 'not a postcode', contactMethod: 'email', email: '' }),
    });
    const response = await push(worker, [bad]);
    expect(response.json.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'invalid-payload' },
    });
    const paths = response.json.results[0].error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('answers.postcode');
    expect(await rowCount(bad.recordId as string)).toBe(0);
  });

  it('answers a change from behind the server’s version with a conflict and the server’s copy', async () => {
    const created = change();
    await push(worker, [created]);
    await push(worker, [
      change({
        recordId: created.recordId,
        baseVersion: 1,
        payload: signupPayload({ firstName: 'Tablet A' }),
      }),
    ]);
    const stale = change({
      recordId: created.recordId,
      baseVersion: 1,
      payload: signupPayload({ firstName: 'Tablet B' }),
    });
    const response = await push(worker, [stale]);
    expect(response.json.results[0]).toMatchObject({
      changeId: stale.changeId,
      status: 'conflict',
      recordVersion: 2,
      error: { code: 'version-conflict' },
      server: { version: 2, payload: signupPayload({ firstName: 'Tablet A' }) },
    });
    const [row] = await database.db
      .select()
      .from(records)
      .where(eq(records.id, created.recordId as string));
    expect(row?.payload).toEqual(signupPayload({ firstName: 'Tablet A' }));
  });

  it('applies a change on top of the version a change it supersedes made (the same tablet, answer lost)', async () => {
    const created = change();
    await push(worker, [created]);
    const lost = change({
      recordId: created.recordId,
      baseVersion: 1,
      payload: signupPayload({ firstName: 'A' }),
    });
    await push(worker, [lost]);
    const next = change({
      recordId: created.recordId,
      baseVersion: 1,
      payload: signupPayload({ firstName: 'B' }),
      supersedes: [newId(), lost.changeId],
    });
    const response = await push(worker, [next]);
    expect(response.json.results[0]).toEqual({
      changeId: next.changeId,
      status: 'applied',
      recordVersion: 3,
    });
    const [row] = await database.db
      .select()
      .from(records)
      .where(eq(records.id, created.recordId as string));
    expect(row).toMatchObject({ version: 3, payload: signupPayload({ firstName: 'B' }) });
  });

  it('still answers a conflict when the server’s version is not the superseded change’s, or it is not this worker’s', async () => {
    const created = change();
    await push(worker, [created]);
    const lost = change({ recordId: created.recordId, baseVersion: 1 });
    await push(worker, [lost]);
    // Another tablet of the same worker wrote after the superseded change.
    await push(worker, [change({ recordId: created.recordId, baseVersion: 2 })]);
    const after = change({ recordId: created.recordId, baseVersion: 1, supersedes: [lost.changeId] });
    const otherWorkers = change();
    await push(other, [otherWorkers]);
    const mine = change();
    await push(worker, [mine]);
    await push(worker, [change({ recordId: mine.recordId, baseVersion: 1 })]);
    // A change id of another worker's record cannot stand for a change of this one.
    const borrowed = change({ recordId: mine.recordId, baseVersion: 0, supersedes: [otherWorkers.changeId] });
    const response = await push(worker, [after, borrowed]);
    expect(response.json.results.map((r: { status: string }) => r.status)).toEqual(['conflict', 'conflict']);
  });

  it('rejects a change naming more superseded changes than the protocol allows', async () => {
    const tooMany = change({ supersedes: Array.from({ length: SUPERSEDES_MAX + 1 }, () => newId()) });
    const response = await push(worker, [tooMany]);
    expect(response.json.results[0]).toMatchObject({ status: 'rejected', error: { code: 'invalid-change' } });
    expect(await rowCount(tooMany.recordId as string)).toBe(0);
  });

  it('rejects a base version the server never had, and an edit of a record it never received', async () => {
    const created = change();
    await push(worker, [created]);
    const ahead = change({ recordId: created.recordId, baseVersion: 5 });
    const unknown = change({ baseVersion: 3 });
    const response = await push(worker, [ahead, unknown]);
    expect(response.json.results.map((r: { error: { code: string } }) => r.error.code)).toEqual([
      'base-version-ahead',
      'record-not-on-server',
    ]);
  });

  it('takes pushes from two workers sharing one tablet: both applied, each owns their records', async () => {
    const shared = newId();
    const mine = change();
    const theirs = change();
    const first = await push(worker, [mine], shared);
    const second = await push(other, [theirs], shared);
    expect(first.status).toBe(200);
    expect(second.status).toBe(200);
    expect(first.json.results[0]).toMatchObject({ status: 'applied', recordVersion: 1 });
    expect(second.json.results[0]).toMatchObject({ status: 'applied', recordVersion: 1 });
    // Back to the first worker on the same tablet: still taken.
    const again = await push(worker, [change()], shared);
    expect(again.json.results[0]).toMatchObject({ status: 'applied' });

    const owners = await database.db
      .select({ id: records.id, ownerId: records.ownerId, deviceId: records.deviceId })
      .from(records)
      .where(inArray(records.id, [mine.recordId as string, theirs.recordId as string]));
    expect(owners).toEqual(
      expect.arrayContaining([
        { id: mine.recordId, ownerId: worker.id, deviceId: shared },
        { id: theirs.recordId, ownerId: other.id, deviceId: shared },
      ]),
    );
    const seen = await database.db.select().from(devices).where(eq(devices.id, shared));
    expect(seen.map((row) => row.accountId).sort()).toEqual([worker.id, other.id].sort());
  });

  it('refuses an edit of another worker’s record, even from the tablet it was made on', async () => {
    const shared = newId();
    const mine = change();
    await push(worker, [mine], shared);
    const takeover = change({
      recordId: mine.recordId,
      baseVersion: 1,
      payload: signupPayload({ firstName: 'Mallory' }),
    });
    for (const deviceId of [shared, newId()]) {
      const attempt = await push(other, [{ ...takeover, changeId: newId() }], deviceId);
      expect(attempt.status).toBe(200);
      expect(attempt.json.results[0]).toMatchObject({
        status: 'rejected',
        error: { code: 'not-your-record' },
      });
    }
    const [row] = await database.db
      .select()
      .from(records)
      .where(eq(records.id, mine.recordId as string));
    expect(row).toMatchObject({ ownerId: worker.id, version: 1, payload: signupPayload() });
  });

  it('rejects a record naming a photo the server lacks, and applies it once the photo is uploaded', async () => {
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 9, 9, 9]);
    const sha256 = Buffer.from(await crypto.subtle.digest('SHA-256', bytes)).toString('hex');
    const withPhoto = change({
      recordType: 'grant-application',
      payload: { amountRequestedPence: 60_000, attachments: [{ sha256 }] },
    });
    const first = await push(worker, [withPhoto]);
    expect(first.json.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'attachment-missing', details: { missing: [sha256] } },
    });
    const upload = await api.call(`/api/v1/attachments/${sha256}`, {
      method: 'PUT',
      token: worker.token,
      body: bytes,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(upload.status).toBe(201);
    const second = await push(worker, [withPhoto]);
    expect(second.json.results[0]).toMatchObject({ status: 'applied', recordVersion: 1 });
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    const response = await api.call('/api/v1/sync/push', {
      token: worker.token,
      body: '{"protocolVersion": 1, "changes": [',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      error: { code: 'malformed-json', message: 'The request body is not valid JSON.' },
    });
  });

  it('answers a body that is not a push with 400 invalid-request and where it is wrong', async () => {
    const response = await api.call('/api/v1/sync/push', {
      token: worker.token,
      json: { deviceId: 'x', changes: 3 },
    });
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid-request');
    expect(response.json.error.details.map((d: { path: string }) => d.path)).toEqual(
      expect.arrayContaining(['protocolVersion', 'deviceId', 'changes']),
    );
  });

  it('refuses another protocol version', async () => {
    const response = await api.call('/api/v1/sync/push', {
      token: worker.token,
      json: { ...pushBody(device, []), protocolVersion: 99 },
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toMatchObject({
      code: 'protocol-version-unsupported',
      details: { supported: [1] },
    });
  });

  it('answers a body over the limit with 413 body-too-large, and more than the batch cap with 413 batch-too-large', async () => {
    const huge = change({ payload: signupPayload({ adjustments: 'x'.repeat(PUSH_MAX_BODY_BYTES) }) });
    const tooBig = await push(worker, [huge]);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('body-too-large');

    const many = Array.from({ length: PUSH_MAX_CHANGES + 1 }, () => change());
    const tooMany = await push(worker, many);
    expect(tooMany.status).toBe(413);
    expect(tooMany.json.error).toMatchObject({
      code: 'batch-too-large',
      details: { maxChanges: PUSH_MAX_CHANGES },
    });
    expect(await rowCount(many[0]?.recordId as string)).toBe(0);
  });

  it('takes a full batch of the cap in one push', async () => {
    const batch = Array.from({ length: PUSH_MAX_CHANGES }, () => change());
    const response = await push(worker, batch);
    expect(response.status).toBe(200);
    expect(response.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
  });
});
