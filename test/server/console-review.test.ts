// Review from the coordinator console: every move of REVIEW_MOVES allowed and every other refused, the seen state
// (stale), the reason approving against the server's re-check needs, the audit trail, bulk review with mixed
// results, and decisions reaching the worker's pull.
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordEvents, records } from '../../src/server/db/schema';
import { newId } from '../../src/shared/ids';
import {
  INITIAL_REVIEW_STATE,
  movesFrom,
  REVIEW_MOVES,
  REVIEW_STATES,
  type ReviewableType,
  type ReviewState,
} from '../../src/shared/review';
import {
  change,
  checkPayload,
  makeUser,
  pushBody,
  signupPayload,
  type TestUser,
  testApi,
} from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';
import { grantApplication } from './support/grants';

/** The shortest list of allowed moves from the type's initial state to `target`. */
function pathTo(type: ReviewableType, target: ReviewState): ReviewState[] {
  const start: ReviewState = INITIAL_REVIEW_STATE[type];
  const queue: { state: ReviewState; path: ReviewState[] }[] = [{ state: start, path: [] }];
  const seen = new Set<ReviewState>([start]);
  while (queue.length > 0) {
    const { state, path } = queue.shift() as { state: ReviewState; path: ReviewState[] };
    if (state === target) return path;
    for (const next of movesFrom(type, state)) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push({ state: next, path: [...path, next] });
    }
  }
  throw new Error(`${target} cannot be reached for ${type}`);
}

