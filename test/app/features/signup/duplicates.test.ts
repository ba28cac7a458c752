// @vitest-environment node
// The possible-duplicate check on a full tablet: it reads the match-key index and opens only the sign-ups it
// finds, never every sign-up on the tablet.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { encodePayload } from '../../../../src/app/db/codec';
import type { AnchorDatabase, StoredRecord } from '../../../../src/app/db/database';
import { getDeviceInfo } from '../../../../src/app/db/device';
import { indexFieldsFor } from '../../../../src/app/db/match-key';
import { createRecord } from '../../../../src/app/db/records';
import { findPossibleDuplicates, isPossibleDuplicate } from '../../../../src/app/features/signup/duplicates';
import { newId } from '../../../../src/shared/ids';
import type { SignupPayload } from '../../../../src/shared/signup';
import { freshDatabase } from '../../db/fresh-database';
import { signedInAs } from '../../db/signed-in';

const TABLET_SIGNUPS = 10_000;
/** Seeding 10,000 sealed rows takes a few seconds on a busy 2-core machine. */
const SEED_TIMEOUT_MS = 120_000;
const ADA = { firstName: 'Ada', lastName: 'Lovelace', dateOfBirth: '1990-12-10', postcode: 'SS1 1AA' };

let db: AnchorDatabase;

beforeEach(() => {
  db = freshDatabase();
});

/**
 * `count` sign-ups of the unlocked worker written straight to the table (createRecord one by one would take
 * minutes), each sealed and given its match key the way the lifecycle does (encodePayload, indexFieldsFor).
 */
async function seedSignups(count: number, answersOf: (index: number) => SignupPayload['answers']) {
  const { deviceId } = await getDeviceInfo();
  const at = new Date().toISOString();
  const rows = await Promise.all(
    Array.from({ length: count }, async (_, index): Promise<StoredRecord> => {
      const payload: SignupPayload = { answers: answersOf(index), resumeAt: 'contact' };
      return {
        id: newId(),
        type: 'signup',
        status: 'ready',
        createdAt: at,
        updatedAt: at,
        workerId: 'w1',
        deviceId,
        version: 1,
        serverVersion: 0,
        problem: null,
        payload: await encodePayload(payload),
        ...(await indexFieldsFor('signup', payload)),
      };
    }),
  );
  await db.signups.bulkPut(rows);
  return rows;
}

describe('the possible-duplicate check', () => {
  it(
    'finds a duplicate among 10,000 sign-ups through the match-key index, opening only the matches',
    async () => {
      await signedInAs('w1');
      const seeded = await seedSignups(TABLET_SIGNUPS, (index) =>
        // Two earlier sign-ups of Ada (one typed differently), and 9,998 other residents.
        index === 10 || index === 5_000
          ? {
              ...ADA,
              firstName: index === 10 ? 'ADA ' : 'Ada',
              postcode: index === 10 ? 'ss11aa' : 'SS1 1AA',
            }
          : { ...ADA, firstName: `Resident ${index}` },
      );
      const draft = await createRecord<SignupPayload>('signup', { answers: ADA, resumeAt: 'address' });
      expect(await db.signups.count()).toBe(TABLET_SIGNUPS + 1);

      const where = vi.spyOn(db.signups, 'where');
      const decrypt = vi.spyOn(crypto.subtle, 'decrypt');
      try {
        const found = await findPossibleDuplicates(draft.id, ADA);
        expect(found.map((record) => record.id).sort()).toEqual([seeded[10]?.id, seeded[5_000]?.id].sort());
        expect(found[0]?.payload.answers.lastName).toBe('Lovelace');
        // One index read, and one payload opened per match: a scan would open all 10,001.
        expect(where).toHaveBeenCalledWith('[workerId+matchKey]');
        expect(decrypt).toHaveBeenCalledTimes(2);
      } finally {
        where.mockRestore();
        decrypt.mockRestore();
      }
    },
    SEED_TIMEOUT_MS,
  );

  it('never matches the same person signed up by another worker, nor a sign-up missing a part', async () => {
    await signedInAs('w1');
    await createRecord<SignupPayload>('signup', { answers: ADA, resumeAt: 'contact' });
    await signedInAs('w2');
    const mine = await createRecord<SignupPayload>('signup', { answers: ADA, resumeAt: 'contact' });
    const incomplete = await createRecord<SignupPayload>('signup', {
      answers: { ...ADA, postcode: '' },
      resumeAt: 'address',
    });
    expect((await findPossibleDuplicates('draft', ADA)).map((record) => record.id)).toEqual([mine.id]);
    expect(await findPossibleDuplicates(mine.id, ADA)).toEqual([]);
    expect(await findPossibleDuplicates(incomplete.id, { ...ADA, postcode: '' })).toEqual([]);
  });

  it('compares the answers as the index does: names and postcode ignoring case and spaces', () => {
    expect(isPossibleDuplicate(ADA, { ...ADA, firstName: ' ada', postcode: 'ss1 1aa' })).toBe(true);
    expect(isPossibleDuplicate(ADA, { ...ADA, postcode: 'SS11AA' })).toBe(true);
    expect(isPossibleDuplicate(ADA, { ...ADA, dateOfBirth: '1990-12-11' })).toBe(false);
    expect(isPossibleDuplicate({ ...ADA, lastName: undefined }, { ...ADA, lastName: undefined })).toBe(false);
  });
});
