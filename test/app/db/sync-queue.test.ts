// @vitest-environment node
// The store side of a push: batches by count and wire bytes (oldest first, at least one), never the same record in
// two batches in flight, and the answers (or their absence) leaving the right statuses and outbox.
import { beforeEach, describe, expect, it } from 'vitest';
import { addAttachment } from '../../../src/app/db/attachments';
import type { AnchorDatabase } from '../../../src/app/db/database';
import { IN_FLIGHT_KEY } from '../../../src/app/db/lifecycle';
import { listOutbox } from '../../../src/app/db/outbox';
import {
  createRecord,
  getRecord,
  type LocalRecord,
  markReady,
  saveRecord,
} from '../../../src/app/db/records';
import {
  applyPushResults,
  type Batch,
  readConflictCopy,
  releaseBatch,
  releaseInFlight,
  syncSummary,
  takeBatch,
} from '../../../src/app/db/sync-queue';
import type { ChangeResult } from '../../../src/shared/api';
import { newId } from '../../../src/shared/ids';
import { ChangeSchema } from '../../../src/shared/sync-protocol';
import { freshDatabase } from './fresh-database';
import { DEFAULT_TEST_WORKER, signedInAs } from './signed-in';

let db: AnchorDatabase;

beforeEach(() => {
  db = freshDatabase();
});

const PLENTY = { maxChanges: 100, maxBytes: 10_000_000 };

async function waiting(
  count: number,
  payload: (n: number) => unknown = (n) => ({ n }),
): Promise<LocalRecord[]> {
  const records: LocalRecord[] = [];
  for (let n = 0; n < count; n++) {
    records.push(await markReady('signup', (await createRecord('signup', payload(n))).id));
  }
  return records;
}

const statuses = async (records: readonly LocalRecord[]) =>
  Promise.all(records.map(async (record) => (await getRecord('signup', record.id))?.status));
const ids = (batch: Batch) => batch.changes.map(({ change }) => change.recordId);
/** Which records the in-flight mark holds ("sending"), beside their stored status. */
const sending = async (records: readonly LocalRecord[]) => {
  const marked = new Set(((await db.meta.get(IN_FLIGHT_KEY))?.value as string[] | undefined) ?? []);
  const stored = await statuses(records);
  return records.map((record, index) => (marked.has(record.id) ? 'sending' : stored[index]));
};

