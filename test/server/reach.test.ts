// GET /reach: sign-ups by IMD decile, district and week against the population's shares, referrals per partner and
// grants by district and decile, over known records pushed by a worker; the date range; coordinators only; and
// the areas seeding behind the shares.
import { sql } from 'drizzle-orm';
import { UUID } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureAreas, imdRows } from '../../src/server/db/areas';
import { postcodePlaces, records } from '../../src/server/db/schema';
import type { ReachResponse } from '../../src/shared/console';
import type { ImdRow } from '../../src/shared/eligibility/imd-csv';
import { newId } from '../../src/shared/ids';
import {
  change,
  checkPayload,
  grantChange,
  makeUser,
  pushBody,
  signupPayload,
  type TestUser,
  testApi,
} from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const SOUTHEND = 'E06000033';
const THURROCK = 'E06000034';
const CHELMSFORD = 'E07000070';

/** A record id (UUIDv7) made at `iso`: the server's created_at is read from it. */
function idAt(iso: string): string {
  const random = (bits: number) => Math.floor(Math.random() * 2 ** bits);
  return UUID.fromFieldsV7(Date.parse(iso), random(12), random(30), random(32)).toString();
}

function area(districtCode: string, decile: number): ImdRow {
  const found = imdRows().find((row) => row.districtCode === districtCode && row.imdDecile === decile);
  if (!found) throw new Error(`no decile ${decile} area in ${districtCode}`);
  return found;
}

const count = (list: { count: number }[]) => list.reduce((sum, item) => sum + item.count, 0);

