// GET /api/v1/sync/pull: reference data, and review decisions on the worker's own records, paged by cursor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PULL_PAGE_SIZE } from '../../src/server/routes/sync';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';
import { grantApplication } from './support/grants';

describe.each(databaseKinds())('pull on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let other: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    other = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const pull = (user: TestUser, cursor?: string) =>
    api.call(`/api/v1/sync/pull${cursor ? `?cursor=${cursor}` : ''}`, { token: user.token });

  it('sends the programmes, the pot and no updates to a new worker', async () => {
    const response = await pull(worker);
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ cursor: '0', hasMore: false, updates: [] });
    expect(response.json.reference.programmes.map((p: { id: string }) => p.id)).toEqual([
      'micro-grant',
      'southend-2050-ambition',
    ]);
    expect(response.json.reference.fundsRemaining).toEqual([
      {
        programmeId: 'micro-grant',
        roundId: '2022-23',
        potPence: 10_000_000,
        requestedPence: 0,
        approvedPence: 0,
        remainingPence: 10_000_000,
      },
    ]);
    expect(response.json.reference.postcodeLookupVersion).toBeNull();
  });

  it('delivers a review decision to the record’s owner only, once, in cursor order', async () => {
    const device = newId();
    const signup = change();
    const grant = grantApplication(75_000);
    await api.call('/api/v1/sync/push', { token: worker.token, json: pushBody(device, [signup, grant]) });
    await api.call(`/api/v1/records/${grant.recordId}/review`, {
      token: coordinator.token,
      json: { state: 'under-review', note: 'Page 3 of the budget is missing' },
    });
    await api.call(`/api/v1/records/${signup.recordId}/review`, {
      token: coordinator.token,
      json: { state: 'contacted' },
    });

    const first = await pull(worker);
    expect(first.json.updates.map((u: { recordId: string }) => u.recordId)).toEqual([
      grant.recordId,
      signup.recordId,
    ]);
    expect(first.json.updates[0]).toMatchObject({
      recordType: 'grant-application',
      recordVersion: 1,
      review: { decision: 'under-review', note: 'Page 3 of the budget is missing' },
    });
    expect(first.json.updates[1]).toMatchObject({
      recordType: 'signup',
      review: { decision: 'contacted', note: null },
    });
    expect(Number(first.json.updates[1].cursor)).toBeGreaterThan(Number(first.json.updates[0].cursor));
    expect(first.json.cursor).toBe(first.json.updates[1].cursor);
    expect(first.json.reference.fundsRemaining[0].requestedPence).toBe(75_000);

    const again = await pull(worker, first.json.cursor);
    expect(again.json.updates).toEqual([]);
    expect(again.json.cursor).toBe(first.json.cursor);
    expect((await pull(other)).json.updates).toEqual([]);
  });

  it('pages with hasMore until every update has been pulled', async () => {
    const device = newId();
    const many = Array.from({ length: PULL_PAGE_SIZE + 5 }, () => change());
    await api.call('/api/v1/sync/push', { token: other.token, json: pushBody(device, many) });
    for (const c of many) {
      await api.call(`/api/v1/records/${c.recordId}/review`, {
        token: coordinator.token,
        json: { state: 'contacted' },
      });
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      const page = await pull(other, cursor);
      pages++;
      seen.push(...page.json.updates.map((u: { recordId: string }) => u.recordId));
      cursor = page.json.cursor;
      if (!page.json.hasMore) break;
    }
    expect(pages).toBe(2);
    expect(new Set(seen)).toEqual(new Set(many.map((c) => c.recordId)));
    expect(seen).toHaveLength(many.length);
  });

  it('refuses a cursor it did not make', async () => {
    const response = await pull(worker, 'yesterday');
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid-cursor');
  });
});
