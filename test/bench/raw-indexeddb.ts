// The raw IndexedDB baseline for the sync benchmark, measured in the same Chromium page: the store work one batch
// of 2,000 records needs at the least (read the waiting changes; read, rewrite and index the records; delete the
// changes), done with plain IndexedDB calls on a scratch database shaped like the app's, no Dexie, no app code.
import type { Page } from 'playwright-core';

export const RAW_BATCH = 2_000;

export interface RawIndexedDbTimes {
  readChangesMs: number;
  readRecordsMs: number;
  writeRecordsMs: number;
  deleteChangesMs: number;
  /** The four added: the floor of one batch's store work. */
  batchMs: number;
}

/**
 * Runs in the page as a string: functions compiled by the benchmark's own TypeScript loader would carry helper
 * calls the page does not have. `record` is a stored record of the real shape, copied `RAW_BATCH` times.
 */
const SCRIPT = (record: unknown, count: number) => `(async () => {
  const record = ${JSON.stringify(record)};
  const count = ${count};
  const name = 'anchor-raw-baseline-' + Date.now();
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open(name, 1);
    open.onupgradeneeded = () => {
      const records = open.result.createObjectStore('records', { keyPath: 'id' });
      records.createIndex('status', 'status');
      records.createIndex('updatedAt', 'updatedAt');
      records.createIndex('status_updatedAt', ['status', 'updatedAt']);
      const outbox = open.result.createObjectStore('outbox', { keyPath: 'changeId' });
      outbox.createIndex('recordId', 'recordId');
      outbox.createIndex('queuedAt', 'queuedAt');
    };
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const done = (tx) => new Promise((resolve, reject) => { tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
  const ask = (request) => new Promise((resolve) => { request.onsuccess = () => resolve(request.result); });
  const id = (n) => '01890a5d-ac96-774b-bcce-' + String(n).padStart(12, '0');
  let tx = db.transaction(['records', 'outbox'], 'readwrite');
  for (let n = 0; n < count; n++) {
    tx.objectStore('records').put({ ...record, id: id(n), status: 'ready' });
    tx.objectStore('outbox').put({ changeId: id(n + count), recordId: id(n), queuedAt: String(n).padStart(8, '0'), payload: record.payload });
  }
  await done(tx);
  const time = async (work) => { const start = performance.now(); await work(); return performance.now() - start; };
  let changes = [];
  let records = [];
  const readChangesMs = await time(async () => {
    tx = db.transaction('outbox');
    changes = await ask(tx.objectStore('outbox').index('queuedAt').getAll(null, count));
    await done(tx);
  });
  const readRecordsMs = await time(async () => {
    tx = db.transaction('records');
    const store = tx.objectStore('records');
    records = await Promise.all(changes.map((change) => ask(store.get(change.recordId))));
    await done(tx);
  });
  const writeRecordsMs = await time(async () => {
    tx = db.transaction('records', 'readwrite');
    for (const row of records) tx.objectStore('records').put({ ...row, status: 'synced' });
    await done(tx);
  });
  const deleteChangesMs = await time(async () => {
    tx = db.transaction('outbox', 'readwrite');
    for (const change of changes) tx.objectStore('outbox').delete(change.changeId);
    await done(tx);
  });
  db.close();
  indexedDB.deleteDatabase(name);
  return { readChangesMs, readRecordsMs, writeRecordsMs, deleteChangesMs,
    batchMs: readChangesMs + readRecordsMs + writeRecordsMs + deleteChangesMs };
})()`;

/** Measures the raw baseline on `page` with copies of one of the app's stored sign-ups. */
export async function rawIndexedDbBatch(page: Page): Promise<RawIndexedDbTimes> {
  const record = await page.evaluate(`(async () => {
    const db = await new Promise((resolve) => { const open = indexedDB.open('anchor-outreach'); open.onsuccess = () => resolve(open.result); });
    const tx = db.transaction('signups');
    const row = await new Promise((resolve) => { const request = tx.objectStore('signups').openCursor(); request.onsuccess = () => resolve(request.result.value); });
    db.close();
    return row;
  })()`);
  return (await page.evaluate(SCRIPT(record, RAW_BATCH))) as RawIndexedDbTimes;
}
