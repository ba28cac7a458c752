// @vitest-environment node
// The record lifecycle: the transition table (every allowed move, every other one refused with nothing written),
// each move made by the store's own functions, and submit and photo changes that a closed page can never leave
// half done (a draft with nothing queued, or a queued record with exactly one change).
import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodePayload } from '../../../src/app/db/codec';
import { connectDatabase } from '../../../src/app/db/connection';
import type { AnchorDatabase, EncodedPayload, StoredRecord } from '../../../src/app/db/database';
import { StoreError } from '../../../src/app/db/errors';
import {
  canTransition,
  NEW,
  resolveConflict,
  TRANSITIONS,
  type TransitionFrom,
  type TransitionName,
  transition,
} from '../../../src/app/db/lifecycle';
import { listOutbox } from '../../../src/app/db/outbox';
import { createRecord, getRecord, markReady, saveRecord } from '../../../src/app/db/records';
import { releaseBatch, runRetention, takeBatch } from '../../../src/app/db/sync-queue';
import {
  finishCheck,
  saveCheckAnswers,
  startResidentCheck,
} from '../../../src/app/features/eligibility/check-store';
import { addPhoto, startGrant, submitGrant } from '../../../src/app/features/grants/grant-store';
import { startSignup, submitSignup } from '../../../src/app/features/signup/use-signup';
import type { ChangeResult } from '../../../src/shared/api';
import { RECORD_STATUSES, type RecordStatus } from '../../../src/shared/records';
import { signupPayload } from '../../server/support/api';
import { TABLET_ELIGIBILITY } from '../features/eligibility/tablet-data';
import { freshDatabase } from './fresh-database';
import { sendAnswering } from './push-answers';

let db: AnchorDatabase;

beforeEach(() => {
  db = freshDatabase();
});

const FROMS: readonly TransitionFrom[] = [NEW, ...RECORD_STATUSES];

/** The table as the issue settled it: a change to lifecycle.ts's table must change this list too. */
const ALLOWED: [TransitionName, TransitionFrom, RecordStatus][] = [
  ['create', NEW, 'draft'],
  ['save-draft', 'draft', 'draft'],
  ['submit', 'draft', 'ready'],
  ['edit-waiting', 'ready', 'ready'],
  ['correct', 'needs-attention', 'ready'],
  ['amend', 'synced', 'ready'],
  ['acknowledge', 'ready', 'synced'],
  ['reject', 'ready', 'needs-attention'],
  ['conflict', 'ready', 'conflict'],
  ['keep-mine', 'conflict', 'ready'],
  ['take-server', 'conflict', 'synced'],
  ['purge', 'synced', 'purged'],
  ...FROMS.flatMap((from) =>
    RECORD_STATUSES.map((to): [TransitionName, TransitionFrom, RecordStatus] => ['restore', from, to]),
  ),
];

const ROW: Omit<StoredRecord, 'status'> = {
  id: '01890a5d-ac96-774b-bcce-b30209900001',
  type: 'signup',
  createdAt: '2026-11-20T09:00:00.000Z',
  updatedAt: '2026-11-20T09:00:00.000Z',
  workerId: null,
  deviceId: '01890a5d-ac96-774b-bcce-b302099a8057',
  version: 1,
  serverVersion: 0,
  problem: null,
  payload: { codec: 'plain-1', body: {} },
};
const current = (from: TransitionFrom) => (from === NEW ? undefined : { status: from });