describe('takeBatch', () => {
  it('takes the oldest waiting changes up to maxChanges and marks only their records as being sent', async () => {
    const records = await waiting(5);
    const batch = await takeBatch({ maxChanges: 3, maxBytes: 10_000_000 });
    expect(ids(batch)).toEqual(records.slice(0, 3).map((record) => record.id));
    expect(await sending(records)).toEqual(['sending', 'sending', 'sending', 'ready', 'ready']);
    // Marked in one meta row: the records themselves stay "ready" (no write per record).
    expect(await statuses(records)).toEqual(['ready', 'ready', 'ready', 'ready', 'ready']);
    // The changes stay in the outbox until the server answers.
    expect(await listOutbox()).toHaveLength(5);
  });

  it('gives each change as the protocol sends it, with its UTF-8 size, and the batch’s total', async () => {
    const [record] = await waiting(1, () => ({ name: 'Zoë 👋' }));
    const batch = await takeBatch(PLENTY);
    const [outgoing] = batch.changes;
    const change = (await listOutbox())[0];
    expect(outgoing?.change).toEqual(change);
    expect(outgoing?.payload).toEqual({ name: 'Zoë 👋' });
    expect(outgoing?.wire).toBe(
      JSON.stringify({
        changeId: change?.changeId,
        recordType: 'signup',
        recordId: record?.id,
        baseVersion: 0,
        payload: { name: 'Zoë 👋' },
        clientUpdatedAt: change?.clientUpdatedAt,
      }),
    );
    // `supersedes` goes only when the change has some (see the test of edits after a failed push).
    expect(Object.keys(JSON.parse(outgoing?.wire ?? '{}'))).toEqual(
      Object.keys(ChangeSchema.entries).filter((key) => key !== 'supersedes'),
    );
    expect(outgoing?.bytes).toBe(Buffer.byteLength(outgoing?.wire ?? '', 'utf8'));
    expect(outgoing?.bytes).toBeGreaterThan((outgoing?.wire ?? '').length);
    expect(batch.bytes).toBe(outgoing?.bytes);
  });

  it('stops before the bytes would pass maxBytes, but always takes one change however large', async () => {
    const records = await waiting(4, (n) => ({ text: 'x'.repeat(100 * (n + 1)) }));
    const sizes = (await takeBatch(PLENTY)).changes.map((change) => change.bytes);
    await releaseInFlight();

    const twoFit = (sizes[0] ?? 0) + (sizes[1] ?? 0) + (sizes[2] ?? 0) - 1;
    const batch = await takeBatch({ maxChanges: 100, maxBytes: twoFit });
    expect(ids(batch)).toEqual(records.slice(0, 2).map((record) => record.id));
    expect(batch.bytes).toBe((sizes[0] ?? 0) + (sizes[1] ?? 0));
    expect(batch.bytes).toBeLessThanOrEqual(twoFit);
    expect(await sending(records)).toEqual(['sending', 'sending', 'ready', 'ready']);

    const oversized = await takeBatch({ maxChanges: 100, maxBytes: 10 });
    expect(ids(oversized)).toEqual([records[2]?.id]);
    expect(oversized.bytes).toBeGreaterThan(10);
  });

  it('never takes a record twice while an earlier batch is in flight, in turn or at the same time', async () => {
    const records = await waiting(7);
    const first = await takeBatch({ maxChanges: 3, maxBytes: 10_000_000 });
    const second = await takeBatch({ maxChanges: 3, maxBytes: 10_000_000 });
    expect(ids(first)).toEqual(records.slice(0, 3).map((record) => record.id));
    expect(ids(second)).toEqual(records.slice(3, 6).map((record) => record.id));
    expect(ids(await takeBatch(PLENTY))).toEqual([records[6]?.id]);
    expect((await takeBatch(PLENTY)).changes).toEqual([]);

    await releaseInFlight();
    const both = await Promise.all([
      takeBatch({ maxChanges: 4, maxBytes: 10_000_000 }),
      takeBatch({ maxChanges: 4, maxBytes: 10_000_000 }),
    ]);
    const taken = both.flatMap(ids);
    expect(new Set(taken).size).toBe(taken.length);
    expect(taken.sort()).toEqual(records.map((record) => record.id).sort());
  });

  it('brings the photos the batch’s records name', async () => {
    const grant = await createRecord('grant-application', { answers: {} });
    const photo = await addAttachment(
      { type: 'grant-application', id: grant.id },
      new Blob([new Uint8Array([1, 2, 3])], { type: 'image/jpeg' }),
      'p1.jpg',
    );
    await db.grantApplications.update(grant.id, {
      payload: { codec: 'plain-1', body: { attachments: [{ sha256: photo.sha256 }] } },
    });
    await markReady('grant-application', grant.id);
    const batch = await takeBatch(PLENTY);
    expect(batch.attachments.map(({ sha256, mediaType }) => ({ sha256, mediaType }))).toEqual([
      { sha256: photo.sha256, mediaType: 'image/jpeg' },
    ]);
    const [sent] = batch.attachments;
    expect(new Uint8Array(await (sent as { blob: Blob }).blob.arrayBuffer())).toEqual(
      new Uint8Array([1, 2, 3]),
    );
  });
});

