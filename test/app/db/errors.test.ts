// @vitest-environment node
// Failed writes surface as StoreError with a plain-English message, and leave what was saved untouched.
import Dexie from 'dexie';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnchorDatabase } from '../../../src/app/db/database';
import { StoreError, toStoreError } from '../../../src/app/db/errors';
import { createRecord, getRecord, saveRecord } from '../../../src/app/db/records';
import { freshDatabase } from './fresh-database';

let db: AnchorDatabase;
beforeEach(() => {
  db = freshDatabase();
});

/**
 * Makes every write to the named table fail the way a full disk does: Dexie middleware over the real store.
 * Middleware applies from the next open, so the database is closed and reopens on its next use.
 */
function failWritesWithQuota(database: AnchorDatabase, table: string) {
  database.close({ disableAutoOpen: false });
  database.use({
    stack: 'dbcore',
    name: 'quota-exceeded',
    create: (down) => ({
      ...down,
      table: (name) => {
        const inner = down.table(name);
        if (name !== table) return inner;
        return {
          ...inner,
          mutate: () =>
            Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')),
        };
      },
    }),
  });
}

describe('failed writes', () => {
  it('a full disk (QuotaExceededError) becomes a "quota" StoreError and the saved version survives', async () => {
    const created = await createRecord('signup', { firstName: 'Ada' });
    failWritesWithQuota(db, 'signups');
    const error = await saveRecord('signup', created.id, { firstName: 'Lost?' }).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.kind).toBe('quota');
    expect(error.message).toMatch(/run out of space.*still on screen/);
    expect((await getRecord('signup', created.id))?.payload).toEqual({ firstName: 'Ada' });
  });

  it('a closed database becomes a "closed" StoreError', async () => {
    await createRecord('signup', { firstName: 'Ada' });
    db.close({ disableAutoOpen: true });
    const error = await createRecord('signup', { firstName: 'Grace' }).catch((e) => e);
    expect(error).toBeInstanceOf(StoreError);
    expect(error.kind).toBe('closed');
    expect(error.message).toMatch(/Reload the app/);
  });

  it('a browser with no IndexedDB (Safari private mode, old style) becomes "unavailable"', async () => {
    const broken = new Dexie('no-idb', { indexedDB: undefined, IDBKeyRange: undefined });
    broken.version(1).stores({ things: 'id' });
    const error = await broken
      .table('things')
      .add({ id: 1 })
      .catch((e: unknown) => toStoreError(e));
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).kind).toBe('unavailable');
  });

  it('keeps unknown failures as "unknown" with the original as the cause', () => {
    const original = new TypeError('weird');
    const error = toStoreError(original);
    expect(error.kind).toBe('unknown');
    expect(error.cause).toBe(original);
  });
});
