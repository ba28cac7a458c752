// Local records as features read them: one, a page by type and status, the ones needing a person, counts; the
// writes (create, save, submit) are db/lifecycle.ts's, re-exported here for the features that use them.
import Dexie, { type Table } from 'dexie';
import { RECORD_STATUSES, RECORD_TYPES, type RecordStatus, type RecordType } from '../../shared/records';
import { decodePayload } from './codec';
import { database } from './connection';
import type { StoredRecord } from './database';
import { guarded } from './errors';
import { unlockedKey } from './keyring';

export {
  createRecord,
  markReady,
  saveRecord,
  submitRecord,
  updateRecord,
} from './lifecycle';
export { claimAndSeal as claimUnownedRecords } from './workers';

/** A record as features see it: the envelope plus its decoded payload. */
export interface LocalRecord<P = unknown> extends Omit<StoredRecord, 'payload'> {
  payload: P;
}

export interface RecordPage<P = unknown> {
  records: LocalRecord<P>[];
  total: number;
}

export type RecordCounts = Record<RecordType, Record<RecordStatus, number>>;

/** The statuses a person has to act on: the server refused the record, or it was changed in two places. */
export const ATTENTION_STATUSES = ['needs-attention', 'conflict'] as const satisfies readonly RecordStatus[];
/** The statuses of a record the server does not have yet (signing out is refused while any exists). */
export const UNSENT_STATUSES = [
  'ready',
  'needs-attention',
  'conflict',
] as const satisfies readonly RecordStatus[];

async function decodeRecord<P>(stored: StoredRecord): Promise<LocalRecord<P>> {
  return { ...stored, payload: await decodePayload<P>(stored.payload) };
}

/** Reads one record with its payload decoded, or undefined when it is not on this tablet. */
export async function getRecord<P = unknown>(
  type: RecordType,
  id: string,
): Promise<LocalRecord<P> | undefined> {
  return guarded(async () => {
    const stored = await database().recordTable(type).get(id);
    return stored ? decodeRecord<P>(stored) : undefined;
  });
}

/** The unlocked worker: every list is of their records only (StoreError `locked` while nobody is unlocked). */
const me = (): string => unlockedKey().workerId;

/** The unlocked worker's records of one table (of one status), through the worker indexes. */
function mine(table: Table<StoredRecord, string>, workerId: string, status?: RecordStatus) {
  return status
    ? table
        .where('[workerId+status+updatedAt]')
        .between([workerId, status, Dexie.minKey], [workerId, status, Dexie.maxKey])
    : table.where('[workerId+updatedAt]').between([workerId, Dexie.minKey], [workerId, Dexie.maxKey]);
}

/** One page of the unlocked worker's records of a type, most recently changed first, optionally of one status. */
export async function listRecords<P = unknown>(query: {
  type: RecordType;
  status?: RecordStatus | undefined;
  offset?: number;
  limit?: number;
}): Promise<RecordPage<P>> {
  const { type, status, offset = 0, limit = 20 } = query;
  return guarded(async () => {
    const table = database().recordTable(type);
    const workerId = me();
    const [total, page] = await Promise.all([
      mine(table, workerId, status).count(),
      mine(table, workerId, status).reverse().offset(offset).limit(limit).toArray(),
    ]);
    return { total, records: await Promise.all(page.map((stored) => decodeRecord<P>(stored))) };
  });
}

/**
 * One page of the unlocked worker's records of every type that need a person (refused by the server, or changed
 * in two places), most recently changed first. Reads each type and status through the worker's index.
 */
export async function listNeedingAttention<P = unknown>(
  query: { offset?: number; limit?: number } = {},
): Promise<RecordPage<P>> {
  const { offset = 0, limit = 20 } = query;
  return guarded(async () => {
    const db = database();
    const workerId = me();
    // A fresh collection per use: Dexie's reverse() and limit() change the collection they are called on.
    const sources = RECORD_TYPES.flatMap((type) =>
      ATTENTION_STATUSES.map((status) => () => mine(db.recordTable(type), workerId, status)),
    );
    const [counts, newest] = await Promise.all([
      Promise.all(sources.map((source) => source().count())),
      // The page can only come from each source's own newest offset+limit.
      Promise.all(
        sources.map((source) =>
          source()
            .reverse()
            .limit(offset + limit)
            .toArray(),
        ),
      ),
    ]);
    const page = newest
      .flat()
      .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0))
      .slice(offset, offset + limit);
    return {
      total: counts.reduce((sum, count) => sum + count, 0),
      records: await Promise.all(page.map((stored) => decodeRecord<P>(stored))),
    };
  });
}

/**
 * How many records have not reached the server yet: waiting, being sent, refused or in conflict; of one worker
 * when `workerId` is given (another worker's, or nobody's, are not theirs to send).
 */
export async function countUnsent(workerId?: string): Promise<number> {
  return guarded(async () => {
    const db = database();
    const counts = await Promise.all(
      db.recordTables.map((table) => {
        const unsent = table.where('status').anyOf(UNSENT_STATUSES);
        return (
          workerId === undefined ? unsent : unsent.filter((record) => record.workerId === workerId)
        ).count();
      }),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  });
}

/** How many of the unlocked worker's records of each type are in each status on this tablet. */
export async function countRecords(): Promise<RecordCounts> {
  return guarded(async () => {
    const db = database();
    const workerId = me();
    const counts = {} as RecordCounts;
    await Promise.all(
      RECORD_TYPES.map(async (type) => {
        const table = db.recordTable(type);
        const byStatus = await Promise.all(
          RECORD_STATUSES.map(async (status) => [status, await mine(table, workerId, status).count()]),
        );
        counts[type] = Object.fromEntries(byStatus) as Record<RecordStatus, number>;
      }),
    );
    return counts;
  });
}

/**
 * One page of the unlocked worker's records of a type (of one status, when given) whose decoded record matches
 * `matches`, most recently changed first, with how many match. Each of them is read and decoded once per call
 * (payloads are encoded, so they cannot be indexed): a search box's query over a tablet's thousand records.
 */
export async function searchRecords<P = unknown>(query: {
  type: RecordType;
  status?: RecordStatus | undefined;
  matches: (record: LocalRecord<P>) => boolean;
  offset?: number;
  limit?: number;
}): Promise<RecordPage<P>> {
  const { type, status, matches, offset = 0, limit = 20 } = query;
  return guarded(async () => {
    const stored = await mine(database().recordTable(type), me(), status).reverse().toArray();
    const found = (await Promise.all(stored.map((record) => decodeRecord<P>(record)))).filter(matches);
    return { total: found.length, records: found.slice(offset, offset + limit) };
  });
}

/**
 * How many records on this tablet were made before anyone signed in (workerId null), of every type and status.
 * IndexedDB leaves a row whose key part is null out of an index, so that is each table's count less its
 * [workerId+updatedAt] index's: two key counts, no row read or decoded (the home page asks this on every change).
 */
export async function countUnowned(): Promise<number> {
  return guarded(async () => {
    const db = database();
    const counts = await db.transaction('r', db.recordTables, () =>
      Promise.all(
        db.recordTables.map(async (table) => {
          const [all, owned] = await Promise.all([
            table.count(),
            table.orderBy('[workerId+updatedAt]').count(),
          ]);
          return all - owned;
        }),
      ),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  });
}