describe.each(databaseKinds())('reach on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let coordinator: TestUser;
  const southend1 = area(SOUTHEND, 1);
  const chelmsford9 = area(CHELMSFORD, 9);
  const thurrock3 = area(THURROCK, 3);
  let pickedSignupId = '';

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
    // What a postcode directory import leaves (another part of the console fills this table).
    await database.db.insert(postcodePlaces).values([
      { postcode: 'SS11AA', lsoaCode: southend1.code, districtCode: SOUTHEND },
      { postcode: 'CM11XX', lsoaCode: chelmsford9.code, districtCode: CHELMSFORD },
    ]);
    pickedSignupId = idAt('2026-11-18T12:00:00Z');
    const signup = (iso: string, answers: Parameters<typeof signupPayload>[0], id = idAt(iso)) =>
      change({ recordId: id, payload: signupPayload(answers) });
    const changes = [
      // Week of Monday 2 November 2026: two in a decile 1 Southend neighbourhood.
      signup('2026-11-02T09:00:00Z', { postcode: 'SS1 1AA', partnerSupport: ['abs-childcare', 'pave'] }),
      signup('2026-11-08T22:30:00Z', { postcode: 'ss11aa', partnerSupport: ['pave', 'trust-one-to-one'] }),
      // Week of 16 November: one in Chelmsford decile 9, one whose worker picked a Thurrock decile 3
      // neighbourhood on its eligibility check (postcode not in the lookup), one with neither (not known).
      signup('2026-11-16T10:00:00Z', { postcode: 'CM1 1XX', partnerSupport: ['none'] }),
      signup('2026-11-18T12:00:00Z', { postcode: 'RM9 9ZZ', partnerSupport: ['halo'] }, pickedSignupId),
      signup('2026-11-19T12:00:00Z', { postcode: 'SS9 9ZZ', partnerSupport: ['sech-it'] }),
      {
        ...change({ recordType: 'eligibility-check', recordId: idAt('2026-11-18T12:05:00Z') }),
        payload: {
          ...checkPayload(),
          source: { type: 'signup', id: pickedSignupId },
          answers: { postcode: 'RM9 9ZZ', pickedAreaCode: thurrock3.code, dateOfBirth: '1990-12-10' },
        },
      },
      // Before the range the tests below ask for.
      signup('2026-10-01T12:00:00Z', { postcode: 'SS1 1AA', partnerSupport: ['generation-medics'] }),
      grantChange(100_000, {
        recordId: idAt('2026-11-03T12:00:00Z'),
        payload: {
          amountRequestedPence: 100_000,
          answers: { postcode: 'SS1 1AA' },
          resumeAt: 'check-answers',
        },
      }),
      grantChange(50_000, {
        recordId: idAt('2026-11-04T12:00:00Z'),
        payload: {
          amountRequestedPence: 50_000,
          answers: { postcode: 'SS1 1AA' },
          resumeAt: 'check-answers',
        },
      }),
      grantChange(20_000, { recordId: idAt('2026-11-05T12:00:00Z') }),
    ];
    const push = await api.call('/api/v1/sync/push', {
      token: worker.token,
      json: pushBody(newId(), changes),
    });
    expect(push.status).toBe(200);
    expect(push.json.results.map((result: { status: string }) => result.status)).toEqual(
      changes.map(() => 'applied'),
    );
    // An approval as the pot counts it (the review route owns approving; reach only reads what it counted).
    await database.db.execute(
      sql`UPDATE records SET counted_approved_pence = amount_pence WHERE type = 'grant-application' AND amount_pence = 100000`,
    );
  });
  afterAll(() => database.close());

  const reach = async (query = ''): Promise<ReachResponse> => {
    const response = await api.call(`/api/v1/reach${query}`, { token: coordinator.token });
    expect(response.status).toBe(200);
    return response.json;
  };

  it('seeds every neighbourhood of the extract once, with its district, decile and population', async () => {
    await ensureAreas(database.db);
    await database.db.execute(sql`DELETE FROM areas WHERE lsoa_code = ${southend1.code}`);
    await ensureAreas(database.db);
    const result = await database.db.execute<{ areas: number; people: number }>(
      sql`SELECT count(*)::int AS areas, sum(population)::float8 AS people FROM areas`,
    );
    const [totals] = (result as unknown as { rows: { areas: number; people: number }[] }).rows;
    expect(totals).toEqual({
      areas: imdRows().length,
      people: imdRows().reduce((sum, row) => sum + row.population, 0),
    });
    const back = await database.db.execute(
      sql`SELECT name, district_code, imd_decile::int AS decile, population FROM areas WHERE lsoa_code = ${southend1.code}`,
    );
    expect((back as unknown as { rows: unknown[] }).rows).toEqual([
      {
        name: southend1.name,
        district_code: SOUTHEND,
        decile: 1,
        population: southend1.population,
      },
    ]);
  });

  it('counts sign-ups by decile beside population shares that add up to 1', async () => {
    const figures = await reach();
    expect(figures.signups.total).toBe(6);
    expect(figures.signups.byDecile.map((row) => row.decile)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null]);
    const counts = Object.fromEntries(figures.signups.byDecile.map((row) => [String(row.decile), row.count]));
    expect(counts).toEqual({
      1: 3,
      2: 0,
      3: 1,
      4: 0,
      5: 0,
      6: 0,
      7: 0,
      8: 0,
      9: 1,
      10: 0,
      null: 1,
    });
    const shares = figures.signups.byDecile.map((row) => row.populationShare);
    expect(shares.at(-1)).toBeNull();
    expect((shares.slice(0, 10) as number[]).reduce((sum, share) => sum + share, 0)).toBeCloseTo(1, 10);
    const people = imdRows().reduce((sum, row) => sum + row.population, 0);
    const decileOne = imdRows()
      .filter((row) => row.imdDecile === 1)
      .reduce((sum, row) => sum + row.population, 0);
    expect(shares[0]).toBeCloseTo(decileOne / people, 10);
  });

  it('counts sign-ups by district, the nine in order with zeros, then not known', async () => {
    const { byDistrict } = (await reach()).signups;
    expect(byDistrict.map((row) => row.districtCode)).toEqual([
      'E07000066',
      'E07000067',
      'E07000068',
      'E07000069',
      CHELMSFORD,
      'E07000074',
      'E07000075',
      SOUTHEND,
      THURROCK,
      null,
    ]);
    expect(
      Object.fromEntries(byDistrict.filter((row) => row.count).map((row) => [row.districtCode, row.count])),
    ).toEqual({
      [SOUTHEND]: 3,
      [CHELMSFORD]: 1,
      [THURROCK]: 1,
      null: 1,
    });
  });

  it('counts sign-ups per ISO week from Monday, every week between the first and last, by decile', async () => {
    const { byWeek } = (await reach('?from=2026-11-01')).signups;
    expect(byWeek.map((week) => week.weekStart)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    const nonZero = byWeek.map((week) =>
      Object.fromEntries(
        week.byDecile.filter((row) => row.count).map((row) => [String(row.decile), row.count]),
      ),
    );
    // 8 November 22:30 UTC is still Sunday 8 November in the UK: the first week.
    expect(nonZero).toEqual([{ 1: 2 }, {}, { 3: 1, 9: 1, null: 1 }]);
    expect(byWeek[0]?.byDecile).toHaveLength(11);
  });

  it('counts referrals per partner, each sign-up once per partner it asked for', async () => {
    const figures = await reach();
    expect(figures.referrals).toEqual([
      { partner: 'abs-childcare', count: 1 },
      { partner: 'generation-medics', count: 1 },
      { partner: 'pave', count: 2 },
      { partner: 'halo', count: 1 },
      { partner: 'sech-it', count: 1 },
      { partner: 'trust-one-to-one', count: 1 },
    ]);
  });

  it('counts grants, amounts requested and approved, by district and decile', async () => {
    const { grants } = await reach();
    const southend = grants.byDistrict.find((row) => row.districtCode === SOUTHEND);
    expect(southend).toEqual({
      districtCode: SOUTHEND,
      count: 2,
      requestedPence: 150_000,
      approvedPence: 100_000,
    });
    expect(grants.byDistrict.at(-1)).toEqual({
      districtCode: null,
      count: 1,
      requestedPence: 20_000,
      approvedPence: 0,
    });
    expect(count(grants.byDistrict)).toBe(3);
    expect(grants.byDecile[0]).toEqual({
      decile: 1,
      count: 2,
      requestedPence: 150_000,
      approvedPence: 100_000,
    });
    expect(grants.byDecile.at(-1)).toEqual({
      decile: null,
      count: 1,
      requestedPence: 20_000,
      approvedPence: 0,
    });
    expect(count(grants.byDecile)).toBe(3);
  });

  it('counts only records made within the dates, inclusive, as UK dates', async () => {
    const october = await reach('?from=2026-10-01&to=2026-10-31');
    expect(october).toMatchObject({ from: '2026-10-01', to: '2026-10-31' });
    expect(october.signups.total).toBe(1);
    expect(october.referrals.find((row) => row.partner === 'generation-medics')?.count).toBe(1);
    expect(count(october.grants.byDecile)).toBe(0);
    // 16 to 18 November: the 18th's sign-up at noon is in, the 19th's is not; the 2nd to 8th's are not.
    const days = await reach('?from=2026-11-16&to=2026-11-18');
    expect(days.signups.total).toBe(2);
    expect(days.signups.byWeek.map((week) => week.weekStart)).toEqual(['2026-11-16']);
    const later = await reach('?from=2026-12-01');
    expect(later.signups).toMatchObject({ total: 0, byWeek: [] });
    expect(later.from).toBe('2026-12-01');
    expect(later.to).toBeNull();
  });

  it('puts a record made just after midnight in British Summer Time on its UK date', async () => {
    const id = idAt('2026-06-30T23:30:00Z');
    await api.call('/api/v1/sync/push', {
      token: worker.token,
      json: pushBody(newId(), [change({ recordId: id, payload: signupPayload({ postcode: 'SS1 1AA' }) })]),
    });
    expect((await reach('?from=2026-07-01&to=2026-07-01')).signups.total).toBe(1);
    expect((await reach('?from=2026-06-30&to=2026-06-30')).signups.total).toBe(0);
    await database.db.execute(sql`DELETE FROM processed_changes WHERE record_id = ${id}`);
    await database.db.delete(records).where(sql`${records.id} = ${id}`);
  });

  it('refuses dates that are not real, or an end before the start, with invalid-query', async () => {
    for (const query of ['?from=2026-02-30', '?to=yesterday', '?from=2026-11-10&to=2026-11-09']) {
      const response = await api.call(`/api/v1/reach${query}`, { token: coordinator.token });
      expect(response.status).toBe(400);
      expect(response.json.error.code).toBe('invalid-query');
    }
    const backwards = await api.call('/api/v1/reach?from=2026-11-10&to=2026-11-09', {
      token: coordinator.token,
    });
    expect(backwards.json.error).toMatchObject({
      message: 'The end date must be the same as or after the start date',
      details: [{ path: 'to' }],
    });
  });

  it('answers coordinators only: 403 for a worker, 401 without a token', async () => {
    const asWorker = await api.call('/api/v1/reach', { token: worker.token });
    expect(asWorker.status).toBe(403);
    expect(asWorker.json.error.code).toBe('forbidden');
    expect((await api.call('/api/v1/reach')).status).toBe(401);
  });
});
