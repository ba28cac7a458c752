// The coordinators' records list (every filter, search, keyset pages with the exact total), a record's page (bank
// details masked, both eligibility results, photos, history), the audited bank reveal, and who may call them.
import { createHash } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents, records } from '../../src/server/db/schema';
import { recordReference } from '../../src/shared/reference';
import { change, type Json, makeUser, pushBody, signupPayload, type TestUser, testApi } from './support/api';
import { checkPayloadOf, grantPayload, idAt, pushRecord, seedPlace } from './support/console-records';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const at = (iso: string) => new Date(iso);

describe.each(databaseKinds())('console records on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let alice: TestUser;
  let bob: TestUser;
  let coordinator: TestUser;
  const ids: Record<string, string> = {};
  const photo = new TextEncoder().encode('a photo of page 1');
  const photoHash = createHash('sha256').update(photo).digest('hex');

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    alice = await makeUser(database.db);
    bob = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
    await seedPlace(database.db, {
      lsoa: 'E01000001',
      district: 'E06000033',
      decile: 1,
      postcodes: ['SS1 1AA'],
    });
    await seedPlace(database.db, {
      lsoa: 'E01000002',
      district: 'E07000075',
      decile: 7,
      postcodes: ['SS4 1AA'],
    });
    await seedPlace(database.db, { lsoa: 'E01000003', district: 'E07000069', decile: 3, postcodes: [] });
    const put = await api.call(`/api/v1/attachments/${photoHash}`, {
      method: 'PUT',
      token: bob.token,
      body: photo,
      headers: { 'content-type': 'image/jpeg' },
    });
    expect(put.status).toBe(201);

    const push = (token: string, type: string, payload: unknown, when: string) =>
      pushRecord(api, token, { type, payload, at: at(when) });
    ids.ada = await push(
      alice.token,
      'signup',
      signupPayload({ postcode: 'SS1 1AA' }),
      '2026-11-02T10:00:00Z',
    );
    ids.grace = await push(
      bob.token,
      'signup',
      signupPayload({ firstName: 'Grace', lastName: 'Hopper', postcode: 'SS4 1AA' }),
      '2026-11-10T10:00:00Z',
    );
    ids.alan = await push(
      alice.token,
      'signup',
      signupPayload({ firstName: 'Alan', lastName: 'Turing', postcode: 'SS9 9ZZ' }),
      '2026-11-20T10:00:00Z',
    );
    const fromAda = { source: { type: 'signup' as const, id: ids.ada } };
    ids.adaFirstCheck = await push(
      alice.token,
      'eligibility-check',
      checkPayloadOf('not-eligible', fromAda),
      '2026-11-03T10:00:00Z',
    );
    ids.adaLatestCheck = await push(
      alice.token,
      'eligibility-check',
      checkPayloadOf('eligible', fromAda),
      '2026-11-04T10:00:00Z',
    );
    ids.pickedCheck = await push(
      bob.token,
      'eligibility-check',
      checkPayloadOf('needs-review', { answers: { postcode: 'SS7 9ZZ', pickedAreaCode: 'E01000003' } }),
      '2026-11-12T10:00:00Z',
    );
    ids.larder = await push(
      bob.token,
      'grant-application',
      { ...grantPayload(), attachments: [{ sha256: photoHash }] },
      '2026-11-15T10:00:00Z',
    );
    // A coordinator moved Grace on (the review routes are tested elsewhere); the larder is in the first round.
    await database.db.update(records).set({ reviewState: 'contacted' }).where(eq(records.id, ids.grace));
    await database.db.update(records).set({ roundId: '2022-23' }).where(eq(records.id, ids.larder));
    // Alan's details were corrected on the tablet: version 2.
    const corrected = await api.call('/api/v1/sync/push', {
      token: alice.token,
      json: pushBody(idAt(new Date()), [
        change({
          recordId: ids.alan,
          baseVersion: 1,
          payload: signupPayload({ firstName: 'Alan', lastName: 'Turing', postcode: 'SS9 9ZY' }),
        }),
      ]),
    });
    expect(corrected.json.results[0].status).toBe('applied');
  });
  afterAll(() => database.close());

  const get = (path: string, token = coordinator.token) => api.call(path, { token });
  const listed = async (query: string): Promise<string[]> => {
    const response = await get(`/api/v1/records?${query}`);
    expect(response.status, JSON.stringify(response.json)).toBe(200);
    expect(response.json.total).toBe(response.json.records.length);
    return response.json.records.map((record: Json) => record.id);
  };
  const named = (...names: string[]) => names.map((name) => ids[name]);

  it('lists every record newest first with its reference, worker, state, eligibility and place', async () => {
    expect(await listed('')).toEqual(
      named('alan', 'larder', 'pickedCheck', 'grace', 'adaLatestCheck', 'adaFirstCheck', 'ada'),
    );
    const response = await get('/api/v1/records?type=signup');
    const ada = response.json.records.find((record: Json) => record.id === ids.ada);
    expect(ada).toEqual({
      id: ids.ada,
      type: 'signup',
      reference: recordReference(ids.ada as string),
      displayName: 'Ada Lovelace',
      postcode: 'SS1 1AA',
      workerId: alice.id,
      workerName: alice.username,
      createdAt: '2026-11-02T10:00:00.000Z',
      receivedAt: expect.any(String),
      reviewState: 'new',
      eligibility: 'eligible',
      districtCode: 'E06000033',
      imdDecile: 1,
      amountPence: null,
      roundId: null,
    });
    const larder = (await get('/api/v1/records?type=grant-application')).json.records[0];
    expect(larder).toMatchObject({ reviewState: 'received', amountPence: 120_000, roundId: '2022-23' });
    const check = (await get('/api/v1/records?type=eligibility-check')).json.records[0];
    expect(check).toMatchObject({
      id: ids.pickedCheck,
      reviewState: null,
      districtCode: 'E07000069',
      imdDecile: 3,
    });
  });

  it('filters by type, review state, eligibility, worker, district, decile and dates', async () => {
    expect(await listed('type=signup')).toEqual(named('alan', 'grace', 'ada'));
    expect(await listed('review=new')).toEqual(named('alan', 'ada'));
    expect(await listed('review=contacted')).toEqual(named('grace'));
    expect(await listed('review=received')).toEqual(named('larder'));
    expect(await listed('review=approved')).toEqual([]);
    // A sign-up's outcome is its latest check's: Ada's earlier "not eligible" no longer counts for her.
    expect(await listed('eligibility=eligible')).toEqual(named('adaLatestCheck', 'ada'));
    expect(await listed('eligibility=not-eligible')).toEqual(named('adaFirstCheck'));
    expect(await listed('eligibility=needs-review')).toEqual(named('pickedCheck'));
    expect(await listed(`worker=${bob.id}`)).toEqual(named('larder', 'pickedCheck', 'grace'));
    expect(await listed('district=E06000033')).toEqual(named('ada'));
    expect(await listed('district=E07000069')).toEqual(named('pickedCheck'));
    expect(await listed('decile=7')).toEqual(named('grace'));
    expect(await listed('from=2026-11-10&to=2026-11-12')).toEqual(named('pickedCheck', 'grace'));
    expect(await listed('from=2026-11-20')).toEqual(named('alan'));
    expect(await listed(`type=signup&worker=${alice.id}&review=new`)).toEqual(named('alan', 'ada'));
  });

  it('finds records by name, postcode, organisation and reference', async () => {
    expect(await listed('q=lovelace')).toEqual(named('ada'));
    expect(await listed('q=ADA%20love')).toEqual(named('ada'));
    expect(await listed('q=SS4%201AA')).toEqual(named('grace'));
    expect(await listed('q=ss41aa')).toEqual(named('grace'));
    expect(await listed('q=larder')).toEqual(named('larder'));
    expect(await listed(`q=${recordReference(ids.larder as string)}`)).toEqual(named('larder'));
    expect(
      await listed(
        `q=${recordReference(ids.grace as string)
          .replace('-', '')
          .toLowerCase()}`,
      ),
    ).toEqual(named('grace'));
    // A search pages like the list, with its total on every page.
    const everyone = await listed('q=ss');
    const paged: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Json = await get(`/api/v1/records?q=ss&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.json.total).toBe(everyone.length);
      paged.push(...page.json.records.map((record: Json) => record.id));
      cursor = page.json.nextCursor;
    } while (cursor);
    expect(paged).toEqual(everyone);
    expect(everyone.length).toBeGreaterThan(2);
    // LIKE's own characters are taken literally.
    expect(await listed('q=%25')).toEqual([]);
    expect(await listed('q=_')).toEqual([]);
  });

  it('pages with a cursor through the whole set once, with the exact total on every page', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const response: Json = await get(`/api/v1/records?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.json.total).toBe(7);
      expect(response.json.records.length).toBeLessThanOrEqual(2);
      seen.push(...response.json.records.map((record: Json) => record.id));
      cursor = response.json.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(4);
    expect(seen).toEqual(await listed(''));
    const filtered = await get('/api/v1/records?type=signup&limit=2');
    const next = await get(`/api/v1/records?type=signup&limit=2&cursor=${filtered.json.nextCursor}`);
    expect(next.json).toMatchObject({ total: 3, nextCursor: null });
    expect(next.json.records.map((record: Json) => record.id)).toEqual(named('ada'));
  });

  it('refuses a query it cannot read with invalid-query and each field’s issue', async () => {
    for (const [query, path] of [
      ['decile=11', 'decile'],
      ['from=2026-13-01', 'from'],
      ['worker=alice', 'worker'],
      ['type=parcel', 'type'],
      ['review=maybe', 'review'],
      ['limit=0', 'limit'],
      ['cursor=bm90LWFuLWlk', 'cursor'],
      ['from=2026-11-12&to=2026-11-10', 'to'],
    ]) {
      const response = await get(`/api/v1/records?${query}`);
      expect(response.status, query).toBe(400);
      expect(response.json.error.code).toBe('invalid-query');
      expect(response.json.error.details[0].path, query).toBe(path);
    }
  });

  it('shows a record page with bank details masked, both results, photos, its round and history', async () => {
    const response = await get(`/api/v1/records/${ids.larder}`);
    expect(response.status).toBe(200);
    const detail = response.json;
    expect(detail.item).toMatchObject({
      id: ids.larder,
      displayName: 'Leigh Community Larder',
      workerId: bob.id,
    });
    expect(detail.record.payload.answers).toMatchObject({ sortCode: '••••30', accountNumber: '••••5678' });
    expect(response.text).not.toContain('12345678');
    expect(response.text).not.toContain('309430');
    expect(detail.photos).toEqual([{ sha256: photoHash, size: photo.length, mediaType: 'image/jpeg' }]);
    expect(detail.round).toEqual({ id: '2022-23', name: '2022 to 2023' });
    expect(detail.allowedMoves).toEqual(['under-review', 'declined']);
    expect(detail.serverEligibility.outcome).toEqual(expect.any(String));
    expect(detail.approvalNeedsReason).toBe(detail.serverEligibility.outcome !== 'eligible');
    expect(detail.tabletEligibility).toBeNull();
    expect(detail.history).toEqual([
      expect.objectContaining({ kind: 'received', actorId: bob.id, actorName: bob.username, version: 1 }),
    ]);

    const ada = (await get(`/api/v1/records/${ids.ada}`)).json;
    expect(ada.tabletEligibility.outcome).toBe('eligible');
    expect(ada.tabletCheckId).toBe(ids.adaLatestCheck);
    expect(ada.serverEligibility).not.toBeNull();
    expect(ada.allowedMoves).toEqual(['contacted', 'not-eligible', 'withdrawn']);
    expect(ada.approvalNeedsReason).toBe(false);

    const alan = (await get(`/api/v1/records/${ids.alan}`)).json;
    expect(alan.history.map((event: Json) => [event.kind, event.version, event.actorName])).toEqual([
      ['received', 1, alice.username],
      ['updated', 2, alice.username],
    ]);
    const check = (await get(`/api/v1/records/${ids.pickedCheck}`)).json;
    expect(check.allowedMoves).toEqual([]);
    expect(check.tabletEligibility.outcome).toBe('needs-review');
  });

  it('gives a coordinator the photo’s bytes with their media type, and a worker none', async () => {
    const response = await api.app.request(`/api/v1/attachments/${photoHash}`, {
      headers: { authorization: `Bearer ${coordinator.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(photo);
    expect((await get(`/api/v1/attachments/${photoHash}`, bob.token)).status).toBe(403);
  });

  it('reveals bank details only on request, writing who asked to the audit trail', async () => {
    const before = await database.db
      .select()
      .from(recordEvents)
      .where(eq(recordEvents.recordId, ids.larder as string));
    expect(before).toEqual([]);
    const response = await api.call(`/api/v1/records/${ids.larder}/reveal-bank`, {
      method: 'POST',
      token: coordinator.token,
    });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({
      accountName: 'Leigh Community Larder',
      sortCode: '309430',
      accountNumber: '12345678',
      buildingSocietyRoll: null,
    });
    const rows = await database.db
      .select()
      .from(recordEvents)
      .where(eq(recordEvents.recordId, ids.larder as string));
    expect(rows).toEqual([expect.objectContaining({ kind: 'bank-revealed', actorId: coordinator.id })]);
    const history = (await get(`/api/v1/records/${ids.larder}`)).json.history;
    expect(history.at(-1)).toMatchObject({ kind: 'bank-revealed', actorName: coordinator.username });

    const signup = await api.call(`/api/v1/records/${ids.ada}/reveal-bank`, {
      method: 'POST',
      token: coordinator.token,
    });
    expect(signup.status).toBe(400);
    expect(signup.json.error.code).toBe('invalid-type');
  });

  it('is for coordinators only: a worker’s token is refused and reveals nothing', async () => {
    const count = async () =>
      Number(
        (
          (await database.db.execute(sql`SELECT count(*) AS n FROM record_events`)) as unknown as {
            rows: { n: string }[];
          }
        ).rows[0]?.n,
      );
    const audited = await count();
    for (const path of [
      '/api/v1/records',
      `/api/v1/records/${ids.ada}`,
      '/api/v1/records/export.csv?type=signup',
    ]) {
      const response = await get(path, alice.token);
      expect(response.status, path).toBe(403);
      expect(response.json.error.code).toBe('forbidden');
    }
    const reveal = await api.call(`/api/v1/records/${ids.larder}/reveal-bank`, {
      method: 'POST',
      token: bob.token,
    });
    expect(reveal.status).toBe(403);
    expect(await count()).toBe(audited);
    expect((await get(`/api/v1/records/${idAt(new Date())}`)).json.error.code).toBe('record-not-found');
    expect((await get('/api/v1/records/12')).json.error.code).toBe('invalid-record-id');
  });
});
