// Grant rounds: a coordinator opens a new round (dates checked, no overlap, ids unique, version checked), each
// application is judged and counted by the round its form was received in, rounds with applications are kept, and
// the pot reads per round (newest first) and by district.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureReferenceData } from '../../src/server/db/reference-data';
import { funds, postcodePlaces, programmeVersions, records } from '../../src/server/db/schema';
import { newId } from '../../src/shared/ids';
import {
  FIRST_ROUND_ID,
  type GrantProgramme,
  type GrantRound,
  MICRO_GRANT,
} from '../../src/shared/programmes';
import { makeUser, pushBody, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';
import { FIRST_ROUND_FORM, grantApplication, LATER_ROUND, LATER_ROUND_FORM } from './support/grants';

const FIRST_ROUND = MICRO_GRANT.rounds?.[0] as GrantRound;
const BETWEEN_ROUNDS_FORM = { ...LATER_ROUND_FORM, receivedOn: '2026-06-01' };

describe.each(databaseKinds())('grant rounds on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const grantSettings = async (): Promise<GrantProgramme> =>
    (await api.call('/api/v1/programmes', { token: worker.token })).json.programmes.find(
      (p: { id: string }) => p.id === 'micro-grant',
    );
  const openRound = async (round: Partial<GrantRound>, version?: number, user = coordinator) =>
    api.call('/api/v1/programmes/micro-grant/rounds', {
      token: user.token,
      json: { version: version ?? (await grantSettings()).version, round: { ...LATER_ROUND, ...round } },
    });
  const putGrant = (settings: GrantProgramme) =>
    api.call('/api/v1/programmes/micro-grant', { method: 'PUT', token: coordinator.token, json: settings });
  const push = (changes: unknown[]) =>
    api.call('/api/v1/sync/push', { token: worker.token, json: pushBody(newId(), changes) });
  const versionCount = async () =>
    (
      await database.db
        .select()
        .from(programmeVersions)
        .where(eq(programmeVersions.programmeId, 'micro-grant'))
    ).length;
  const roundOf = async (id: string) =>
    (await database.db.select().from(records).where(eq(records.id, id)))[0]?.roundId;
  const recheck = async (id: string) =>
    (await api.call(`/api/v1/records/${id}/eligibility`, { token: coordinator.token })).json.result;

  it('refuses bad dates, an overlapping window, a stale version and a worker, saving nothing', async () => {
    const versions = await versionCount();
    const closesFirst = await openRound({ applicationWindow: { opens: '2030-04-01', closes: '2030-03-31' } });
    expect(closesFirst.status).toBe(400);
    expect(closesFirst.json.error).toMatchObject({
      code: 'invalid-request',
      details: [
        {
          path: 'round.applicationWindow.closes',
          message: 'Applications must close on or after the day they open',
        },
      ],
    });
    const spendBackwards = await openRound({ spendWindow: { from: '2030-05-01', to: '2030-04-30' } });
    expect(spendBackwards.json.error.details[0].path).toBe('round.spendWindow.to');
    const overlap = await openRound({
      id: 'overlap',
      applicationWindow: { opens: '2023-03-31', closes: '2023-09-30' },
    });
    expect(overlap.status).toBe(400);
    expect(overlap.json.error.details[0]).toEqual({
      path: 'round.applicationWindow.opens',
      message: 'The application window overlaps the 2022 to 2023 round’s (31 October 2022 to 31 March 2023)',
    });
    const sameId = await openRound({ id: FIRST_ROUND_ID });
    expect(sameId.status).toBe(409);
    expect(sameId.json.error.code).toBe('round-exists');
    const stale = await openRound({}, 99);
    expect(stale.status).toBe(409);
    expect(stale.json.error.code).toBe('version-conflict');
    expect((await openRound({}, undefined, worker)).status).toBe(403);
    expect(await versionCount()).toBe(versions);
    expect((await grantSettings()).rounds).toEqual([FIRST_ROUND]);
  });

  it('judges each application against the round its form was received in, and one in no round as not eligible', async () => {
    const first = grantApplication(100_000, FIRST_ROUND_FORM);
    const between = grantApplication(100_000, BETWEEN_ROUNDS_FORM);
    const early = grantApplication(100_000, LATER_ROUND_FORM);
    await push([first, between, early]);
    expect(await roundOf(first.recordId as string)).toBe(FIRST_ROUND_ID);
    expect(await roundOf(between.recordId as string)).toBeNull();
    expect(await roundOf(early.recordId as string)).toBeNull();
    expect((await recheck(first.recordId as string)).outcome).toBe('eligible');
    const outside = await recheck(between.recordId as string);
    expect(outside.outcome).toBe('not-eligible');
    expect(outside.reasons.find((r: { rule: string }) => r.rule === 'received-date')).toMatchObject({
      code: 'received-outside-window',
      text: 'It was received on 1 June 2026, after applications closed on 31 March 2023 (the 2022 to 2023 round), and no later round is open.',
    });
  });

  it('opens a new round as a new version, with its pot, counting the applications its window holds', async () => {
    const before = await grantSettings();
    const early = grantApplication(70_000, LATER_ROUND_FORM);
    await push([early]);
    expect(await roundOf(early.recordId as string)).toBeNull();
    const opened = await openRound({}, before.version);
    expect(opened.status).toBe(201);
    const programme: GrantProgramme = opened.json.programme;
    expect(programme.version).toBe(before.version + 1);
    expect(programme.rounds).toEqual([FIRST_ROUND, LATER_ROUND]);
    // The top level mirrors the newest round, for tablets from before rounds.
    expect(programme).toMatchObject({
      applicationWindow: LATER_ROUND.applicationWindow,
      spendWindow: LATER_ROUND.spendWindow,
      potPence: LATER_ROUND.potPence,
    });
    const [version] = await database.db
      .select()
      .from(programmeVersions)
      .where(eq(programmeVersions.version, programme.version));
    expect(version).toMatchObject({ savedBy: coordinator.id, settings: programme });
    // Applications received in its window (earlier in no round) now count in its pot: 100,000 + 70,000.
    expect(await roundOf(early.recordId as string)).toBe(LATER_ROUND.id);
    const [pot] = await database.db.select().from(funds).where(eq(funds.roundId, LATER_ROUND.id));
    expect(pot).toMatchObject({ potPence: 1_000_000, requestedPence: 170_000, approvedPence: 0 });
    const pull = await api.call('/api/v1/sync/pull', { token: worker.token });
    expect(pull.json.reference.fundsRemaining.map((f: { roundId: string }) => f.roundId)).toEqual([
      LATER_ROUND.id,
      FIRST_ROUND_ID,
    ]);
    // The same application is judged by the new round now.
    expect((await recheck(early.recordId as string)).outcome).toBe('eligible');
  });

  it('keeps a round that has applications, and each pot at or above what it approved', async () => {
    const settings = await grantSettings();
    const removed = await putGrant({ ...settings, rounds: [FIRST_ROUND] });
    expect(removed.status).toBe(400);
    expect(removed.json.error.code).toBe('invalid-programme');
    expect(removed.json.error.message).toContain('2030 to 2031 round (2030-31) has applications');
    const renamed = await putGrant({ ...settings, rounds: [FIRST_ROUND, { ...LATER_ROUND, id: 'renamed' }] });
    expect(renamed.status).toBe(400);
    const overlapping = await putGrant({
      ...settings,
      rounds: [
        FIRST_ROUND,
        { ...LATER_ROUND, applicationWindow: { opens: '2023-01-01', closes: '2030-09-30' } },
      ],
    });
    expect(overlapping.status).toBe(400);
    expect(overlapping.json.error.details.issues[0].path).toBe('rounds.1.applicationWindow.opens');

    const application = grantApplication(150_000, LATER_ROUND_FORM);
    await push([application]);
    const id = application.recordId as string;
    for (const state of ['under-review', 'approved']) {
      const moved = await api.call(`/api/v1/records/${id}/review`, {
        token: coordinator.token,
        json: { state },
      });
      expect(moved.status).toBe(200);
    }
    const below = await putGrant({
      ...settings,
      rounds: [FIRST_ROUND, { ...LATER_ROUND, potPence: 149_999 }],
    });
    expect(below.status).toBe(400);
    expect(below.json.error).toMatchObject({
      code: 'pot-below-approved',
      details: { roundId: LATER_ROUND.id, approvedPence: 150_000 },
    });
    const atApproved = await putGrant({
      ...settings,
      rounds: [FIRST_ROUND, { ...LATER_ROUND, potPence: 150_000 }],
    });
    expect(atApproved.status).toBe(200);
    const [pot] = await database.db.select().from(funds).where(eq(funds.roundId, LATER_ROUND.id));
    expect(pot?.potPence).toBe(150_000);
    expect(atApproved.json.programme.potPence).toBe(150_000);
  });

  it('reads the pot per round, newest first, with requested, approved, paid and remaining by district', async () => {
    await database.db
      .insert(postcodePlaces)
      .values({ postcode: 'SS11AA', lsoaCode: 'E01015838', districtCode: 'E06000033' });
    const a = grantApplication(60_000, FIRST_ROUND_FORM);
    const b = grantApplication(80_000, FIRST_ROUND_FORM, { answers: { postcode: 'CM1 1AA' } });
    await push([a, b]);
    for (const state of ['under-review', 'approved', 'paid']) {
      await api.call(`/api/v1/records/${a.recordId}/review`, { token: coordinator.token, json: { state } });
    }
    const response = await api.call('/api/v1/grant-pot', { token: coordinator.token });
    expect(response.status).toBe(200);
    expect(response.json.rounds.map((r: { round: GrantRound }) => r.round.id)).toEqual([
      LATER_ROUND.id,
      FIRST_ROUND_ID,
    ]);
    const first = response.json.rounds[1];
    const rows = await database.db.select().from(records).where(eq(records.roundId, FIRST_ROUND_ID));
    const sum = (pick: (row: (typeof rows)[number]) => number) =>
      rows.reduce((total, row) => total + pick(row), 0);
    expect(first).toMatchObject({
      potPence: 10_000_000,
      requestedPence: sum((r) => r.countedRequestPence),
      approvedPence: 60_000,
      paidPence: 60_000,
      remainingPence: 10_000_000 - 60_000,
      applications: rows.length,
    });
    const southend = first.byDistrict.find(
      (d: { districtCode: string | null }) => d.districtCode === 'E06000033',
    );
    const unknown = first.byDistrict.find((d: { districtCode: string | null }) => d.districtCode === null);
    expect(southend).toMatchObject({ approvedPence: 60_000, paidPence: 60_000 });
    expect(unknown).toMatchObject({
      applications: 1,
      requestedPence: 80_000,
      approvedPence: 0,
      paidPence: 0,
    });
    expect((await api.call('/api/v1/grant-pot', { token: worker.token })).status).toBe(403);
  });
  it('seeds again without touching what coordinators saved: every round keeps its pot row and versions stay', async () => {
    const before = {
      settings: await grantSettings(),
      pots: await database.db.select().from(funds).orderBy(funds.roundId),
      versions: await versionCount(),
    };
    await ensureReferenceData(database.db);
    expect(await grantSettings()).toEqual(before.settings);
    expect(await database.db.select().from(funds).orderBy(funds.roundId)).toEqual(before.pots);
    expect(before.pots.map((pot) => pot.roundId)).toEqual([FIRST_ROUND_ID, LATER_ROUND.id]);
    expect(await versionCount()).toBe(before.versions);
  });
});
