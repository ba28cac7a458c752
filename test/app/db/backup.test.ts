// @vitest-environment node
// Backup export and import: a full round trip, and refusal of foreign, newer and damaged files with nothing imported.
import { beforeEach, describe, expect, it } from 'vitest';
import { addAttachment, listAttachments, readAttachment } from '../../../src/app/db/attachments';
import { BackupError, exportBackup, importBackup } from '../../../src/app/db/backup';
import { BACKUP_FORMAT_VERSION, serializeBackup, verifyBackup } from '../../../src/app/db/backup-format';
import { decodeAttachment, decodePayload } from '../../../src/app/db/codec';
import type {
  AnchorDatabase,
  EncodedPayload,
  OutboxChange,
  StoredRecord,
} from '../../../src/app/db/database';
import { getDeviceInfo } from '../../../src/app/db/device';
import { countOutbox, listOutbox } from '../../../src/app/db/outbox';
import { countRecords, createRecord, getRecord, markReady, saveRecord } from '../../../src/app/db/records';
import { applyPull, applyPushResults, runRetention, takeBatch } from '../../../src/app/db/sync-queue';
import type { ChangeResult } from '../../../src/shared/api';
import { MICRO_GRANT, SOUTHEND_2050_AMBITION } from '../../../src/shared/programmes';
import { freshDatabase } from './fresh-database';
import { signedInAs } from './signed-in';

beforeEach(() => {
  freshDatabase();
});

const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 0xff, 0xd9]);

async function seedTablet() {
  await signedInAs('w1');
  const draft = await createRecord('signup', { firstName: 'Ada', roles: ['porter'] });
  const ready = await createRecord('grant-application', {
    organisation: 'Leigh Lunch Club',
    amountPence: 90_000,
  });
  await addAttachment(
    { type: 'grant-application', id: ready.id },
    new Blob([PHOTO], { type: 'image/jpeg' }),
    'p1.jpg',
  );
  await markReady('grant-application', ready.id);
  return { draft, ready };
}

async function everything() {
  const counts = await countRecords();
  const outbox = await listOutbox();
  return { counts, outbox };
}

describe('backup round trip', () => {
  it('exports every record, waiting change and attachment, and imports them on another tablet intact', async () => {
    const { draft, ready } = await seedTablet();
    const source = await getDeviceInfo();
    const outboxBefore = await listOutbox();
    const file = await exportBackup();
    expect(file.recordCount).toBe(2);
    expect(file.attachmentCount).toBe(1);
    expect(file.fileName).toMatch(/^anchor-outreach-backup-\d{4}-\d{2}-\d{2}-\d{2}-\d{2}\.json$/);

    freshDatabase(); // another tablet
    const summary = await importBackup(file.blob);
    expect(summary).toEqual({ imported: 2, alreadyHere: 0, attachmentsImported: 1 });

    expect(await getRecord('signup', draft.id)).toEqual(draft);
    const restored = await getRecord('grant-application', ready.id);
    expect(restored).toMatchObject({ status: 'ready', deviceId: source.deviceId, payload: ready.payload });
    // The waiting change keeps its changeId, so the server recognises it if the first tablet sent it too.
    const opened = async (changes: OutboxChange[]) =>
      Promise.all(
        changes.map(async (change) => ({ ...change, payload: await decodePayload(change.payload) })),
      );
    expect(await opened(await listOutbox())).toEqual(await opened(outboxBefore));
    const [attachment] = await listAttachments(ready.id);
    expect(attachment).toMatchObject({ name: 'p1.jpg', size: PHOTO.length, mediaType: 'image/jpeg' });
    const bytes = new Uint8Array(await ((await readAttachment(attachment?.id ?? '')) as Blob).arrayBuffer());
    expect(bytes).toEqual(PHOTO);
  });

  it('on the same tablet keeps records it already has at the same or a newer version', async () => {
    const { draft } = await seedTablet();
    const file = await exportBackup();
    await saveRecord('signup', draft.id, { firstName: 'Ada (newer)' });
    const summary = await importBackup(file.blob);
    expect(summary).toEqual({ imported: 0, alreadyHere: 2, attachmentsImported: 0 });
    expect((await getRecord('signup', draft.id))?.payload).toEqual({ firstName: 'Ada (newer)' });
    expect(await countOutbox()).toBe(1);
  });

  it('sends again a record that was mid-sync when the backup was made', async () => {
    const { ready } = await seedTablet();
    const db = freshDatabase(); // another tablet
    // Build a file by hand, as an older version wrote it: the record "syncing" and its change missing.
    const deviceId = '01890a5d-ac96-774b-bcce-b302099a8057';
    const content = {
      records: [
        {
          id: ready.id,
          type: 'grant-application' as const,
          status: 'syncing' as 'ready',
          createdAt: ready.createdAt,
          updatedAt: ready.updatedAt,
          workerId: null,
          deviceId,
          version: 1,
          serverVersion: 0,
          problem: null,
          payload: ready.payload,
        },
      ],
      outbox: [],
      attachments: [],
    };
    const file = await serializeBackup(content, { deviceId, exportedAt: new Date().toISOString() });
    await importBackup(new Blob([file]));
    expect((await getRecord('grant-application', ready.id))?.status).toBe('ready');
    const outbox = await db.outbox.toArray();
    expect(outbox.map((change) => change.recordId)).toEqual([ready.id]);
  });
});

