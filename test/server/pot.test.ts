// The grant pot: requested and approved totals stay exact under concurrent pushes, reviews and approvals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { records } from '../../src/server/db/schema';
import { readFunds } from '../../src/server/sync/grant-pot';
import { newId } from '../../src/shared/ids';
import { grantChange, makeUser, pushBody, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const POT = 10_000_000;

describe.each(databaseKinds())('grant pot on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let coordinator: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind, { poolSize: 20 });
    api = testApi(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const pot = async () => (await readFunds(database.db))[0];
  const review = (id: string, decision: string) =>
    api.call(`/api/v1/records/${id}/review`, { token: coordinator.token, json: { decision } });

  /** The pot's totals must always equal what the records themselves count. */
  async function expectPotMatchesRecords() {
    const rows = await database.db.select().from(records);
    const requested = rows.reduce((sum, row) => sum + row.countedRequestPence, 0);
    const approved = rows.reduce((sum, row) => sum + row.countedApprovedPence, 0);
    expect(await pot()).toMatchObject({ requestedPence: requested, approvedPence: approved });
  }

  it('counts requests exactly when many workers push applications and amendments at once', async () => {
    const workers = await Promise.all(Array.from({ length: 6 }, () => makeUser(database.db)));
    const pushes = workers.map(async (worker, w) => {
      const device = newId();
      const changes = Array.from({ length: 10 }, (_, i) => grantChange(50_000 + w * 1_000 + i * 10));
      const first = await api.call('/api/v1/sync/push', {
        token: worker.token,
        json: pushBody(device, changes),
      });
      expect(first.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
      // Amend half of them (amount up by 5,000) while the other workers are still pushing.
      const amendments = changes.slice(0, 5).map((c) =>
        grantChange((c.payload as unknown as { amountRequestedPence: number }).amountRequestedPence + 5_000, {
          recordId: c.recordId,
          baseVersion: 1,
        }),
      );
      const second = await api.call('/api/v1/sync/push', {
        token: worker.token,
        json: pushBody(device, amendments),
      });
      expect(second.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
    });
    await Promise.all(pushes);
    let expected = 0;
    for (let w = 0; w < 6; w++)
      for (let i = 0; i < 10; i++) expected += 50_000 + w * 1_000 + i * 10 + (i < 5 ? 5_000 : 0);
    expect((await pot())?.requestedPence).toBe(expected);
    await expectPotMatchesRecords();
  });

  it('never lets concurrent approvals take approved funds past the pot', async () => {
    const worker = await makeUser(database.db);
    const device = newId();
    // 80 applications of 150,000 pence: 12,000,000 requested against a 10,000,000 pot.
    const changes = Array.from({ length: 80 }, () => grantChange(150_000));
    await api.call('/api/v1/sync/push', { token: worker.token, json: pushBody(device, changes) });
    const before = (await pot())?.approvedPence ?? 0;
    const responses = await Promise.all(changes.map((c) => review(c.recordId as string, 'approved')));
    const approved = responses.filter((r) => r.status === 200).length;
    const refused = responses.filter((r) => r.status === 409);
    expect(approved + refused.length).toBe(80);
    expect(approved).toBe(Math.floor((POT - before) / 150_000));
    expect(refused[0]?.json.error.code).toBe('pot-exceeded');
    const after = await pot();
    expect(after?.approvedPence).toBe(before + approved * 150_000);
    expect(after?.approvedPence).toBeLessThanOrEqual(POT);
    expect(after?.remainingPence).toBe(POT - (after?.approvedPence ?? 0));
    await expectPotMatchesRecords();
  });

  it('declining releases the request (and an approval), and a decided application can no longer change', async () => {
    const worker = await makeUser(database.db);
    const device = newId();
    const c = grantChange(120_000);
    await api.call('/api/v1/sync/push', { token: worker.token, json: pushBody(device, [c]) });
    const start = await pot();
    const approve = await review(c.recordId as string, 'approved');
    if (approve.status === 200) {
      expect((await pot())?.approvedPence).toBe((start?.approvedPence ?? 0) + 120_000);
    }
    await review(c.recordId as string, 'declined');
    const end = await pot();
    expect(end?.requestedPence).toBe((start?.requestedPence ?? 0) - 120_000);
    expect(end?.approvedPence).toBe(start?.approvedPence);
    const amend = grantChange(130_000, { recordId: c.recordId, baseVersion: 1 });
    const refused = await api.call('/api/v1/sync/push', {
      token: worker.token,
      json: pushBody(device, [amend]),
    });
    expect(refused.json.results[0]).toMatchObject({
      status: 'rejected',
      error: { code: 'record-already-decided' },
    });
    await expectPotMatchesRecords();
  });
});