describe('the transition table', () => {
  it('allows exactly the listed moves', () => {
    const allowed = (Object.keys(TRANSITIONS) as TransitionName[]).flatMap((name) =>
      FROMS.flatMap((from) =>
        RECORD_STATUSES.filter((to) => canTransition(from, name, to)).map((to) => [name, from, to]),
      ),
    );
    expect(new Set(allowed.map((move) => move.join(' ')))).toEqual(
      new Set(ALLOWED.map((move) => move.join(' '))),
    );
  });

  it.each(ALLOWED)('%s moves a record from %s to %s', (name, from, to) => {
    expect(transition(current(from), name, { ...ROW, version: 7 }, to)).toEqual({
      ...ROW,
      version: 7,
      status: to,
    });
  });

  it('refuses every other move with a StoreError (not allowed)', () => {
    let refused = 0;
    for (const name of Object.keys(TRANSITIONS) as TransitionName[]) {
      for (const from of FROMS) {
        if (TRANSITIONS[name].from.some((allowed) => allowed === from)) continue;
        const error = (() => {
          try {
            transition(current(from), name, ROW);
          } catch (caught) {
            return caught;
          }
        })();
        expect(error, `${name} from ${from}`).toBeInstanceOf(StoreError);
        expect((error as StoreError).kind).toBe('not-allowed');
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(60);
  });

  it('refuses an illegal move made through the store and writes nothing', async () => {
    const record = await createRecord('signup', { firstName: 'Ada' });
    // A draft has no conflict to resolve.
    await expect(resolveConflict('signup', record.id, 'take-server')).rejects.toMatchObject({
      kind: 'not-found',
    });
    const before = await db.signups.get(record.id);

    // A purged record (a receipt) cannot be edited or submitted again.
    await db.signups.update(record.id, { status: 'purged', purgedAt: '2026-11-20T09:00:00.000Z' });
    const purged = await db.signups.get(record.id);
    await expect(saveRecord('signup', record.id, { firstName: 'Eve' })).rejects.toMatchObject({
      kind: 'not-allowed',
    });
    await expect(markReady('signup', record.id)).rejects.toMatchObject({ kind: 'not-allowed' });
    expect(await db.signups.get(record.id)).toEqual(purged);
    expect(await listOutbox()).toEqual([]);
    expect(before?.status).toBe('draft');
  });
});

describe('every move through the store', () => {
  it('walks a record through each status with the outbox always holding one change exactly when ready', async () => {
    const id = (await createRecord('signup', { n: 1 })).id;
    const state = async () => ({
      status: (await db.signups.get(id))?.status,
      outbox: (await listOutbox()).length,
    });
    expect(await state()).toEqual({ status: 'draft', outbox: 0 }); // create

    await saveRecord('signup', id, { n: 2 });
    expect(await state()).toEqual({ status: 'draft', outbox: 0 }); // save-draft

    await markReady('signup', id);
    expect(await state()).toEqual({ status: 'ready', outbox: 1 }); // submit
    const [first] = await listOutbox();

    await saveRecord('signup', id, { n: 3 });
    expect(await state()).toEqual({ status: 'ready', outbox: 1 }); // edit-waiting
    expect((await listOutbox())[0]?.changeId).not.toBe(first?.changeId);

    // Taken into a batch: the record stays ready, marked in flight; an edit then replaces the change in flight with
    // one naming it (the server may apply the one in flight).
    const batch = await takeBatch({ maxChanges: 10, maxBytes: 1_000_000 });
    expect(await state()).toEqual({ status: 'ready', outbox: 1 });
    await saveRecord('signup', id, { n: 99 });
    expect(await state()).toEqual({ status: 'ready', outbox: 1 });
    expect((await listOutbox())[0]?.supersedes).toEqual([batch.changes[0]?.change.changeId]);
    await releaseBatch(batch, { mayHaveArrived: false });
    expect(await state()).toEqual({ status: 'ready', outbox: 1 });

    await sendAnswering((changeId) => ({
      changeId,
      status: 'rejected',
      error: { code: 'invalid-payload', message: 'Postcode missing' },
    }));
    expect(await state()).toEqual({ status: 'needs-attention', outbox: 0 }); // reject
    expect((await getRecord('signup', id))?.problem).toEqual({
      code: 'invalid-payload',
      message: 'Postcode missing',
    });

    await saveRecord('signup', id, { n: 4 });
    expect(await state()).toEqual({ status: 'ready', outbox: 1 }); // correct
    expect((await getRecord('signup', id))?.problem).toBeNull();

    await sendAnswering((changeId) => ({ changeId, status: 'applied', recordVersion: 1 }));
    expect(await state()).toEqual({ status: 'synced', outbox: 0 }); // acknowledge

    await saveRecord('signup', id, { n: 5 });
    expect(await state()).toEqual({ status: 'ready', outbox: 1 }); // amend

    const central = (version: number, n: number): ChangeResult['server'] => ({
      version,
      payload: { n },
      updatedAt: '2026-11-21T09:00:00.000Z',
    });
    const conflicted = (version: number, n: number) => (changeId: string) =>
      ({
        changeId,
        status: 'conflict',
        recordVersion: version,
        error: { code: 'version-conflict', message: 'Changed centrally' },
        server: central(version, n),
      }) satisfies ChangeResult;
    await sendAnswering(conflicted(2, 50));
    expect(await state()).toEqual({ status: 'conflict', outbox: 0 }); // conflict
    expect((await getRecord('signup', id))?.conflict).toMatchObject({ version: 2 });

    await resolveConflict('signup', id, 'keep-mine');
    expect(await state()).toEqual({ status: 'ready', outbox: 1 }); // keep-mine
    const [waiting] = await listOutbox();
    expect(waiting).toMatchObject({ baseVersion: 2 });
    expect(await decodePayload(waiting?.payload as EncodedPayload)).toEqual({ n: 5 });

    await sendAnswering(conflicted(3, 60));
    await resolveConflict('signup', id, 'take-server');
    expect(await state()).toEqual({ status: 'synced', outbox: 0 }); // take-server
    expect(await getRecord('signup', id)).toMatchObject({
      payload: { n: 60 },
      serverVersion: 3,
      conflict: null,
    });

    const acknowledgedAt = Date.parse((await getRecord('signup', id))?.acknowledgedAt as string);
    expect(await runRetention(new Date(acknowledgedAt + 30 * 86_400_000))).toBe(1);
    expect(await state()).toEqual({ status: 'purged', outbox: 0 }); // purge
  });

  it('submitting a record twice queues it once', async () => {
    const id = (await createRecord('signup', { n: 1 })).id;
    await markReady('signup', id);
    const [change] = await listOutbox();
    await markReady('signup', id);
    expect(await listOutbox()).toEqual([change]);
  });
});

/**
 * Dexie middleware that fails the n-th database operation (read or write) once armed: the transaction it is part
 * of aborts, as when the page closes before it commits.
 */
function crashAfter(database: AnchorDatabase) {
  const state = { armed: false, steps: 0, failAt: Number.POSITIVE_INFINITY };
  const crash: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'crash',
    create: (down) => ({
      ...down,
      table(name) {
        const table = down.table(name);
        const step =
          <R, T>(operation: (request: R) => Promise<T>) =>
          (request: R): Promise<T> => {
            if (state.armed && ++state.steps === state.failAt) {
              return Promise.reject(new DOMException('The page was closed.', 'AbortError'));
            }
            return operation(request);
          };
        const wrapped: DBCoreTable = {
          ...table,
          get: step((request) => table.get(request)),
          getMany: step((request) => table.getMany(request)),
          query: step((request) => table.query(request)),
          openCursor: step((request) => table.openCursor(request)),
          count: step((request) => table.count(request)),
          mutate: step((request) => table.mutate(request)),
        };
        return wrapped;
      },
    }),
  };
  database.use(crash);
  return state;
}

interface Flow {
  name: string;
  /** Makes the draft to submit (not counted as steps). */
  prepare: () => Promise<string>;
  submit: (id: string) => Promise<unknown>;
  table: (database: AnchorDatabase) => AnchorDatabase['signups'];
  /** What a queued record must hold beyond its status: the flow's last writes. */
  finished: (record: StoredRecord, database: AnchorDatabase) => Promise<void>;
}

const JPEG = (n: number) => new Blob([new Uint8Array([0xff, 0xd8, n, 0xff, 0xd9])], { type: 'image/jpeg' });

const FLOWS: Flow[] = [
  {
    name: 'sign-up',
    prepare: async () => {
      const { id } = await startSignup();
      await saveRecord('signup', id, { ...signupPayload(), resumeAt: 'check-answers' });
      return id;
    },
    submit: submitSignup,
    table: (database) => database.signups,
    finished: async () => {},
  },
  {
    name: 'eligibility check',
    prepare: async () => {
      const { id } = await startResidentCheck();
      await saveCheckAnswers(id, { postcode: 'SS1 1AA', dateOfBirth: '1990-01-01' }, 'right-to-work');
      return id;
    },
    submit: (id) => finishCheck(id, TABLET_ELIGIBILITY),
    table: (database) => database.eligibilityChecks,
    finished: async (record) => {
      expect(await decodePayload(record.payload)).toMatchObject({
        resumeAt: 'result',
        result: { outcome: expect.any(String) },
      });
    },
  },
  {
    name: 'grant application',
    prepare: async () => {
      const { id } = await startGrant('Sam');
      await addPhoto(id, JPEG(1), 'page-1.jpg');
      await addPhoto(id, JPEG(2), 'page-2.jpg');
      return id;
    },
    submit: submitGrant,
    table: (database) => database.grantApplications,
    finished: async (record, database) => {
      const photos = await database.attachments.where('recordId').equals(record.id).sortBy('position');
      expect(await decodePayload(record.payload)).toMatchObject({
        resumeAt: 'done',
        attachments: photos.map((photo) => ({ sha256: photo.sha256 })),
      });
    },
  },
];

describe.each(FLOWS)('submitting a $name', (flow) => {
  it('leaves a draft with nothing queued or a queued record with exactly one change, whichever step the page closed at', async () => {
    // A run without a crash: how many steps submit takes, and what it leaves: queued, with the flow's last writes.
    const counting = crashAfter(db);
    const id = await flow.prepare();
    counting.armed = true;
    await flow.submit(id);
    const steps = counting.steps;
    expect(steps).toBeGreaterThan(3);
    const queued = (await flow.table(db).get(id)) as StoredRecord;
    expect(queued.status).toBe('ready');
    expect(await db.outbox.where('recordId').equals(id).toArray()).toEqual([
      expect.objectContaining({ recordVersion: queued.version, payload: queued.payload }),
    ]);
    await flow.finished(queued, db);

    // The page closes at each step in turn: submit is one transaction, so every one leaves the draft untouched.
    for (let failAt = 1; failAt <= steps; failAt++) {
      const database = freshDatabase();
      const crash = crashAfter(database);
      const draftId = await flow.prepare();
      const draft = await flow.table(database).get(draftId);
      crash.failAt = failAt;
      crash.armed = true;
      const error = await flow.submit(draftId).then(
        () => null,
        (caught: unknown) => caught,
      );
      crash.armed = false;
      expect(error, `step ${failAt} of ${steps}`).toBeInstanceOf(StoreError);

      // Open the database afresh, as the next page load does.
      const reopened = connectDatabase(database.name);
      expect(await flow.table(reopened).get(draftId), `step ${failAt} of ${steps}`).toEqual(draft);
      expect(draft?.status).toBe('draft');
      expect(await reopened.outbox.where('recordId').equals(draftId).count()).toBe(0);
    }
  });
});

describe('adding a photo to a grant application', () => {
  it('stores the photo and lists it in the application together, or neither, whichever step fails', async () => {
    const counting = crashAfter(db);
    const { id } = await startGrant('Sam');
    counting.armed = true;
    await addPhoto(id, JPEG(1), 'page-1.jpg');
    const steps = counting.steps;
    expect(
      (await getRecord<{ attachments?: unknown[] }>('grant-application', id))?.payload.attachments,
    ).toHaveLength(1);

    for (let failAt = 1; failAt <= steps; failAt++) {
      const database = freshDatabase();
      const crash = crashAfter(database);
      const grant = await startGrant('Sam');
      crash.failAt = failAt;
      crash.armed = true;
      await expect(addPhoto(grant.id, JPEG(1), 'page-1.jpg')).rejects.toBeInstanceOf(StoreError);
      crash.armed = false;
      const reopened = connectDatabase(database.name);
      expect(await reopened.attachments.count()).toBe(0);
      const stored = await reopened.grantApplications.get(grant.id);
      expect(await decodePayload(stored?.payload as EncodedPayload)).toEqual(grant.payload);
    }
  });
});