/**
 * Every stored row of every table, payloads and photos opened with the worker's key: what a restore must give
 * back exactly (the ciphertext differs, each seal having a fresh IV).
 */
async function storedRows(db: AnchorDatabase) {
  const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
  const opened = async (rows: StoredRecord[]) =>
    Promise.all(
      byId(rows).map(async (row) => ({
        ...row,
        payload: await decodePayload(row.payload),
        ...(row.conflict
          ? { conflict: { ...row.conflict, payload: await decodePayload(row.conflict.payload) } }
          : {}),
      })),
    );
  return {
    signups: await opened(await db.signups.toArray()),
    eligibilityChecks: await opened(await db.eligibilityChecks.toArray()),
    grantApplications: await opened(await db.grantApplications.toArray()),
    outbox: await Promise.all(
      (await db.outbox.orderBy('changeId').toArray()).map(async (change) => ({
        ...change,
        payload: await decodePayload(change.payload),
      })),
    ),
    attachments: await Promise.all(
      byId(await db.attachments.toArray()).map(async ({ blob, seal, ...info }) => ({
        ...info,
        sealedBy: seal?.worker,
        bytes: [...new Uint8Array(await (await decodeAttachment({ ...info, blob, seal })).arrayBuffer())],
      })),
    ),
  };
}

async function answerEach(answer: (changeId: string, index: number) => ChangeResult) {
  const batch = await takeBatch({ maxChanges: 100, maxBytes: 10_000_000 });
  await applyPushResults(
    batch,
    batch.changes.map(({ change }, index) => answer(change.changeId, index)),
  );
}

