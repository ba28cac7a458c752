// @vitest-environment node
// Backup export and import: a full round trip, and refusal of foreign, newer and damaged files with nothing imported.
import { beforeEach, describe, expect, it } from 'vitest';
import { addAttachment, listAttachments, readAttachment } from '../../../src/app/db/attachments';
import { BackupError, exportBackup, importBackup } from '../../../src/app/db/backup';
import { BACKUP_FORMAT_VERSION, serializeBackup, verifyBackup } from '../../../src/app/db/backup-format';
import { getDeviceInfo } from '../../../src/app/db/device';
import { countOutbox, listOutbox } from '../../../src/app/db/outbox';
import { countRecords, createRecord, getRecord, markReady, saveRecord } from '../../../src/app/db/records';
import { freshDatabase } from './fresh-database';

beforeEach(() => {
  freshDatabase();
});

const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 4, 5, 0xff, 0xd9]);

async function seedTablet() {
  const draft = await createRecord('signup', { firstName: 'Ada', roles: ['porter'] }, { workerId: 'w1' });
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
    expect(await listOutbox()).toEqual(outboxBefore);
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
    // Build a file by hand whose record is "syncing" and whose change is missing.
    const deviceId = '01890a5d-ac96-774b-bcce-b302099a8057';
    const content = {
      records: [
        {
          id: ready.id,
          type: 'grant-application' as const,
          status: 'syncing' as const,
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
