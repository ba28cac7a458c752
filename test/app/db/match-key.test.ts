// @vitest-environment node
// The sign-up match key on each row: written with every payload write (create, save, take the server's copy,
// restore), cleared when the answers lose a part or retention removes them, per worker, and filled in at unlock
// for rows written before it existed.
import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup, importBackup } from '../../../src/app/db/backup';
import type { AnchorDatabase } from '../../../src/app/db/database';
import { resolveConflict } from '../../../src/app/db/lifecycle';
import { findSignupMatches, matchKeyOf, signupIdentity } from '../../../src/app/db/match-key';
import { createRecord, markReady, saveRecord } from '../../../src/app/db/records';
import { runRetention } from '../../../src/app/db/sync-queue';
import { sealLegacyRecords } from '../../../src/app/db/workers';
import { freshDatabase } from './fresh-database';
import { sendAnswering } from './push-answers';
import { signedInAs, signedOut } from './signed-in';

let db: AnchorDatabase;

beforeEach(() => {
  db = freshDatabase();
});

const ADA = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', postcode: 'SS1 1AA' };
const signup = (answers: Record<string, string>) => ({ answers, resumeAt: 'contact' });
const rowKey = async (id: string) => (await db.signups.get(id))?.matchKey;

describe('the match key normaliser', () => {
  it('ignores case, surrounding spaces and the postcode’s spaces, and needs all four parts', () => {
    expect(
      signupIdentity({
        firstName: ' ADA ',
        lastName: 'lovelace',
        dateOfBirth: '1990-12-10',
        postcode: 'ss11aa',
      }),
    ).toBe(signupIdentity(ADA));
    expect(signupIdentity({ ...ADA, dateOfBirth: '1990-12-11' })).not.toBe(signupIdentity(ADA));
    expect(signupIdentity({ ...ADA, postcode: '' })).toBeNull();
    expect(signupIdentity({ ...ADA, firstName: '   ' })).toBeNull();
    expect(signupIdentity(undefined)).toBeNull();
  });
});

describe('the match key on a sign-up’s row', () => {
  it('is the keyed hash of the answers from creation, changes when they change and goes when a part goes', async () => {
    const { id } = await createRecord('signup', signup(ADA));
    const created = await rowKey(id);
    expect(created).toMatch(/^[0-9a-f]{64}$/);
    expect(created).toBe(await matchKeyOf(ADA));
    // Nothing of the answers is in the clear on the row.
    expect(JSON.stringify(await db.signups.get(id))).not.toMatch(/Ada|Lovelace|SS1/i);

    await saveRecord('signup', id, signup({ ...ADA, postcode: 'SS2 6XY' }));
    const moved = await rowKey(id);
    expect(moved).toBe(await matchKeyOf({ ...ADA, postcode: 'SS2 6XY' }));
    expect(moved).not.toBe(created);

    await saveRecord('signup', id, signup({ ...ADA, dateOfBirth: '' }));
    expect(await rowKey(id)).toBeNull();
    // Other record types carry none.
    const check = await createRecord('eligibility-check', { answers: ADA });
    expect(await db.eligibilityChecks.get(check.id)).not.toHaveProperty('matchKey');
  });

  it('differs between workers for the same person, so one worker’s check never finds another’s sign-up', async () => {
    await signedInAs('w1');
    const mine = await createRecord('signup', signup(ADA));
    await signedInAs('w2');
    const theirs = await createRecord('signup', signup(ADA));
    expect(await rowKey(mine.id)).not.toBe(await rowKey(theirs.id));
    expect((await findSignupMatches('', ADA)).map((record) => record.id)).toEqual([theirs.id]);
    await signedInAs('w1');
    expect((await findSignupMatches(mine.id, ADA)).map((record) => record.id)).toEqual([]);
    expect((await findSignupMatches('', ADA)).map((record) => record.id)).toEqual([mine.id]);
  });

  it('becomes the server copy’s when the worker takes it, and goes when retention removes the answers', async () => {
    const { id } = await createRecord('signup', signup(ADA));
    await markReady('signup', id);
    const central = { ...ADA, lastName: 'King' };
    await sendAnswering((changeId) => ({
      changeId,
      status: 'conflict',
      recordVersion: 2,
      error: { code: 'version-conflict', message: 'Changed centrally' },
      server: { version: 2, payload: signup(central), updatedAt: new Date().toISOString() },
    }));
    expect(await rowKey(id)).toBe(await matchKeyOf(ADA));
    await resolveConflict('signup', id, 'take-server');
    expect(await rowKey(id)).toBe(await matchKeyOf(central));
    expect((await findSignupMatches('', central)).map((record) => record.id)).toEqual([id]);

    const acknowledgedAt = Date.parse((await db.signups.get(id))?.acknowledgedAt as string);
    expect(await runRetention(new Date(acknowledgedAt + 400 * 86_400_000))).toBe(1);
    expect(await rowKey(id)).toBeNull();
    expect(await findSignupMatches('', central)).toEqual([]);
  });

  it('is worked out again when a backup is restored, never taken from the file', async () => {
    await signedInAs('w1');
    const { id } = await createRecord('signup', signup(ADA));
    const here = await rowKey(id);
    const file = await exportBackup();
    expect(await file.blob.text()).not.toContain('matchKey');
    db = freshDatabase(); // another tablet, where w1's first sign-in makes them a key of its own
    await signedInAs('w1');
    await importBackup(file.blob);
    expect(await rowKey(id)).toBe(await matchKeyOf(ADA));
    expect(await rowKey(id)).not.toBe(here);
    expect((await findSignupMatches('', ADA)).map((record) => record.id)).toEqual([id]);
  });
});

describe('match keys for rows written before they existed', () => {
  it('are filled in when their worker next unlocks, each only if unchanged, and found by the check', async () => {
    await signedInAs('w1');
    const old = await createRecord('signup', signup(ADA));
    const saved = await createRecord('signup', signup(ADA));
    const empty = await createRecord('signup', signup({ firstName: 'Ada' }));
    // As schema v4 left them: no match key at all.
    for (const id of [old.id, saved.id, empty.id]) await db.signups.update(id, { matchKey: undefined });
    expect(await db.signups.get(old.id)).not.toHaveProperty('matchKey');
    expect(await findSignupMatches('', ADA)).toEqual([]);
    await signedOut();

    await signedInAs('w2');
    // Another worker's unlock fills nothing of w1's (it could not: their key opens nothing of w1's).
    expect(await sealLegacyRecords()).toBe(0);
    expect(await db.signups.get(old.id)).not.toHaveProperty('matchKey');

    await signedInAs('w1');
    expect(await sealLegacyRecords()).toBe(3);
    expect(await rowKey(old.id)).toBe(await matchKeyOf(ADA));
    expect(await rowKey(empty.id)).toBeNull();
    expect((await findSignupMatches('', ADA)).map((record) => record.id).sort()).toEqual(
      [old.id, saved.id].sort(),
    );
    // Nothing left to fill: the next unlock writes nothing.
    expect(await sealLegacyRecords()).toBe(0);
  });
});
