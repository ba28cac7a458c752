// @vitest-environment node
// The sync engine against a real central endpoint built in-process on PGlite (its fetch is the app's own
// request handler): push, pull, rejections, conflicts, sign-in, a run cut off mid-way, oversized batches.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getDeviceInfo } from '../../../src/app/db/device';
import { countOutbox } from '../../../src/app/db/outbox';
import {
  createRecord,
  getRecord,
  type LocalRecord,
  markReady,
  saveRecord,
} from '../../../src/app/db/records';
import { readReferenceData, resolveConflict, syncSummary, takeBatch } from '../../../src/app/db/sync-queue';
import {
  finishCheck,
  saveCheckAnswers,
  saveOverride,
  startResidentCheck,
} from '../../../src/app/features/eligibility/check-store';
import { createApiClient } from '../../../src/app/sync/api-client';
import { runSync } from '../../../src/app/sync/engine';
import { buildApp } from '../../../src/server/app';
import { silentLogger } from '../../../src/server/http/logging';
import type { EligibilityCheckPayload } from '../../../src/shared/eligibility/check-record';
import type { Override } from '../../../src/shared/eligibility/types';
import { newId } from '../../../src/shared/ids';
import { makeUser, pushBody, signupPayload, type TestUser } from '../../server/support/api';
import { openTestDatabase, type TestDatabase } from '../../server/support/databases';
import { freshDatabase } from '../db/fresh-database';
import { TABLET_ELIGIBILITY } from '../features/eligibility/tablet-data';

type Venue = { answers: { venue: string } };
type CheckPayload = EligibilityCheckPayload & { override?: Override | null };

let server: TestDatabase;
let app: ReturnType<typeof buildApp>;
let coordinator: TestUser;

beforeAll(async () => {
  server = await openTestDatabase('pglite');
  app = buildApp({ db: server.db, logger: silentLogger });
  coordinator = await makeUser(server.db, 'coordinator');
});
afterAll(() => server.close());

let worker: TestUser;
let token: string | undefined;
const client = () =>
  createApiClient({
    baseUrl: 'http://central.test',
    fetch: async (url, init) => app.request(url, init),
    token: () => token,
  });

beforeEach(async () => {
  freshDatabase();
  worker = await makeUser(server.db);
  token = worker.token;
});

async function readySignup(answers = {}): Promise<LocalRecord> {
  const record = await createRecord('signup', signupPayload(answers));
  return markReady('signup', record.id);
}

/** What the coordinator API says the server holds for a record. */
async function onServer(id: string) {
  const response = await app.request(`/api/v1/records/${id}`, {
    headers: { authorization: `Bearer ${coordinator.token}` },
  });
  return response.status === 200
    ? ((await response.json()) as { record: { version: number; payload: unknown } }).record
    : null;
}

async function serverRecordCount(): Promise<number> {
  const response = await app.request('/api/v1/records?type=signup&limit=1', {
    headers: { authorization: `Bearer ${coordinator.token}` },
  });
  return ((await response.json()) as { total: number }).total;
}

