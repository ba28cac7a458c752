// Local record operations: create, save, mark ready (with its outbox change), read, list and count.
import Dexie from 'dexie';
import { newId } from '../../shared/ids';
import { RECORD_STATUSES, RECORD_TYPES, type RecordStatus, type RecordType } from '../../shared/records';
import { decodePayload, encodePayload } from './codec';
import { database } from './connection';
import type { StoredRecord } from './database';
import { getDeviceInfo } from './device';
import { guarded, StoreError } from './errors';
import { changeFor } from './outbox';

/** A record as features see it: the envelope plus its decoded payload. */
export interface LocalRecord<P = unknown> extends Omit<StoredRecord, 'payload'> {
  payload: P;
}

export interface RecordPage<P = unknown> {
  records: LocalRecord<P>[];
  total: number;
}

export type RecordCounts = Record<RecordType, Record<RecordStatus, number>>;

const now = () => new Date().toISOString();

async function decodeRecord<P>(stored: StoredRecord): Promise<LocalRecord<P>> {
  return { ...stored, payload: await decodePayload<P>(stored.payload) };
}

/**
 * Saves a new draft record on this tablet. Offline: always works while the tablet has space. Never talks to the
 * server; the record only reaches it after `markReady`. Fails with StoreError (quota, closed, unavailable).
 */
export async function createRecord<P>(
  type: RecordType,
  payload: P,
  options: { workerId?: string | null } = {},
): Promise<LocalRecord<P>> {
  return guarded(async () => {
    const [{ deviceId }, encoded] = await Promise.all([getDeviceInfo(), encodePayload(payload)]);
    const at = now();
    const stored: StoredRecord = {
      id: newId(),
      type,
      status: 'draft',
      createdAt: at,
      updatedAt: at,
      workerId: options.workerId ?? null,
      deviceId,
      version: 1,
      serverVersion: 0,
      problem: null,
      payload: encoded,
    };
    await database().recordTable(type).add(stored);
    return { ...stored, payload };
  });
}

/**
 * Saves a new payload for an existing record and bumps its version. A draft stays a draft. A record that was
 * already queued, sent or needed attention goes (back) to "ready" with a fresh outbox change replacing any change
 * still waiting, so the server receives the latest answers once. Refused with StoreError `busy` while a push
 * carrying the record is in flight, and `stale` when `expectedVersion` is given and another tab saved first.
 */
export async function saveRecord<P>(
  type: RecordType,
  id: string,
  payload: P,
  options: { expectedVersion?: number } = {},
): Promise<LocalRecord<P>> {
  return guarded(async () => {
    const encoded = await encodePayload(payload);
    const db = database();
    const table = db.recordTable(type);
    const saved = await db.transaction('rw', table, db.outbox, async () => {
      const existing = await table.get(id);
      if (!existing) throw new StoreError('not-found');
      if (existing.status === 'syncing') throw new StoreError('busy');
      if (options.expectedVersion !== undefined && existing.version !== options.expectedVersion) {
        throw new StoreError('stale');
      }
      const next: StoredRecord = {
        ...existing,
        payload: encoded,
        version: existing.version + 1,
        updatedAt: now(),
        status: existing.status === 'draft' ? 'draft' : 'ready',
        problem: existing.status === 'draft' ? existing.problem : null,
      };
      await table.put(next);
      if (next.status === 'ready') {
        await db.outbox.where('recordId').equals(id).delete();
        await db.outbox.add(changeFor(next));
      }
      return next;
    });
    return { ...saved, payload };
  });
}

/**
 * Changes a record's payload from its latest saved version: reads it, applies `update`, and saves with that
 * version expected, retrying when another save (a second tab, a screen still showing an older copy) landed in
 * between, so no save ever overwrites answers it did not see. `update` must be pure: it may run more than once.
 */
export async function updateRecord<P>(
  type: RecordType,
  id: string,
  update: (payload: P) => P,
  attempts = 5,
): Promise<LocalRecord<P>> {
  for (let attempt = 1; ; attempt++) {
    const current = await getRecord<P>(type, id);
    if (!current) throw new StoreError('not-found');
    try {
      return await saveRecord<P>(type, id, update(current.payload), { expectedVersion: current.version });
    } catch (error) {
      if (!(error instanceof StoreError && error.kind === 'stale') || attempt >= attempts) throw error;
    }
  }
}

/**
 * Marks a finished record as ready to send: sets its status and writes its outbox change in one transaction, so a
 * crash leaves either both or neither. Offline this is the normal case; the change waits in the outbox until a
 * sync run can push it. Marking a record that is already ready does nothing.
 */
export async function markReady(type: RecordType, id: string): Promise<LocalRecord> {
  return guarded(async () => {
    const db = database();
    const table = db.recordTable(type);
    const stored = await db.transaction('rw', table, db.outbox, async () => {
      const existing = await table.get(id);
      if (!existing) throw new StoreError('not-found');
      if (existing.status === 'ready' || existing.status === 'syncing') return existing;
      const next: StoredRecord = { ...existing, status: 'ready', problem: null, updatedAt: now() };
      await table.put(next);
      await db.outbox.where('recordId').equals(id).delete();
      await db.outbox.add(changeFor(next));
      return next;
    });
    return decodeRecord(stored);
  });
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

/** One page of a type's records, most recently changed first, optionally of one status. */
export async function listRecords<P = unknown>(query: {
  type: RecordType;
  status?: RecordStatus | undefined;
  offset?: number;
  limit?: number;
}): Promise<RecordPage<P>> {
  const { type, status, offset = 0, limit = 20 } = query;
  return guarded(async () => {
    const table = database().recordTable(type);
    const collection = status
      ? table.where('[status+updatedAt]').between([status, Dexie.minKey], [status, Dexie.maxKey]).reverse()
      : table.orderBy('updatedAt').reverse();
    const [total, page] = await Promise.all([
      status ? table.where('status').equals(status).count() : table.count(),
      collection.offset(offset).limit(limit).toArray(),
    ]);
    return { total, records: await Promise.all(page.map((stored) => decodeRecord<P>(stored))) };
  });
}

/** How many records of each type are in each status on this tablet. */
export async function countRecords(): Promise<RecordCounts> {
  return guarded(async () => {
    const db = database();
    const counts = {} as RecordCounts;
    await Promise.all(
      RECORD_TYPES.map(async (type) => {
        const table = db.recordTable(type);
        const byStatus = await Promise.all(
          RECORD_STATUSES.map(async (status) => [status, await table.where('status').equals(status).count()]),
        );
        counts[type] = Object.fromEntries(byStatus) as Record<RecordStatus, number>;
      }),
    );
    return counts;
  });
}

/**
 * The records of a type whose decoded payload matches `predicate`, newest first. Reads every record of the type
 * (payloads are encoded, so they cannot be indexed); fine for the hundreds a tablet holds.
 */
export async function findRecords<P = unknown>(
  type: RecordType,
  predicate: (record: LocalRecord<P>) => boolean,
): Promise<LocalRecord<P>[]> {
  return guarded(async () => {
    const stored = await database().recordTable(type).orderBy('updatedAt').reverse().toArray();
    const decoded = await Promise.all(stored.map((record) => decodeRecord<P>(record)));
    return decoded.filter(predicate);
  });
}
