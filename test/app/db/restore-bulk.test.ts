// @vitest-environment node
// Restoring a large backup: progress as the records are sealed, one transaction of bulk writes, and nothing
// imported when a write fails part-way.
import { beforeEach, describe, expect, it } from 'vitest';
import { importBackup } from '../../../src/app/db/backup';
import { type BackupRecord, serializeBackup } from '../../../src/app/db/backup-format';
import type { AnchorDatabase } from '../../../src/app/db/database';
import { findSignupMatches } from '../../../src/app/db/match-key';
import { countOutbox } from '../../../src/app/db/outbox';
import { countRecords, getRecord } from '../../../src/app/db/records';
import { newId } from '../../../src/shared/ids';
import { freshDatabase } from './fresh-database';
import { signedInAs } from './signed-in';

const LARGE = 10_000;
/** Sealing and writing 10,000 records under fake-indexeddb takes several seconds on a busy 2-core machine. */
const LARGE_TIMEOUT_MS = 120_000;

let db: AnchorDatabase;
beforeEach(() => {
  db = freshDatabase();
});

/** A backup file's text holding `count` finished sign-ups waiting to be sent (no changes: restore makes them). */
async function backupOfSignups(count: number, workerId: string | null = null): Promise<string> {
  const deviceId = newId();
  const at = new Date().toISOString();
  const records: BackupRecord[] = Array.from({ length: count }, (_, index) => ({
    id: newId(),
    type: 'signup',
    status: 'ready',
    createdAt: at,
    updatedAt: at,
    workerId,
    deviceId,
    version: 1,
    serverVersion: 0,
    problem: null,
    payload: {
      answers: {
        firstName: `Resident ${index}`,
        lastName: 'Smith',
        dateOfBirth: '1990-01-01',
        postcode: 'SS1 1AA',
      },
      resumeAt: 'check-answers',
    },
  }));
  return serializeBackup({ records, outbox: [], attachments: [] }, { deviceId, exportedAt: at });
}

describe('restoring a large backup', () => {
  it(
    'restores 10,000 records, reporting progress up to the total, each waiting with one change',
    async () => {
      await signedInAs('w1');
      const text = await backupOfSignups(LARGE);
      const reports: [number, number][] = [];
      const summary = await importBackup(new Blob([text]), {
        onProgress: (done, total) => reports.push([done, total]),
      });
      expect(summary).toEqual({ imported: LARGE, alreadyHere: 0, attachmentsImported: 0 });
      expect(reports[0]).toEqual([0, LARGE]);
      expect(reports.at(-1)).toEqual([LARGE, LARGE]);
      expect(reports.length).toBeGreaterThan(2);
      // Never backwards, always of the same total.
      for (const [index, [done, total]] of reports.entries()) {
        expect(total).toBe(LARGE);
        expect(done).toBeGreaterThanOrEqual(reports[index - 1]?.[0] ?? 0);
      }
      expect((await countRecords()).signup.ready).toBe(LARGE);
      expect(await countOutbox()).toBe(LARGE);
      const [match] = await findSignupMatches('', {
        firstName: 'Resident 4321',
        lastName: 'Smith',
        dateOfBirth: '1990-01-01',
        postcode: 'SS1 1AA',
      });
      expect(match?.payload.answers.firstName).toBe('Resident 4321');
      expect((await getRecord('signup', match?.id ?? ''))?.workerId).toBe('w1');
    },
    LARGE_TIMEOUT_MS,
  );

  it(
    'imports nothing when a write fails after thousands of rows were written in its transaction',
    async () => {
      await signedInAs('w1');
      const text = await backupOfSignups(3_000);
      let written = 0;
      // The outbox fills after every record is written: the last write of the transaction fails.
      db.outbox.hook('creating', () => {
        written++;
        if (written > 2_500) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      });
      const error = await importBackup(new Blob([text])).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'StoreError', kind: 'quota' });
      expect(written).toBeGreaterThan(2_500);
      expect((await countRecords()).signup.ready).toBe(0);
      expect(await db.signups.count()).toBe(0);
      expect(await countOutbox()).toBe(0);
    },
    LARGE_TIMEOUT_MS,
  );
});