describe('sync engine against the real server', () => {
  it('pushes every waiting record once, marks them sent, and reports progress', async () => {
    const records = [await readySignup(), await readySignup({ firstName: 'Grace' }), await readySignup()];
    const before = await serverRecordCount();
    const progress: string[] = [];
    const outcome = await runSync(client(), {
      limits: { maxChanges: 2, maxBytes: 1_000_000 },
      onProgress: (p) => progress.push(`${p.sent} of ${p.total}`),
    });
    expect(outcome).toEqual({ state: 'done', sent: 3 });
    expect(progress).toEqual(['0 of 3', '2 of 3', '3 of 3']);
    for (const record of records) {
      expect(await getRecord('signup', record.id)).toMatchObject({
        status: 'synced',
        serverVersion: 1,
        problem: null,
      });
      expect((await onServer(record.id))?.payload).toEqual(record.payload);
    }
    expect(await serverRecordCount()).toBe(before + 3);
    expect(await syncSummary()).toMatchObject({ waiting: 0, needsAttention: 0 });
    expect((await syncSummary()).lastSyncAt).not.toBeNull();
  });

  it('pulls reference data and the central team’s review of this worker’s records', async () => {
    const record = await readySignup();
    await runSync(client());
    const reviewed = await app.request(`/api/v1/records/${record.id}/review`, {
      method: 'POST',
      headers: { authorization: `Bearer ${coordinator.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'contacted', note: 'Call about hours' }),
    });
    expect(reviewed.status).toBe(200);
    expect(await runSync(client())).toEqual({ state: 'done', sent: 0 });
    expect((await getRecord('signup', record.id))?.review).toMatchObject({
      decision: 'contacted',
      note: 'Call about hours',
    });
    const reference = await readReferenceData();
    expect(reference?.programmes.map((p) => p.id)).toContain('southend-2050-ambition');
    expect(reference?.fundsRemaining[0]).toMatchObject({ roundId: '2022-23', potPence: 10_000_000 });
  });

  it('marks a rejected record as needing attention with the server’s reason, sends the rest, and resends it once fixed', async () => {
    const good = await readySignup();
    const bad = await markReady(
      'grant-application',
      (await createRecord('grant-application', { amountRequestedPence: 'lots' })).id,
    );
    const alsoGood = await readySignup();
    expect((await runSync(client())).state).toBe('done');
    expect((await getRecord('signup', good.id))?.status).toBe('synced');
    expect((await getRecord('signup', alsoGood.id))?.status).toBe('synced');
    const rejected = await getRecord('grant-application', bad.id);
    expect(rejected).toMatchObject({ status: 'needs-attention', problem: { code: 'invalid-payload' } });
    expect(await countOutbox()).toBe(0);

    await saveRecord('grant-application', bad.id, { amountRequestedPence: 90_000 });
    expect((await getRecord('grant-application', bad.id))?.status).toBe('ready');
    expect((await runSync(client())).sent).toBe(1);
    expect(await getRecord('grant-application', bad.id)).toMatchObject({ status: 'synced', problem: null });
    expect((await onServer(bad.id))?.payload).toEqual({ amountRequestedPence: 90_000 });
  });

  it('keeps both versions of a conflict, and sends the worker’s choice', async () => {
    const mine = await readySignup();
    const other = await readySignup();
    await runSync(client());
    // Another tablet of the same worker changes both records on the server.
    for (const record of [mine, other]) {
      await app.request('/api/v1/sync/push', {
        method: 'POST',
        headers: { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(
          pushBody(newId(), [
            {
              changeId: newId(),
              recordType: 'signup',
              recordId: record.id,
              baseVersion: 1,
              payload: signupPayload({ venue: 'Changed on the other tablet' }),
              clientUpdatedAt: new Date().toISOString(),
            },
          ]),
        ),
      });
    }
    await saveRecord('signup', mine.id, signupPayload({ venue: 'Changed here' }));
    await saveRecord('signup', other.id, signupPayload({ venue: 'Also changed here' }));
    await runSync(client());
    const conflicted = await getRecord<Venue>('signup', mine.id);
    expect(conflicted).toMatchObject({ status: 'conflict', problem: { code: 'version-conflict' } });
    expect(conflicted?.conflict?.version).toBe(2);
    expect(conflicted?.payload.answers.venue).toBe('Changed here');

    await resolveConflict('signup', mine.id, 'keep-mine');
    await resolveConflict('signup', other.id, 'take-server');
    expect((await runSync(client())).sent).toBe(1);
    expect(await getRecord('signup', mine.id)).toMatchObject({ status: 'synced', serverVersion: 3 });
    expect(((await onServer(mine.id)) as { payload: Venue } | null)?.payload.answers.venue).toBe(
      'Changed here',
    );
    const taken = await getRecord<Venue>('signup', other.id);
    expect(taken).toMatchObject({ status: 'synced', serverVersion: 2 });
    expect(taken?.payload.answers.venue).toBe('Changed on the other tablet');
  });

  it('pauses on 401 keeping everything, and finishes after signing in again', async () => {
    const record = await readySignup();
    await app.request('/api/v1/auth/logout', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(await runSync(client())).toEqual({ state: 'needs-sign-in', sent: 0 });
    expect((await getRecord('signup', record.id))?.status).toBe('ready');
    expect(await countOutbox()).toBe(1);

    const session = await client().login(worker.username, 'correct horse battery');
    token = session.token;
    expect(await runSync(client())).toEqual({ state: 'done', sent: 1 });
    expect((await getRecord('signup', record.id))?.status).toBe('synced');
  });

  it('finishes a run cut off after the server applied it, without duplicates', async () => {
    const records = [await readySignup(), await readySignup()];
    const before = await serverRecordCount();
    // A run takes a batch and the server applies it, but the page closes before the answer is stored.
    const batch = await takeBatch({ maxChanges: 10, maxBytes: 1_000_000 });
    // Marked in flight: it waits as "ready".
    expect((await getRecord('signup', records[0]?.id as string))?.status).toBe('ready');
    const { deviceId } = await getDeviceInfo();
    await client().push(
      pushBody(
        deviceId,
        batch.changes.map(({ change, payload }) => ({ ...change, payload })),
      ) as never,
    );
    expect(await runSync(client())).toEqual({ state: 'done', sent: 2 });
    for (const record of records) expect((await getRecord('signup', record.id))?.status).toBe('synced');
    expect(await serverRecordCount()).toBe(before + 2);
  });

  /**
   * A client whose pushes reach the server and commit, then `whileInFlight` runs before the answer comes back, or
   * (answer 'lost') the network drops instead.
   */
  const pushing = (answer: 'lost' | 'delivered', whileInFlight?: () => Promise<void>) =>
    createApiClient({
      baseUrl: 'http://central.test',
      fetch: async (url, init) => {
        const response = await app.request(url, init);
        if (!url.endsWith('/sync/push')) return response;
        await whileInFlight?.();
        if (answer === 'delivered') return response;
        throw new TypeError('Failed to fetch');
      },
      token: () => token,
    });
  const answerLost = (whileInFlight?: () => Promise<void>) => pushing('lost', whileInFlight);

  const override = (reason: string): Override => ({
    outcome: 'eligible',
    reason,
    by: 'worker',
    at: new Date().toISOString(),
  });

  /** A resident check finished and sent once (the server at version 1). */
  async function sentCheck(): Promise<string> {
    const { id } = await startResidentCheck();
    await saveCheckAnswers(id, { postcode: 'SS1 1AA', dateOfBirth: '1990-01-01' }, 'right-to-work');
    await finishCheck(id, TABLET_ELIGIBILITY);
    expect(await runSync(client())).toEqual({ state: 'done', sent: 1 });
    expect(await getRecord('eligibility-check', id)).toMatchObject({ status: 'synced', serverVersion: 1 });
    return id;
  }

  it('an edit made after a push whose answer was lost is sent without a conflict', async () => {
    const id = await sentCheck();
    await saveOverride(id, override('First reason'));
    // The server commits the override but the tablet never hears back.
    expect(await runSync(answerLost())).toMatchObject({ state: 'retry-later', sent: 0 });
    expect((await onServer(id))?.version).toBe(2);

    // The same worker on the same tablet changes it again before the next good run.
    await saveOverride(id, override('Second reason'));
    expect(await runSync(client())).toEqual({ state: 'done', sent: 1 });
    const local = await getRecord<CheckPayload>('eligibility-check', id);
    expect(local).toMatchObject({ status: 'synced', problem: null, conflict: null, serverVersion: 3 });
    const central = (await onServer(id)) as { version: number; payload: CheckPayload } | null;
    expect(central?.version).toBe(3);
    expect(central?.payload.override?.reason).toBe('Second reason');
    expect(await countOutbox()).toBe(0);
  });

  it('an edit of a new sign-up after a push whose answer was lost is sent without a conflict or a duplicate', async () => {
    const record = await readySignup();
    const before = await serverRecordCount();
    expect(await runSync(answerLost())).toMatchObject({ state: 'retry-later', sent: 0 });
    expect((await onServer(record.id))?.version).toBe(1);

    await saveRecord('signup', record.id, signupPayload({ venue: 'Changed after the lost answer' }));
    expect(await runSync(client())).toEqual({ state: 'done', sent: 1 });
    expect(await getRecord('signup', record.id)).toMatchObject({
      status: 'synced',
      problem: null,
      conflict: null,
      serverVersion: 2,
    });
    const central = (await onServer(record.id)) as { payload: Venue } | null;
    expect(central?.payload.answers.venue).toBe('Changed after the lost answer');
    expect(await serverRecordCount()).toBe(before + 1);
  });

  it('takes an edit while the push carrying the record is in flight and its answer is lost, and sends it without a conflict', async () => {
    const id = await sentCheck();
    await saveOverride(id, override('First reason'));
    const outcome = await runSync(
      answerLost(async () => {
        await saveOverride(id, override('While in flight'));
      }),
    );
    expect(outcome).toMatchObject({ state: 'retry-later' });
    expect((await onServer(id))?.version).toBe(2);

    expect(await runSync(client())).toEqual({ state: 'done', sent: 1 });
    expect(await getRecord('eligibility-check', id)).toMatchObject({ status: 'synced', conflict: null });
    const central = (await onServer(id)) as { version: number; payload: CheckPayload } | null;
    expect(central?.version).toBe(3);
    expect(central?.payload.override?.reason).toBe('While in flight');
  });

  it('takes an edit while the push carrying the record is in flight and answered, and sends it next without a conflict', async () => {
    const id = await sentCheck();
    await saveOverride(id, override('First reason'));
    // The push is answered "applied" for the first reason; the edit made meanwhile stays waiting, then goes.
    const outcome = await runSync(
      pushing('delivered', async () => {
        await saveOverride(id, override('While in flight'));
      }),
    );
    expect(outcome).toMatchObject({ state: 'done' });
    // Whichever run sends the edit (this one, or the next), it is applied, not answered as a conflict.
    await runSync(client());
    const local = await getRecord<CheckPayload>('eligibility-check', id);
    expect(local).toMatchObject({ status: 'synced', conflict: null, problem: null });
    expect(local?.payload.override?.reason).toBe('While in flight');
    const central = (await onServer(id)) as { version: number; payload: CheckPayload } | null;
    expect(central?.payload.override?.reason).toBe('While in flight');
    expect(central?.version).toBe(3);
    expect(await countOutbox()).toBe(0);
  });

  it('halves a batch a proxy finds too large and still sends everything, once', async () => {
    const ids = [];
    for (let i = 0; i < 40; i++) ids.push((await readySignup()).id);
    const before = await serverRecordCount();
    // A proxy in front of the server with a smaller body limit than the server's own (nginx's default is 1 MiB).
    const proxyLimit = 12_000;
    const pushSizes: number[] = [];
    const behindProxy = createApiClient({
      baseUrl: 'http://central.test',
      fetch: async (url, init) => {
        if (url.endsWith('/sync/push')) {
          pushSizes.push(String(init?.body).length);
          if (String(init?.body).length > proxyLimit) {
            return Response.json(
              { error: { code: 'body-too-large', message: 'Too large' } },
              { status: 413 },
            );
          }
        }
        return app.request(url, init);
      },
      token: () => token,
    });
    expect(await runSync(behindProxy)).toEqual({ state: 'done', sent: 40 });
    expect(pushSizes[0]).toBeGreaterThan(proxyLimit);
    expect(pushSizes.at(-1)).toBeLessThanOrEqual(proxyLimit);
    expect(await countOutbox()).toBe(0);
    expect(await serverRecordCount()).toBe(before + 40);
    for (const id of ids) expect((await getRecord('signup', id))?.status).toBe('synced');
  });

  it('sets aside a record too large to send even alone, and sends the others', async () => {
    const small = await readySignup();
    const large = await readySignup({ firstName: 'Large' });
    const behindProxy = createApiClient({
      baseUrl: 'http://central.test',
      fetch: async (url, init) =>
        url.endsWith('/sync/push') && String(init?.body).includes('Large')
          ? Response.json({ error: { code: 'body-too-large', message: 'Too large' } }, { status: 413 })
          : app.request(url, init),
      token: () => token,
    });
    expect(await runSync(behindProxy)).toEqual({ state: 'done', sent: 1 });
    expect(await getRecord('signup', small.id)).toMatchObject({ status: 'synced' });
    expect(await getRecord('signup', large.id)).toMatchObject({
      status: 'needs-attention',
      problem: { code: 'payload-too-large' },
    });
    expect(await countOutbox()).toBe(0);
  });
});