describe.each(databaseKinds())('console review on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let coordinator: TestUser;
  let second: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
    second = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const push = (changes: unknown[]) =>
    api.call('/api/v1/sync/push', { token: worker.token, json: pushBody(newId(), changes) });
  const review = (id: string, json: Record<string, unknown>, user = coordinator) =>
    api.call(`/api/v1/records/${id}/review`, { token: user.token, json });
  const bulk = (json: Record<string, unknown>, user = coordinator) =>
    api.call('/api/v1/records/review', { token: user.token, json });
  const stored = async (id: string) =>
    (await database.db.select().from(records).where(eq(records.id, id)))[0];
  const events = (id: string) =>
    database.db
      .select()
      .from(recordEvents)
      .where(eq(recordEvents.recordId, id))
      .orderBy(asc(recordEvents.at));

  describe.each(['signup', 'grant-application'] as const)('every move of a %s', (type) => {
    const from = Object.keys(REVIEW_MOVES[type]) as ReviewState[];
    const cases = from.flatMap((state) => REVIEW_STATES.map((to) => [state, to] as const));

    it(`is allowed exactly when REVIEW_MOVES lists it (${cases.length} moves)`, async () => {
      // One record per move, each walked to its starting state through allowed moves.
      const made = cases.map(() => (type === 'signup' ? change() : grantApplication(50_000)));
      const pushed = await push(made);
      expect(pushed.json.results.every((r: { status: string }) => r.status === 'applied')).toBe(true);
      let allowed = 0;
      for (const [index, [state, to]] of cases.entries()) {
        const id = made[index]?.recordId as string;
        for (const step of pathTo(type, state)) expect((await review(id, { state: step })).status).toBe(200);
        const eventsBefore = (await events(id)).length;
        const response = await review(id, { state: to, expected: state });
        if ((REVIEW_MOVES[type] as Record<string, readonly string[]>)[state]?.includes(to)) {
          allowed += 1;
          expect(response.status, `${state} -> ${to}`).toBe(200);
          expect(response.json.review.decision).toBe(to);
          expect((await stored(id))?.reviewState).toBe(to);
          expect((await events(id)).at(-1)).toMatchObject({ kind: 'review', fromState: state, toState: to });
        } else {
          expect(response.status, `${state} -> ${to}`).toBe(409);
          expect(response.json.error).toMatchObject({
            code: 'review-move-refused',
            details: { from: state, allowed: movesFrom(type, state) },
          });
          // Nothing written: the state and the audit trail are as they were.
          expect((await stored(id))?.reviewState ?? INITIAL_REVIEW_STATE[type]).toBe(state);
          expect(await events(id)).toHaveLength(eventsBefore);
        }
      }
      const listed = Object.values(REVIEW_MOVES[type]).reduce((sum, moves) => sum + moves.length, 0);
      expect(allowed).toBe(listed);
    });
  });

  it('refuses a move when someone else moved the record since the coordinator saw it', async () => {
    const c = change();
    await push([c]);
    const id = c.recordId as string;
    // Never reviewed: null and the initial state both match what the console showed.
    expect((await review(id, { state: 'contacted', expected: null })).status).toBe(200);
    const stale = await review(id, { state: 'withdrawn', expected: 'new' }, second);
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'review-stale', details: { currentState: 'contacted' } });
    expect(stale.json.error.message).toContain('Contacted');
    expect((await stored(id))?.reviewState).toBe('contacted');
    expect((await review(id, { state: 'enrolled', expected: 'contacted' }, second)).status).toBe(200);
    const fresh = change();
    await push([fresh]);
    expect((await review(fresh.recordId as string, { state: 'contacted', expected: 'new' })).status).toBe(
      200,
    );
  });

  it('needs a reason to approve an application the server’s re-check does not find eligible', async () => {
    const doubtful = grantApplication(80_000, undefined, { answers: { annualIncomePence: 12_000_000 } });
    const eligible = grantApplication(80_000);
    await push([doubtful, eligible]);
    const id = doubtful.recordId as string;
    await review(id, { state: 'under-review' });
    const potBefore = await database.db.query.funds.findFirst();
    for (const reason of [undefined, '', '   ']) {
      const refused = await review(id, { state: 'approved', ...(reason === undefined ? {} : { reason }) });
      expect(refused.status).toBe(422);
      expect(refused.json.error.code).toBe('reason-required');
      expect(refused.json.error.details.outcome).toBe('not-eligible');
      expect(refused.json.error.details.reasons.map((r: { code: string }) => r.code)).toEqual([
        'income-at-or-over-limit',
      ]);
    }
    expect((await stored(id))?.reviewState).toBe('under-review');
    expect(await database.db.query.funds.findFirst()).toEqual(potBefore);
    const approved = await review(id, {
      state: 'approved',
      reason: 'Income fell below the limit this year; panel agreed',
    });
    expect(approved.status).toBe(200);
    expect((await events(id)).at(-1)).toMatchObject({
      toState: 'approved',
      reason: 'Income fell below the limit this year; panel agreed',
    });
    // An eligible application needs none.
    await review(eligible.recordId as string, { state: 'under-review' });
    expect((await review(eligible.recordId as string, { state: 'approved' })).status).toBe(200);
    expect((await events(eligible.recordId as string)).at(-1)?.reason).toBeNull();
  });

  it('writes each move to the audit trail: who, when, from, to, note and reason', async () => {
    const c = change();
    await push([c]);
    const id = c.recordId as string;
    const before = Date.now();
    await review(id, { state: 'contacted', note: '  Left a voicemail  ' });
    await review(id, { state: 'not-eligible', note: 'Works full time' }, second);
    await review(id, { state: 'contacted' });
    const after = Date.now();
    const trail = await events(id);
    expect(trail.map((e) => [e.kind, e.actorId, e.fromState, e.toState, e.note, e.reason])).toEqual([
      ['review', coordinator.id, 'new', 'contacted', 'Left a voicemail', null],
      ['review', second.id, 'contacted', 'not-eligible', 'Works full time', null],
      ['review', coordinator.id, 'not-eligible', 'contacted', null, null],
    ]);
    for (const event of trail) {
      expect(event.at.getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect(event.at.getTime()).toBeLessThanOrEqual(after + 1000);
    }
    expect(await stored(id)).toMatchObject({
      reviewState: 'contacted',
      reviewNote: null,
      reviewedBy: coordinator.id,
    });
  });

  it('refuses checks (not reviewed), unknown records and workers', async () => {
    const check = change({ recordType: 'eligibility-check', payload: checkPayload() });
    await push([check]);
    const refused = await review(check.recordId as string, { state: 'contacted' });
    expect(refused.status).toBe(422);
    expect(refused.json.error.code).toBe('not-reviewable');
    expect(await events(check.recordId as string)).toHaveLength(0);
    const missing = await review(newId(), { state: 'contacted' });
    expect(missing.status).toBe(404);
    expect(missing.json.error.code).toBe('record-not-found');
    const c = change();
    await push([c]);
    expect((await review(c.recordId as string, { state: 'contacted' }, worker)).status).toBe(403);
    expect((await bulk({ ids: [c.recordId], state: 'contacted' }, worker)).status).toBe(403);
    expect((await stored(c.recordId as string))?.reviewState).toBeNull();
  });

  it('moves a selection record by record: one refused never blocks the others', async () => {
    const fresh = [change(), change(), change()];
    const moved = change();
    const check = change({ recordType: 'eligibility-check', payload: checkPayload() });
    await push([...fresh, moved, check]);
    await review(moved.recordId as string, { state: 'contacted' });
    const unknown = newId();
    const ids = [fresh[0], moved, check, fresh[1]].map((c) => c?.recordId as string);
    ids.splice(3, 0, unknown);
    ids.push(fresh[2]?.recordId as string, fresh[0]?.recordId as string);
    const response = await bulk({ ids, state: 'contacted', note: 'Phoned in the June drive' });
    expect(response.status).toBe(200);
    expect(response.json.saved).toEqual(fresh.map((c) => c.recordId));
    expect(response.json.failed).toEqual([
      { id: moved.recordId, code: 'review-move-refused', message: expect.stringContaining('Contacted') },
      { id: check.recordId, code: 'not-reviewable', message: expect.any(String) },
      { id: unknown, code: 'record-not-found', message: 'There is no record with that id.' },
    ]);
    for (const c of fresh) {
      expect(await stored(c.recordId as string)).toMatchObject({
        reviewState: 'contacted',
        reviewNote: 'Phoned in the June drive',
      });
      expect(await events(c.recordId as string)).toHaveLength(1);
    }
    const bad = await bulk({ ids: [], state: 'contacted' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe('invalid-request');
  });

  it('still takes a tablet’s correction of a sign-up in contact, and refuses one of an enrolled sign-up', async () => {
    const contacted = change();
    const enrolled = change();
    await push([contacted, enrolled]);
    await review(contacted.recordId as string, { state: 'contacted' });
    for (const state of ['contacted', 'enrolled']) await review(enrolled.recordId as string, { state });
    const edits = [contacted, enrolled].map((c) =>
      change({ recordId: c.recordId, baseVersion: 1, payload: signupPayload({ venue: 'Library' }) }),
    );
    const response = await push(edits);
    expect(response.json.results[0]).toMatchObject({ status: 'applied', recordVersion: 2 });
    expect(response.json.results[1]).toMatchObject({
      status: 'rejected',
      error: {
        code: 'record-already-decided',
        message: 'The central team marked this record “Enrolled”, so it can no longer change.',
      },
    });
    expect((await stored(enrolled.recordId as string))?.version).toBe(1);
  });

  it('delivers single and bulk decisions to the worker’s next pull, with the state as the decision', async () => {
    const start = await api.call('/api/v1/sync/pull', { token: worker.token });
    const one = change();
    const two = change();
    await push([one, two]);
    await review(one.recordId as string, { state: 'contacted', note: 'Call back Tuesday' });
    await bulk({ ids: [two.recordId], state: 'withdrawn' });
    const pull = await api.call(`/api/v1/sync/pull?cursor=${start.json.cursor}`, { token: worker.token });
    expect(
      pull.json.updates.map((u: { recordId: string; review: { decision: string } }) => [
        u.recordId,
        u.review.decision,
      ]),
    ).toEqual([
      [one.recordId, 'contacted'],
      [two.recordId, 'withdrawn'],
    ]);
    expect(pull.json.updates[0].review.note).toBe('Call back Tuesday');
  });
});