describe('recording the answers', () => {
  it('marks each answered record by its answer, takes answered changes out, and puts the unanswered back', async () => {
    const records = await waiting(5);
    const batch = await takeBatch(PLENTY);
    const changeOf = (index: number) => batch.changes[index]?.change.changeId ?? null;
    const results: ChangeResult[] = [
      { changeId: changeOf(0), status: 'applied', recordVersion: 1 },
      { changeId: changeOf(1), status: 'duplicate', recordVersion: 1 },
      {
        changeId: changeOf(2),
        status: 'rejected',
        error: { code: 'invalid-payload', message: 'The postcode is missing.' },
      },
      {
        changeId: changeOf(3),
        status: 'conflict',
        recordVersion: 4,
        error: { code: 'version-conflict', message: 'Changed centrally.' },
        server: { version: 4, payload: { n: 'central' }, updatedAt: '2026-11-21T09:00:00.000Z' },
      },
      // The fifth is not answered (the response covered part of the batch).
    ];
    const unanswered = batch.changes[4]?.change;
    await applyPushResults(batch, results);

    expect(await sending(records)).toEqual(['synced', 'synced', 'needs-attention', 'conflict', 'ready']);
    expect(await getRecord('signup', records[0]?.id as string)).toMatchObject({
      serverVersion: 1,
      problem: null,
      acknowledgedAt: expect.any(String),
    });
    expect((await getRecord('signup', records[2]?.id as string))?.problem).toEqual({
      code: 'invalid-payload',
      message: 'The postcode is missing.',
    });
    expect((await getRecord('signup', records[3]?.id as string))?.problem?.code).toBe('version-conflict');
    expect(await readConflictCopy('signup', records[3]?.id as string)).toEqual({
      version: 4,
      payload: { n: 'central' },
      updatedAt: '2026-11-21T09:00:00.000Z',
    });
    expect(await listOutbox()).toEqual([unanswered]);
    expect(await syncSummary()).toMatchObject({ waiting: 1, needsAttention: 2 });
  });

  it('counts only the unlocked worker’s waiting records in the summary, since a run sends only theirs', async () => {
    await waiting(2);
    await signedInAs('worker-second');
    await waiting(1);
    expect(await syncSummary()).toMatchObject({ waiting: 1, needsAttention: 0 });
    expect(await listOutbox()).toHaveLength(3);
    await signedInAs(DEFAULT_TEST_WORKER);
    expect(await syncSummary()).toMatchObject({ waiting: 2, needsAttention: 0 });
  });

  it('keeps the server’s words when its code is one this build does not know', async () => {
    const [record] = await waiting(1);
    const batch = await takeBatch(PLENTY);
    await applyPushResults(batch, [
      {
        changeId: batch.changes[0]?.change.changeId ?? null,
        status: 'rejected',
        error: { code: 'something-new' as never, message: 'A newer server’s reason.' },
      },
    ]);
    expect((await getRecord('signup', record?.id as string))?.problem).toEqual({
      code: 'unrecognised-code',
      message: 'A newer server’s reason.',
    });
  });

  it('releaseBatch puts a batch that could not be sent back to waiting, changes and all', async () => {
    const records = await waiting(3);
    const outbox = await listOutbox();
    const batch = await takeBatch({ maxChanges: 2, maxBytes: 10_000_000 });
    expect(await sending(records)).toEqual(['sending', 'sending', 'ready']);
    await releaseBatch(batch, { mayHaveArrived: false });
    expect(await sending(records)).toEqual(['ready', 'ready', 'ready']);
    expect(await listOutbox()).toEqual(outbox);
  });

  it('releaseInFlight puts back what a dead run left being sent, and says how many', async () => {
    const records = await waiting(3);
    await takeBatch({ maxChanges: 2, maxBytes: 10_000_000 });
    expect(await releaseInFlight()).toBe(2);
    expect(await sending(records)).toEqual(['ready', 'ready', 'ready']);
    expect(await releaseInFlight()).toBe(0);
  });

  it('names in supersedes each replaced change a failed or dead run took, so the server sees the edit on top of it', async () => {
    const [record] = await waiting(1);
    const id = record?.id as string;
    const changeOf = async () => (await listOutbox())[0];
    // Edited before any run took it: nothing the server could have.
    await saveRecord('signup', id, { n: 1 });
    expect((await changeOf())?.supersedes).toBeUndefined();

    // A push that failed without an answer may have been applied: the edit after it names it.
    const failed = await changeOf();
    await releaseBatch(await takeBatch(PLENTY), { mayHaveArrived: true });
    expect((await changeOf())?.attempts).toBe(1);
    await saveRecord('signup', id, { n: 2 });
    expect((await changeOf())?.supersedes).toEqual([failed?.changeId]);

    // Put back unsent (the push never went): nothing new to name, the earlier one is carried on.
    await releaseBatch(await takeBatch(PLENTY), { mayHaveArrived: false });
    await saveRecord('signup', id, { n: 3 });
    expect((await changeOf())?.supersedes).toEqual([failed?.changeId]);

    // A run that died mid-push: the next run's start counts the attempt.
    const dead = await changeOf();
    await takeBatch(PLENTY);
    await releaseInFlight();
    await saveRecord('signup', id, { n: 4 });
    const latest = await changeOf();
    expect(latest?.supersedes).toEqual([failed?.changeId, dead?.changeId]);
    const [outgoing] = (await takeBatch(PLENTY)).changes;
    const wire = JSON.parse(outgoing?.wire as string);
    expect(wire.supersedes).toEqual(latest?.supersedes);
    expect(Object.keys(wire)).toEqual(Object.keys(ChangeSchema.entries));
  });

  it('records an answer that arrives after a new run cleared the mark: the server did apply it', async () => {
    const [record] = await waiting(1);
    const batch = await takeBatch(PLENTY);
    await releaseInFlight(); // another run started, taking this one for dead
    await applyPushResults(batch, [
      { changeId: batch.changes[0]?.change.changeId ?? null, status: 'applied', recordVersion: 1 },
    ]);
    expect((await getRecord('signup', record?.id as string))?.status).toBe('synced');
    expect(await listOutbox()).toHaveLength(0);
  });

  it('leaves a record a restore replaced meanwhile waiting with its new change', async () => {
    const [record] = await waiting(1);
    const batch = await takeBatch(PLENTY);
    const sentChange = batch.changes[0]?.change;
    // A restore brought a newer copy: its own change replaced the one in flight.
    await db.signups.update(record?.id as string, { version: 2 });
    await db.outbox.delete(sentChange?.changeId as string);
    await db.outbox.add({
      ...(sentChange as NonNullable<typeof sentChange>),
      changeId: newId(),
      recordVersion: 2,
    });
    await applyPushResults(batch, [
      { changeId: sentChange?.changeId ?? null, status: 'applied', recordVersion: 1 },
    ]);
    expect((await getRecord('signup', record?.id as string))?.status).toBe('ready');
    expect((await listOutbox()).map((change) => change.recordVersion)).toEqual([2]);
    expect(await sending([record as LocalRecord])).toEqual(['ready']);
  });
});
