// Coordinators' record routes: list by type with a cursor, read one, and the review route's validation (the
// console's filters, search and record page: console-records.test.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, signupPayload, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

/** A page of the list in this test. */
const PAGE = 100;

describe.each(databaseKinds())('records on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let coordinator: TestUser;
  const pushed: string[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
    const changes = Array.from({ length: PAGE + 3 }, (_, i) =>
      change({ payload: signupPayload({ venue: `Venue ${i}` }) }),
    );
    await api.call('/api/v1/sync/push', { token: worker.token, json: pushBody(newId(), changes) });
    pushed.push(...changes.map((c) => c.recordId as string));
  });
  afterAll(() => database.close());

  const get = (path: string) => api.call(path, { token: coordinator.token });

  it('lists every record of a type once across pages', async () => {
    const first = await get(`/api/v1/records?type=signup&limit=${PAGE}`);
    expect(first.status).toBe(200);
    expect(first.json.records).toHaveLength(PAGE);
    expect(first.json.total).toBe(pushed.length);
    const second = await get(`/api/v1/records?type=signup&limit=${PAGE}&cursor=${first.json.nextCursor}`);
    expect(second.json.nextCursor).toBeNull();
    const ids = [...first.json.records, ...second.json.records].map((r: { id: string }) => r.id);
    expect(new Set(ids)).toEqual(new Set(pushed));
    expect(ids).toHaveLength(pushed.length);
    expect((await get('/api/v1/records?type=grant-application')).json).toEqual({
      records: [],
      total: 0,
      nextCursor: null,
    });
  });

  it('reads one record with its owner, device, version and times', async () => {
    const id = pushed[0] as string;
    const response = await get(`/api/v1/records/${id}`);
    expect(response.json.record).toMatchObject({
      id,
      type: 'signup',
      version: 1,
      ownerId: worker.id,
      payload: signupPayload({ venue: 'Venue 0' }),
      review: null,
    });
    expect((await get(`/api/v1/records/${newId()}`)).json.error.code).toBe('record-not-found');
    expect((await get('/api/v1/records/12')).json.error.code).toBe('invalid-record-id');
  });

  it('refuses a list without a valid type and a review without a valid state', async () => {
    expect((await get('/api/v1/records?type=parcel')).json.error.code).toBe('invalid-query');
    const review = await api.call(`/api/v1/records/${pushed[1]}/review`, {
      token: coordinator.token,
      json: { state: 'maybe' },
    });
    expect(review.status).toBe(400);
    expect(review.json.error).toMatchObject({ code: 'invalid-request', details: [{ path: 'state' }] });
    expect((await get(`/api/v1/records/${pushed[1]}`)).json.record.review).toBeNull();
  });

  it('records a review with who made it', async () => {
    const response = await api.call(`/api/v1/records/${pushed[2]}/review`, {
      token: coordinator.token,
      json: { state: 'contacted', note: 'Call to confirm the postcode' },
    });
    expect(response.status).toBe(200);
    expect(response.json.review).toMatchObject({
      decision: 'contacted',
      note: 'Call to confirm the postcode',
      decidedBy: coordinator.id,
    });
    expect((await get(`/api/v1/records/${pushed[2]}`)).json.record.review.decision).toBe('contacted');
  });
});
