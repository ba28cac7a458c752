// The grant pot per round: requested, approved and paid stay exact under concurrent pushes, reviews and approvals,
// and approving never passes a round's pot.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { records } from '../../src/server/db/schema';
import { readFunds } from '../../src/server/sync/grant-pot';
import { newId } from '../../src/shared/ids';
import { FIRST_ROUND_ID } from '../../src/shared/programmes';
import { makeUser, pushBody, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';
import { FIRST_ROUND_FORM, grantApplication, LATER_ROUND, LATER_ROUND_FORM } from './support/grants';

const POT = 10_000_000;

describe.each(databaseKinds())('grant pot on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let coordinator: TestUser;
  let worker: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind, { poolSize: 30 });
    api = testApi(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
    worker = await makeUser(database.db);
  });
  afterAll(() => database.close());

  const pot = async (roundId = FIRST_ROUND_ID) =>
    (await readFunds(database.db)).find((row) => row.roundId === roundId);
  const paid = async (roundId = FIRST_ROUND_ID) =>
    (await database.db.query.funds.findFirst({ where: (f, { eq }) => eq(f.roundId, roundId) }))?.paidPence;
  const review = (id: string, state: string, extra: Record<string, unknown> = {}) =>
    api.call(`/api/v1/records/${id}/review`, { token: coordinator.token, json: { state, ...extra } });
  const push = (changes: unknown[], user = worker) =>
    api.call('/api/v1/sync/push', { token: user.token, json: pushBody(newId(), changes) });

  /** Each round's pot must always equal what its records count. */
  async function expectPotsMatchRecords() {
    const rows = await database.db.select().from(records).where(eq(records.type, 'grant-application'));
    const funds = await database.db.query.funds.findMany();
    for (const fund of funds) {
      const mine = rows.filter((row) => row.roundId === fund.roundId);
      expect(fund).toMatchObject({
        requestedPence: mine.reduce((sum, row) => sum + row.countedRequestPence, 0),
        approvedPence: mine.reduce((sum, row) => sum + row.countedApprovedPence, 0),
        paidPence: mine.reduce((sum, row) => sum + row.countedPaidPence, 0),
      });
    }
    // An application in no round counts in no pot.
    for (const row of rows.filter((r) => r.roundId === null)) {
      expect(row.countedRequestPence + row.countedApprovedPence + row.countedPaidPence).toBe(0);
    }
  }

  it('counts requests exactly when many workers push applications and amendments at once', async () => {
    const workers = await Promise.all(Array.from({ length: 6 }, () => makeUser(database.db)));
    const before = (await pot())?.requestedPence ?? 0;
    const pushes = workers.map(async (user, w) => {
      const device = newId();
      const changes = Array.from({ length: 10 }, (_, i) => grantApplication(50_000 + w * 1_000 + i * 10));
      const first = await api.call('/api/v1/sync/push', {
        token: user.token,
        json: pushBody(device, changes),
      });
      expect(first.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
      // Amend half of them (amount up by 5,000) while the other workers are still pushing.
      const amendments = changes.slice(0, 5).map((c) =>
        grantApplication(
          (c.payload as unknown as { amountRequestedPence: number }).amountRequestedPence + 5_000,
          FIRST_ROUND_FORM,
          {
            recordId: c.recordId as string,
            baseVersion: 1,
          },
        ),
      );
      const second = await api.call('/api/v1/sync/push', {
        token: user.token,
        json: pushBody(device, amendments),
      });
      expect(second.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    });
    await Promise.all(pushes);
    let expected = before;
    for (let w = 0; w < 6; w++)
      for (let i = 0; i < 10; i++) expected += 50_000 + w * 1_000 + i * 10 + (i < 5 ? 5_000 : 0);
    expect((await pot())?.requestedPence).toBe(expected);
    await expectPotsMatchRecords();
  });

  it('lets exactly as many of 20 parallel approvals through as the round’s pot fits (10)', async () => {
    const settings = await api.call('/api/v1/programmes', { token: coordinator.token });
    const version = settings.json.programmes.find((p: { id: string }) => p.id === 'micro-grant').version;
    const opened = await api.call('/api/v1/programmes/micro-grant/rounds', {
      token: coordinator.token,
      json: { version, round: LATER_ROUND },
    });
    expect(opened.status).toBe(201);
    // 20 applications of £1,000 against the round's £10,000 pot.
    const changes = Array.from({ length: 20 }, () => grantApplication(100_000, LATER_ROUND_FORM));
    await push(changes);
    expect(await pot(LATER_ROUND.id)).toMatchObject({ requestedPence: 2_000_000, approvedPence: 0 });
    for (const c of changes) expect((await review(c.recordId as string, 'under-review')).status).toBe(200);
    const responses = await Promise.all(
      changes.map((c) => review(c.recordId as string, 'approved', { reason: 'Agreed at panel' })),
    );
    expect(responses.filter((r) => r.status === 200)).toHaveLength(10);
    const refused = responses.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(10);
    for (const r of refused) {
      expect(r.status).toBe(409);
      expect(r.json.error.code).toBe('pot-exceeded');
    }
    expect(refused[0]?.json.error.message).toBe(
      'Approving £1,000 would take the 2030 to 2031 round past its pot: £0 is left of £10,000.',
    );
    expect(await pot(LATER_ROUND.id)).toMatchObject({ approvedPence: 1_000_000, remainingPence: 0 });
    // The other round's pot is untouched by this round's approvals.
    expect((await pot())?.approvedPence).toBe(0);
    await expectPotsMatchRecords();
  });

  it('counts requested while not declined, approved for approved and paid, paid for paid, through every move', async () => {
    const a = grantApplication(120_000);
    await push([a]);
    const id = a.recordId as string;
    const start = { ...(await pot()), paid: await paid() };
    const expectPot = async (requested: number, approved: number, paidPence: number) => {
      expect(await pot()).toMatchObject({
        requestedPence: (start.requestedPence ?? 0) + requested,
        approvedPence: (start.approvedPence ?? 0) + approved,
        remainingPence: POT - ((start.approvedPence ?? 0) + approved),
      });
      expect(await paid()).toBe((start.paid ?? 0) + paidPence);
    };
    await expectPot(0, 0, 0);
    expect((await review(id, 'under-review')).status).toBe(200);
    await expectPot(0, 0, 0);
    expect((await review(id, 'approved')).status).toBe(200);
    await expectPot(0, 120_000, 0);
    expect((await review(id, 'declined')).status).toBe(200);
    await expectPot(-120_000, 0, 0);
    expect((await review(id, 'under-review')).status).toBe(200); // reopened: requested again
    await expectPot(0, 0, 0);
    expect((await review(id, 'approved')).status).toBe(200);
    expect((await review(id, 'paid')).status).toBe(200);
    await expectPot(0, 120_000, 120_000);
    await expectPotsMatchRecords();
  });

  it('refuses a tablet’s edit of a declined, approved or paid application, leaving the pot as it was', async () => {
    const declined = grantApplication(60_000);
    const paidOne = grantApplication(70_000);
    await push([declined, paidOne]);
    await review(declined.recordId as string, 'declined');
    for (const state of ['under-review', 'approved', 'paid']) await review(paidOne.recordId as string, state);
    const before = await pot();
    const edits = [declined, paidOne].map((c) =>
      grantApplication(140_000, FIRST_ROUND_FORM, { recordId: c.recordId as string, baseVersion: 1 }),
    );
    const response = await push(edits);
    for (const result of response.json.results) {
      expect(result).toMatchObject({ status: 'rejected', error: { code: 'record-already-decided' } });
    }
    expect(response.json.results[1].error.message).toBe(
      'The central team marked this record “Paid”, so it can no longer change.',
    );
    expect(await pot()).toEqual(before);
    await expectPotsMatchRecords();
  });

  it('moves a request to the round its corrected received date falls in, and out of every pot outside them', async () => {
    const c = grantApplication(90_000);
    await push([c]);
    const id = c.recordId as string;
    const first = await pot();
    const later = await pot(LATER_ROUND.id);
    await push([grantApplication(90_000, LATER_ROUND_FORM, { recordId: id, baseVersion: 1 })]);
    expect((await pot())?.requestedPence).toBe((first?.requestedPence ?? 0) - 90_000);
    expect((await pot(LATER_ROUND.id))?.requestedPence).toBe((later?.requestedPence ?? 0) + 90_000);
    const [moved] = await database.db.select().from(records).where(eq(records.id, id));
    expect(moved?.roundId).toBe(LATER_ROUND.id);
    // Received between rounds: in no round and no pot, and approving it is refused.
    await push([
      grantApplication(
        90_000,
        { ...LATER_ROUND_FORM, receivedOn: '2025-01-01' },
        { recordId: id, baseVersion: 2 },
      ),
    ]);
    expect((await pot(LATER_ROUND.id))?.requestedPence).toBe(later?.requestedPence);
    const [outside] = await database.db.select().from(records).where(eq(records.id, id));
    expect(outside).toMatchObject({ roundId: null, countedRequestPence: 0 });
    expect((await review(id, 'under-review')).status).toBe(200);
    const approve = await review(id, 'approved', { reason: 'Panel agreed' });
    expect(approve.status).toBe(409);
    expect(approve.json.error.code).toBe('outside-round');
    await expectPotsMatchRecords();
  });
});