describe('backup of every status and field', () => {
  it('restores a conflicted, reviewed, acknowledged and purged record, and every other row, exactly', async () => {
    const db = freshDatabase();
    // Pulled settings: grant applications kept 30 days, resident records 1 (so only the sign-up is purged).
    const reference = {
      programmes: [
        { ...SOUTHEND_2050_AMBITION, retentionDays: 1 },
        { ...MICRO_GRANT, retentionDays: 30 },
      ],
      fundsRemaining: [],
      postcodeLookupVersion: null,
    };
    await applyPull({ updates: [], cursor: '1', hasMore: false, reference, disabledWorkers: [] });
    const purged = await createRecord('signup', { firstName: 'Purged' });
    const reviewed = await createRecord('grant-application', { organisation: 'Leigh Lunch Club' });
    await addAttachment(
      { type: 'grant-application', id: reviewed.id },
      new Blob([PHOTO], { type: 'image/jpeg' }),
      'p1.jpg',
    );
    await markReady('signup', purged.id);
    await markReady('grant-application', reviewed.id);
    await answerEach((changeId) => ({ changeId, status: 'applied', recordVersion: 1 }));
    await applyPull({
      updates: [
        {
          cursor: '2',
          recordId: reviewed.id,
          recordType: 'grant-application',
          recordVersion: 1,
          review: {
            decision: 'under-review',
            note: 'Call about the budget',
            decidedAt: new Date().toISOString(),
          },
        },
      ],
      cursor: '2',
      hasMore: false,
      reference,
      disabledWorkers: [],
    });
    expect(await runRetention(new Date(Date.now() + 2 * 86_400_000))).toBe(1);

    const conflicted = await createRecord('signup', { firstName: 'Conflicted' });
    const refused = await createRecord('eligibility-check', { kind: 'resident', answers: {} });
    await markReady('signup', conflicted.id);
    await markReady('eligibility-check', refused.id);
    await answerEach((changeId, index) =>
      index === 0
        ? {
            changeId,
            status: 'conflict',
            recordVersion: 2,
            error: { code: 'version-conflict', message: 'Changed centrally.' },
            server: { version: 2, payload: { firstName: 'Central' }, updatedAt: new Date().toISOString() },
          }
        : { changeId, status: 'rejected', error: { code: 'invalid-payload', message: 'No result.' } },
    );
    const waiting = await markReady('signup', (await createRecord('signup', { firstName: 'Waiting' })).id);
    await createRecord('grant-application', { organisation: 'Draft' });

    const before = await storedRows(db);
    // Every field the issue names is really there to lose.
    expect(before.signups.find((row) => row.id === purged.id)).toMatchObject({
      status: 'purged',
      purgedAt: expect.any(String),
      acknowledgedAt: expect.any(String),
    });
    expect(before.grantApplications.find((row) => row.id === reviewed.id)).toMatchObject({
      status: 'synced',
      acknowledgedAt: expect.any(String),
      review: { decision: 'under-review' },
    });
    expect(before.signups.find((row) => row.id === conflicted.id)).toMatchObject({
      status: 'conflict',
      conflict: { version: 2 },
      problem: { code: 'version-conflict' },
    });
    expect(before.eligibilityChecks[0]).toMatchObject({
      status: 'needs-attention',
      problem: { code: 'invalid-payload' },
    });
    expect(before.outbox.map((change) => change.recordId)).toEqual([waiting.id]);

    const file = await exportBackup();
    const other = freshDatabase(); // another tablet
    expect(await importBackup(file.blob)).toEqual({ imported: 6, alreadyHere: 0, attachmentsImported: 1 });
    expect(await storedRows(other)).toStrictEqual(before);
    // The central copy is decoded in the file, so another build can read it.
    expect(JSON.parse(await file.blob.text()).content.records).toContainEqual(
      expect.objectContaining({
        id: conflicted.id,
        conflict: expect.objectContaining({ payload: { firstName: 'Central' } }),
      }),
    );
  });

  it('still imports a version 1 file, whose records have none of the later fields', async () => {
    const deviceId = '01890a5d-ac96-774b-bcce-b302099a8057';
    const record = {
      id: '01890a5d-ac96-774b-bcce-b30209900001',
      type: 'signup' as const,
      status: 'needs-attention' as const,
      createdAt: '2026-11-20T09:00:00.000Z',
      updatedAt: '2026-11-20T10:00:00.000Z',
      workerId: 'w1',
      deviceId,
      version: 2,
      serverVersion: 0,
      problem: { code: 'postcode-unknown', message: 'Postcode not found' },
      payload: { firstName: 'Ada' },
    };
    const text = await serializeBackup(
      { records: [record], outbox: [], attachments: [] },
      {
        deviceId,
        exportedAt: new Date().toISOString(),
      },
    );
    const version1 = text.replace(`"formatVersion":${BACKUP_FORMAT_VERSION}`, '"formatVersion":1');
    expect(version1).not.toBe(text);
    const db = freshDatabase();
    await signedInAs('w1');
    expect(await importBackup(new Blob([version1]))).toEqual({
      imported: 1,
      alreadyHere: 0,
      attachmentsImported: 0,
    });
    const stored = await db.signups.get(record.id);
    expect(stored).toStrictEqual({
      ...record,
      // A code this build does not know is named so; the server's words are kept.
      problem: { code: 'unrecognised-code', message: 'Postcode not found' },
      payload: stored?.payload,
      // Not all of name, date of birth and postcode: a sign-up the duplicate check never matches.
      matchKey: null,
    });
    // Sealed under the restoring worker's key.
    expect(stored?.payload.codec).toBe('aes-gcm-1');
    expect(await decodePayload(stored?.payload as EncodedPayload)).toEqual({ firstName: 'Ada' });
  });

  it('refuses a file holding another worker’s records, which only they could read once sealed', async () => {
    const { draft } = await seedTablet();
    const file = await exportBackup();
    freshDatabase(); // another tablet
    await signedInAs('w2');
    const error = await importBackup(file.blob).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).problem).toBe('another-worker');
    await signedInAs('w1');
    expect(await getRecord('signup', draft.id)).toBeUndefined();
  });

  it('exports only the unlocked worker’s records, never another worker’s on the same tablet', async () => {
    await seedTablet();
    await signedInAs('w2');
    await createRecord('signup', { firstName: 'Theirs' });
    const file = await exportBackup();
    expect(file.recordCount).toBe(1);
    expect(await file.blob.text()).not.toContain('Leigh Lunch Club');
  });
});

