// Push ingest in bulk: reused change ids, payload depth and size limits, grant answers checked by the page schemas,
// and a full 2,000-change push with bad changes among good ones, resent, and sent by two tabs at once.
import { count, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processedChanges, records } from '../../src/server/db/schema';
import { PUSH_MAX_CHANGES } from '../../src/shared/api';
import { newId } from '../../src/shared/ids';
import { PAYLOAD_MAX_BYTES, PAYLOAD_MAX_DEPTH } from '../../src/shared/sync-protocol';
import { grantAnswers } from '../fixtures/grant-answers';
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

/** A value nested `depth` objects deep: {"a": {"a": ... 1}}. */
function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/**
 * Stands for a value nested 5,000 deep in a change: too deep for JSON.stringify's recursion in a test worker, so
 * push() writes it into the body's text as {"a":{"a":...}} instead.
 */
const DEEP_5000 = '<nested 5,000 deep>';
const deepText = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;

const grantPayload = (answers: Record<string, unknown> = grantAnswers()) => ({
  amountRequestedPence: 150_000,
  budget: [{ item: 'Ingredients and hall hire', amountPence: 150_000 }],
  answers,
  resumeAt: 'done',
});

describe.each(databaseKinds())('push ingest on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  const device = newId();

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
  });
  afterAll(() => database.close());

  const push = (user: TestUser, changes: unknown[], deviceId = device) =>
    api.call('/api/v1/sync/push', {
      token: user.token,
      body: JSON.stringify(pushBody(deviceId, changes)).replaceAll(JSON.stringify(DEEP_5000), deepText),
      headers: { 'content-type': 'application/json' },
    });
  const stored = async (recordIds: unknown[]) =>
    database.db
      .select()
      .from(records)
      .where(inArray(records.id, recordIds as string[]));
  const ownedBy = async (user: TestUser) =>
    (await database.db.select({ n: count() }).from(records).where(eq(records.ownerId, user.id)))[0]?.n;
  const processedFor = async (user: TestUser) =>
    (
      await database.db
        .select({ n: count() })
        .from(processedChanges)
        .where(eq(processedChanges.accountId, user.id))
    )[0]?.n;
  const codes = (response: { json: { results: { status: string; error?: { code: string } }[] } }) =>
    response.json.results.map((result) => result.error?.code ?? result.status);

  it('rejects a change id reused for a different new record as change-id-taken, applies the others, and stores nothing of it', async () => {
    const first = change();
    expect(codes(await push(worker, [first]))).toEqual(['applied']);

    const reused = change({ changeId: first.changeId });
    const good = change();
    const grantReused = grantChange(10_000, { changeId: first.changeId });
    const response = await push(worker, [reused, good, grantReused]);
    expect(response.status).toBe(200);
    expect(response.json.results[0]).toMatchObject({
      changeId: first.changeId,
      status: 'rejected',
      error: { code: 'change-id-taken' },
    });
    expect(codes(response)).toEqual(['change-id-taken', 'applied', 'change-id-taken']);
    expect(await stored([reused.recordId, grantReused.recordId])).toEqual([]);
    expect(await stored([good.recordId])).toHaveLength(1);
    const marks = await database.db
      .select()
      .from(processedChanges)
      .where(eq(processedChanges.changeId, first.changeId as string));
    expect(marks).toMatchObject([{ recordId: first.recordId }]);
  });

  it('rejects a change id used twice within one push for two new records: the first applies, the second is change-id-taken', async () => {
    const a = change();
    const b = change({ changeId: a.changeId });
    const edit = change({ changeId: a.changeId, recordType: 'eligibility-check', payload: checkPayload() });
    const response = await push(worker, [a, b, edit]);
    expect(codes(response)).toEqual(['applied', 'change-id-taken', 'change-id-taken']);
    expect((await stored([a.recordId, b.recordId, edit.recordId])).map((row) => row.id)).toEqual([
      a.recordId,
    ]);
  });

  it('rejects a change id another worker used, even for a record of the same id', async () => {
    const other = await makeUser(database.db);
    const mine = change();
    await push(worker, [mine]);
    const theirs = change({ changeId: mine.changeId });
    const response = await push(other, [theirs], newId());
    expect(codes(response)).toEqual(['change-id-taken']);
    expect(await ownedBy(other)).toBe(0);
  });

  it('rejects a payload nested 5,000 deep as payload-too-deep and applies the others', async () => {
    const good1 = change();
    const deep = change({ payload: { ...signupPayload(), extra: DEEP_5000 } });
    const good2 = change({ recordType: 'eligibility-check', payload: checkPayload() });
    const grantDeep = grantChange(10_000, { payload: { amountRequestedPence: 10_000, x: DEEP_5000 } });
    const response = await push(worker, [good1, deep, good2, grantDeep]);
    expect(response.status).toBe(200);
    expect(codes(response)).toEqual(['applied', 'payload-too-deep', 'applied', 'payload-too-deep']);
    expect(response.json.results[1]).toMatchObject({
      changeId: deep.changeId,
      error: { details: { maxDepth: PAYLOAD_MAX_DEPTH } },
    });
    expect((await stored([good1.recordId, deep.recordId, good2.recordId, grantDeep.recordId])).length).toBe(
      2,
    );
    expect(await stored([deep.recordId, grantDeep.recordId])).toEqual([]);
  });

  it('takes a payload exactly at the depth limit and refuses one a level deeper', async () => {
    // The sign-up payload object is level 1, so its extra field may nest PAYLOAD_MAX_DEPTH - 1 more.
    const atLimit = change({ payload: { ...signupPayload(), extra: nested(PAYLOAD_MAX_DEPTH - 1) } });
    const over = change({ payload: { ...signupPayload(), extra: nested(PAYLOAD_MAX_DEPTH) } });
    expect(codes(await push(worker, [atLimit, over]))).toEqual(['applied', 'payload-too-deep']);
  });

  it('rejects a payload over the size limit as payload-too-large and applies the others', async () => {
    const good = change();
    const large = change({ payload: { ...signupPayload(), notes: 'x'.repeat(PAYLOAD_MAX_BYTES) } });
    // Three bytes a character in UTF-8: under the limit in characters, over it in bytes.
    const wide = change({ payload: { ...signupPayload(), notes: '€'.repeat(PAYLOAD_MAX_BYTES / 3 + 10) } });
    const response = await push(worker, [large, good, wide]);
    expect(codes(response)).toEqual(['payload-too-large', 'applied', 'payload-too-large']);
    expect(response.json.results[0].error.details.maxBytes).toBe(PAYLOAD_MAX_BYTES);
    expect(await stored([large.recordId, wide.recordId])).toEqual([]);
    expect(await stored([good.recordId])).toHaveLength(1);
  });

  it('rejects text the database cannot store (NUL, a lone surrogate) as invalid-payload, alone', async () => {
    const nul = change({ payload: signupPayload({ venue: 'Kursaal\u0000' }) });
    const lone = change({ payload: { ...signupPayload(), note: 'half \ud83d pair' } });
    const emoji = change({ payload: { ...signupPayload(), note: 'whole 😀 pair' } });
    const response = await push(worker, [nul, lone, emoji]);
    expect(codes(response)).toEqual(['invalid-payload', 'invalid-payload', 'applied']);
    const [row] = await stored([emoji.recordId]);
    expect(row?.payload).toMatchObject({ note: 'whole 😀 pair' });
  });

  it('checks grant answers with the tablet’s page schemas: over-long and unknown answers are invalid-payload, a valid application applies', async () => {
    const valid = grantChange(150_000, { payload: grantPayload() });
    const tooLong = grantChange(150_000, {
      payload: grantPayload({ ...grantAnswers(), projectDescription: 'x'.repeat(3001) }),
    });
    const huge = grantChange(150_000, {
      payload: grantPayload({ ...grantAnswers(), projectDescription: 'x'.repeat(1024 * 1024) }),
    });
    const unknown = grantChange(150_000, {
      payload: grantPayload({ ...grantAnswers(), favouriteColour: 'red' }),
    });
    const badDate = grantChange(150_000, {
      payload: grantPayload({ ...grantAnswers(), projectEnd: '2026-12-01' }),
    });
    const response = await push(worker, [valid, tooLong, huge, unknown, badDate]);
    expect(codes(response)).toEqual([
      'applied',
      'invalid-payload',
      // A 1 MiB description is over the payload size limit, checked before any schema.
      'payload-too-large',
      'invalid-payload',
      'invalid-payload',
    ]);
    const paths = (index: number) =>
      response.json.results[index].error.details.map((detail: { path: string }) => detail.path);
    expect(paths(1)).toEqual(['answers.projectDescription']);
    expect(paths(3)).toEqual(['answers.favouriteColour']);
    expect(paths(4)).toEqual(['answers.projectEnd']);
    expect(await stored([tooLong.recordId, huge.recordId, unknown.recordId, badDate.recordId])).toEqual([]);
    const [row] = await stored([valid.recordId]);
    expect(row?.payload).toEqual(grantPayload());

    // A draft sent with only some pages done is still accepted.
    const draft = grantChange(0, { payload: { amountRequestedPence: 0, answers: { transcribedBy: 'Sam' } } });
    expect(codes(await push(worker, [draft]))).toEqual(['applied']);
  });

  it('applies a full push of 2,000 with bad changes among them exactly once, answers the resend with duplicates, and stores nothing new', async () => {
    const user = await makeUser(database.db);
    const deviceId = newId();
    const taken = change();
    expect(codes(await push(user, [taken], deviceId))).toEqual(['applied']);

    const changes: Record<string, unknown>[] = Array.from({ length: PUSH_MAX_CHANGES }, (_, i) =>
      i % 3 === 0 ? change({ recordType: 'eligibility-check', payload: checkPayload() }) : change(),
    );
    const bad = new Map<number, string>([
      [7, 'invalid-change'],
      [500, 'invalid-payload'],
      [999, 'change-id-taken'],
      [1500, 'payload-too-deep'],
      [1999, 'invalid-change'],
    ]);
    changes[7] = { ...change(), recordType: 'parking-ticket' };
    changes[500] = change({ payload: signupPayload({ postcode: 'nowhere' }) });
    changes[999] = change({ changeId: taken.changeId });
    changes[1500] = change({ payload: { ...signupPayload(), extra: DEEP_5000 } });
    changes[1999] = { payload: {} };
    const good = changes.filter((_, i) => !bad.has(i));

    const first = await push(user, changes, deviceId);
    expect(first.status).toBe(200);
    expect(first.json.results).toHaveLength(PUSH_MAX_CHANGES);
    first.json.results.forEach((result: { changeId: string | null; status: string }, i: number) => {
      expect(codes({ json: { results: [result] } })[0]).toBe(bad.get(i) ?? 'applied');
      if (i !== 1999) expect(result.changeId).toBe(changes[i]?.changeId);
    });
    expect(await ownedBy(user)).toBe(good.length + 1);
    expect(await processedFor(user)).toBe(good.length + 1);
    expect(await stored(good.map((c) => c.recordId))).toHaveLength(good.length);

    const again = await push(user, changes, deviceId);
    expect(again.status).toBe(200);
    again.json.results.forEach((result: { status: string; recordVersion?: number }, i: number) => {
      if (bad.has(i)) expect(codes({ json: { results: [result] } })[0]).toBe(bad.get(i));
      else expect(result).toMatchObject({ status: 'duplicate', recordVersion: 1 });
    });
    expect(await ownedBy(user)).toBe(good.length + 1);
    expect(await processedFor(user)).toBe(good.length + 1);
  });

  it('stores one row each when two tabs send the same 2,000-change push at once, answering one applied and one duplicate per change', async () => {
    const user = await makeUser(database.db);
    const deviceId = newId();
    const changes = Array.from({ length: PUSH_MAX_CHANGES }, () => change());
    const [a, b] = await Promise.all([push(user, changes, deviceId), push(user, changes, deviceId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    for (let i = 0; i < changes.length; i++) {
      const pair = [a.json.results[i].status, b.json.results[i].status].sort();
      expect(pair).toEqual(['applied', 'duplicate']);
    }
    expect(await ownedBy(user)).toBe(PUSH_MAX_CHANGES);
    expect(await processedFor(user)).toBe(PUSH_MAX_CHANGES);
  });

  it('applies overlapping pushes sent at once in opposite orders exactly once each', async () => {
    const user = await makeUser(database.db);
    const deviceId = newId();
    const changes = Array.from({ length: 600 }, () => change());
    const forwards = changes.slice(0, 400);
    const backwards = changes.slice(200).reverse();
    const [a, b] = await Promise.all([push(user, forwards, deviceId), push(user, backwards, deviceId)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    const statuses = new Map<string, string[]>();
    for (const result of [...a.json.results, ...b.json.results]) {
      statuses.set(result.changeId, [...(statuses.get(result.changeId) ?? []), result.status].sort());
    }
    changes.forEach((c, i) => {
      const expected = i >= 200 && i < 400 ? ['applied', 'duplicate'] : ['applied'];
      expect(statuses.get(c.changeId as string)).toEqual(expected);
    });
    expect(await ownedBy(user)).toBe(600);
    expect(await processedFor(user)).toBe(600);
  });

  it('applies a new record and its edit in one push, in order, and answers an edit of a record it lacks alone', async () => {
    const created = change();
    const edit = change({
      recordId: created.recordId,
      baseVersion: 1,
      payload: signupPayload({ firstName: 'Edited' }),
    });
    const stray = change({ baseVersion: 1 });
    const response = await push(worker, [created, edit, stray]);
    expect(response.json.results).toMatchObject([
      { changeId: created.changeId, status: 'applied', recordVersion: 1 },
      { changeId: edit.changeId, status: 'applied', recordVersion: 2 },
      { changeId: stray.changeId, status: 'rejected', error: { code: 'record-not-on-server' } },
    ]);
    const [row] = await stored([created.recordId]);
    expect(row).toMatchObject({ version: 2, payload: signupPayload({ firstName: 'Edited' }) });
  });

  it('answers a second new-record change for the same record in one push as a conflict, storing the first', async () => {
    const first = change();
    const second = change({ recordId: first.recordId, payload: signupPayload({ firstName: 'Second' }) });
    const response = await push(worker, [first, second]);
    expect(codes(response)).toEqual(['applied', 'version-conflict']);
    const [row] = await stored([first.recordId]);
    expect(row?.payload).toEqual(signupPayload());
  });

  it('refuses a new record whose id another worker’s record has, storing nothing over it', async () => {
    const other = await makeUser(database.db);
    const theirs = change();
    await push(other, [theirs], newId());
    const clash = change({ recordId: theirs.recordId, payload: signupPayload({ firstName: 'Mallory' }) });
    const response = await push(worker, [clash]);
    expect(codes(response)).toEqual(['not-your-record']);
    const [row] = await stored([theirs.recordId]);
    expect(row).toMatchObject({ ownerId: other.id, payload: signupPayload() });
    const marks = await database.db
      .select()
      .from(processedChanges)
      .where(eq(processedChanges.changeId, clash.changeId as string));
    expect(marks).toEqual([]);
  });
});