describe('refused files import nothing', () => {
  async function refusal(text: string) {
    const before = await everything();
    const error = await importBackup(new Blob([text])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect(await everything()).toEqual(before);
    return error as BackupError;
  }

  it('refuses a file that is not JSON, or JSON that is not ours', async () => {
    await seedTablet();
    expect((await refusal('PK\u0003\u0004 not a backup')).problem).toBe('foreign');
    const other = await refusal(JSON.stringify({ format: 'someone-else', records: [] }));
    expect(other.problem).toBe('foreign');
    expect(other.message).toMatch(/not an Anchor Outreach backup/);
  });

  it('refuses a file from a newer version of the app', async () => {
    await seedTablet();
    const text = await (await exportBackup()).blob.text();
    const newer = text.replace(
      `"formatVersion":${BACKUP_FORMAT_VERSION}`,
      `"formatVersion":${BACKUP_FORMAT_VERSION + 1}`,
    );
    expect(newer).not.toBe(text);
    const error = await refusal(newer);
    expect(error.problem).toBe('newer');
    expect(error.message).toMatch(/newer version/);
  });

  it('refuses a file whose contents were changed or cut short', async () => {
    const { draft } = await seedTablet();
    const text = await (await exportBackup()).blob.text();
    freshDatabase();
    const tampered = text.replace('"firstName":"Ada"', '"firstName":"Eve"');
    expect(tampered).not.toBe(text);
    expect((await refusal(tampered)).message).toMatch(/damaged.*checksum/);
    expect((await refusal(text.slice(0, text.length - 40))).problem).toBe('foreign');
    expect(await getRecord('signup', draft.id)).toBeUndefined();
  });

  it('refuses a file whose attachment bytes do not match their SHA-256, even with a matching checksum', async () => {
    await seedTablet();
    const text = await (await exportBackup()).blob.text();
    const parsed = JSON.parse(text);
    parsed.content.attachments[0].data = Buffer.from([1, 2, 3]).toString('base64');
    const rewritten = await serializeBackup(parsed.content, parsed);
    freshDatabase();
    const error = await refusal(rewritten);
    expect(error.message).toMatch(/attachment p1\.jpg/);
  });

  it('imports nothing when a write fails part-way through', async () => {
    await seedTablet();
    const file = await exportBackup();
    const db = freshDatabase();
    await createRecord('eligibility-check', { kept: true });
    db.attachments.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    const before = await everything();
    const error = await importBackup(file.blob).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StoreError', kind: 'quota' });
    expect(await everything()).toEqual(before);
  });

  it('verifyBackup reports a damaged field with where it is', async () => {
    const deviceId = '01890a5d-ac96-774b-bcce-b302099a8057';
    const content = { records: [{ id: 'not-a-uuid' }], outbox: [], attachments: [] };
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed content.
    const text = await serializeBackup(content as any, { deviceId, exportedAt: new Date().toISOString() });
    await expect(verifyBackup(text)).rejects.toThrow(/damaged \(a value is not valid at records\.0\.id\)/);
  });
});
