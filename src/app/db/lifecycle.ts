// The record lifecycle: its statuses, the named moves between them (the only code that sets a record's status),
// and one Dexie transaction per thing a worker does: start, save a page, submit, change a photo, resolve a conflict,
// restore a backup.
import { newId } from '../../shared/ids';
import { RECORD_STATUSES, RECORD_TYPES, type RecordStatus, type RecordType } from '../../shared/records';
import type { AttachmentInfo } from './attachments';
import { type AttachmentSeal, decodePayload, encodeAttachment, encodePayload } from './codec';
import { database } from './connection';
import type { AnchorDatabase, OutboxChange, StoredAttachment, StoredRecord } from './database';
import { getDeviceInfo } from './device';
import { guarded, StoreError } from './errors';
import { sha256Hex } from './hash';
import { unlockedKey } from './keyring';
import { indexFieldsFor } from './match-key';
import { changeFor } from './outbox';
import type { LocalRecord } from './records';

/** Where a record is before it exists on this tablet: it is created here, or restored from a backup. */
export const NEW = 'new';
export type TransitionFrom = RecordStatus | typeof NEW;

interface TransitionRule {
  from: readonly TransitionFrom[];
  to: readonly RecordStatus[];
}

/**
 * Every move a record's status can make, by name. A move not listed here is refused with StoreError and the
 * transaction that attempted it writes nothing. A record is "ready" exactly when it has one outbox change.
 */
export const TRANSITIONS = {
  /** A worker starts a record on this tablet. */
  create: { from: [NEW], to: ['draft'] },
  /** A page of a draft is saved (Continue). */
  'save-draft': { from: ['draft'], to: ['draft'] },
  /** A finished draft is queued to send, with its outbox change. */
  submit: { from: ['draft'], to: ['ready'] },
  /** A record waiting to send is changed: its waiting change is replaced by one carrying the new answers. */
  'edit-waiting': { from: ['ready'], to: ['ready'] },
  /** A record the server refused is corrected and queued again. */
  correct: { from: ['needs-attention'], to: ['ready'] },
  /** A sent record is changed (an override on a check) and queued again. */
  amend: { from: ['synced'], to: ['ready'] },
  /** The server applied the record's change (or had already). */
  acknowledge: { from: ['ready'], to: ['synced'] },
  /** The server refused the change, with its code and words. */
  reject: { from: ['ready'], to: ['needs-attention'] },
  /** The server's copy changed since this tablet last saw it: both are kept for a person's choice. */
  conflict: { from: ['ready'], to: ['conflict'] },
  /** The worker keeps this tablet's version: it is sent again on top of the server's. */
  'keep-mine': { from: ['conflict'], to: ['ready'] },
  /** The worker takes the server's copy. */
  'take-server': { from: ['conflict'], to: ['synced'] },
  /** Retention removes the answers and photos of a record acknowledged long enough ago. */
  purge: { from: ['synced'], to: ['purged'] },
  /** A backup brings a record that is not here, or newer than the copy here. */
  restore: { from: [NEW, ...RECORD_STATUSES], to: RECORD_STATUSES },
} as const satisfies Record<string, TransitionRule>;

export type TransitionName = keyof typeof TRANSITIONS;

function refusal(from: TransitionFrom, name: TransitionName): StoreError {
  const message = `A record that is ${from} cannot ${name}.`;
  if (from === 'conflict') {
    return new StoreError('not-allowed', {
      cause: new Error(message),
      message:
        'This record was changed in two places. Choose which version stands (on the record’s page) before changing it.',
    });
  }
  if (from === 'purged') {
    return new StoreError('not-allowed', {
      cause: new Error(message),
      message: 'This record’s answers were removed from this tablet after the central team had them.',
    });
  }
  return new StoreError('not-allowed', { cause: new Error(message) });
}

/** Whether `name` may move a record that is in `from` (NEW for one not on this tablet) to `to`. */
export function canTransition(from: TransitionFrom, name: TransitionName, to?: RecordStatus): boolean {
  const rule: TransitionRule = TRANSITIONS[name];
  const target = to ?? rule.to[0];
  return rule.from.includes(from) && target !== undefined && rule.to.includes(target);
}

/**
 * The row to write when `current` (undefined for a new record) makes the move `name`: `next` with the move's
 * status. Pure; throws StoreError `not-allowed` for a move the table does not allow, so a transaction calling it writes nothing. `to` picks the status of a restore.
 */
export function transition(
  current: Pick<StoredRecord, 'status'> | undefined,
  name: TransitionName,
  next: Omit<StoredRecord, 'status'>,
  to?: RecordStatus,
): StoredRecord {
  const from = current?.status ?? NEW;
  // The only check between a record and a status write: an illegal move is a race or a bug, never written.
  if (!canTransition(from, name, to)) throw refusal(from, name);
  return { ...next, status: to ?? (TRANSITIONS[name].to[0] as RecordStatus) };
}

/**
 * The meta row listing the records whose changes a push in flight carries: one write per batch marks them all, where
 * a status write per record would double the sync's IndexedDB work. Never rename without a migration.
 */
export const IN_FLIGHT_KEY = 'sync-in-flight';

/** The ids of the records a push in flight carries. Must run inside a transaction over db.meta. */
export async function recordsInFlight(db: AnchorDatabase): Promise<Set<string>> {
  const row = await db.meta.get(IN_FLIGHT_KEY);
  return new Set((row?.value as string[] | undefined) ?? []);
}

/** Replaces the in-flight mark. Must run inside a read-write transaction over db.meta. */
export async function markInFlight(db: AnchorDatabase, ids: ReadonlySet<string>): Promise<void> {
  await db.meta.put({ key: IN_FLIGHT_KEY, value: [...ids] });
}

/** The move a save of new answers makes from each status, and the one a submit makes; null: not editable. */
const EDITS: Record<RecordStatus, { save: TransitionName; submit: TransitionName } | null> = {
  draft: { save: 'save-draft', submit: 'submit' },
  ready: { save: 'edit-waiting', submit: 'edit-waiting' },
  'needs-attention': { save: 'correct', submit: 'correct' },
  synced: { save: 'amend', submit: 'amend' },
  conflict: null,
  purged: null,
};

function editTransition(status: RecordStatus, kind: 'save' | 'submit'): TransitionName {
  const edit = EDITS[status];
  if (!edit) throw refusal(status, kind === 'save' ? 'save-draft' : 'submit');
  return edit[kind];
}

const now = () => new Date().toISOString();

/**
 * Writes a record and, when it is ready, replaces its waiting change: must run inside a transaction over both.
 * `inFlight`: a push in flight carries the replaced change, so the server may apply it (outbox.ts changeFor).
 */
async function putRecord(db: AnchorDatabase, next: StoredRecord, inFlight = false): Promise<void> {
  await db.recordTable(next.type).put(next);
  if (next.status === 'ready') {
    const replaced = await db.outbox.where('recordId').equals(next.id).toArray();
    await db.outbox.bulkDelete(replaced.map((change) => change.changeId));
    await db.outbox.add(changeFor(next, replaced, inFlight));
  }
}

/**
 * Saves a new draft record on this tablet, made by the unlocked worker and encrypted under their key (so every
 * flow records its worker without passing it). Offline: always works while the tablet has space. Never talks to
 * the server; the record only reaches it once submitted. Fails with StoreError (locked, quota, closed,
 * unavailable).
 */
export async function createRecord<P>(type: RecordType, payload: P): Promise<LocalRecord<P>> {
  return guarded(async () => {
    // The unlocked worker makes it, under their key (StoreError `locked` when nobody is unlocked).
    const { workerId } = unlockedKey();
    const [{ deviceId }, encoded, indexed] = await Promise.all([
      getDeviceInfo(),
      encodePayload(payload),
      indexFieldsFor(type, payload),
    ]);
    const db = database();
    const table = db.recordTable(type);
    return db.transaction('rw', table, async () => {
      const at = now();
      const stored = transition(undefined, 'create', {
        id: newId(),
        type,
        createdAt: at,
        updatedAt: at,
        workerId,
        deviceId,
        version: 1,
        serverVersion: 0,
        problem: null,
        payload: encoded,
        ...indexed,
      });
      await table.add(stored);
      return { ...stored, payload };
    });
  });
}

/**
 * Gives every record made before anyone signed in (workerId null) to `workerId`, in one transaction over every
 * record table; nothing else about them changes (status, version, times and answers stay as they were). The
 * worker is asked first (after signing in); a record already someone's is never taken. Returns how many.
 */
export async function claimUnownedRecords(workerId: string): Promise<number> {
  return guarded(async () => {
    const db = database();
    return db.transaction('rw', [...db.recordTables, db.outbox], async () => {
      let claimed = 0;
      for (const table of db.recordTables) {
        claimed += await table
          .filter((record) => record.workerId === null)
          .modify((record) => {
            record.workerId = workerId;
          });
      }
      // Their waiting changes become this worker's too, so the next run sends them.
      await db.outbox
        .filter((change) => change.workerId === null)
        .modify((change) => {
          change.workerId = workerId;
        });
      return claimed;
    });
  });
}

/** A change to a record's photos, written in the same transaction as the record's new photo list. */
export type AttachmentChange =
  | { add: { blob: Blob; name: string } }
  | { move: { id: string; direction: 'up' | 'down' } }
  | { remove: { id: string } };

/** Describes a record's payload after an edit, given its photos in page order after the edit. Must be pure. */
export type Describe<P> = (payload: P, attachments: readonly AttachmentInfo[]) => P;

interface Edit<P> {
  kind: 'save' | 'submit';
  /** The new payload from the latest saved one; omitted: the payload stays as it is. */
  update?: Describe<P>;
  /** Refuse (StoreError `stale`) unless the record is still at this version. */
  expectedVersion?: number;
  attachments?: AttachmentChange;
  /** Whether `update` reads the photos (so a photo added meanwhile makes the edit start again). */
  readsAttachments?: boolean;
  attempts?: number;
}

interface AttachmentPlan {
  put: StoredAttachment[];
  remove: string[];
  after: AttachmentInfo[];
}

const infoOf = ({ blob: _blob, seal: _seal, ...info }: StoredAttachment): AttachmentInfo => info;
const fingerprint = (rows: readonly AttachmentInfo[]) =>
  rows.map((row) => `${row.id}@${row.position}:${row.sha256}`).join('|');

function planAttachments(
  owner: StoredRecord,
  rows: StoredAttachment[],
  change: AttachmentChange | undefined,
  added: { sha256: string; blob: Blob; seal: AttachmentSeal } | null,
): AttachmentPlan {
  const infos = rows.map(infoOf);
  if (!change) return { put: [], remove: [], after: infos };
  if ('add' in change) {
    const { blob, name } = change.add;
    const stored: StoredAttachment = {
      id: newId(),
      recordId: owner.id,
      recordType: owner.type,
      name,
      mediaType: blob.type || 'application/octet-stream',
      size: blob.size,
      sha256: added?.sha256 ?? '',
      position: rows.length,
      createdAt: now(),
      // The sealed copy (see codec.ts); mediaType and size stay the photo's own.
      blob: added?.blob ?? blob,
      seal: added?.seal ?? null,
    };
    return { put: [stored], remove: [], after: [...infos, infoOf(stored)] };
  }
  const id = 'move' in change ? change.move.id : change.remove.id;
  const index = rows.findIndex((row) => row.id === id);
  if (index < 0) throw new StoreError('not-found');
  if ('remove' in change) {
    const rest = rows.filter((row) => row.id !== id).map((row, position) => ({ ...row, position }));
    return { put: rest, remove: [id], after: rest.map(infoOf) };
  }
  const otherIndex = change.move.direction === 'up' ? index - 1 : index + 1;
  const other = rows[otherIndex];
  const moved = rows[index] as StoredAttachment;
  if (!other) return { put: [], remove: [], after: infos };
  const swapped = [
    { ...moved, position: other.position },
    { ...other, position: moved.position },
  ];
  const after = rows
    .map((row) => swapped.find((s) => s.id === row.id) ?? row)
    .sort((a, b) => a.position - b.position);
  return { put: swapped, remove: [], after: after.map(infoOf) };
}

const sortedAttachments = (db: AnchorDatabase, recordId: string) =>
  db.attachments.where('recordId').equals(recordId).sortBy('position');

const STALE_ATTEMPTS = 5;
const ALREADY_SUBMITTED: ReadonlySet<RecordStatus> = new Set(['ready', 'synced']);

/**
 * One edit of a record as one transaction: its new payload (computed from the latest saved one, encoded outside
 * the transaction), its status move, its outbox change and any photo change. When another save lands between
 * reading and writing, the edit starts again from the newer copy (or fails `stale` when a version was expected).
 */
async function edit<P>(
  type: RecordType,
  id: string,
  plan: Edit<P>,
): Promise<{ record: LocalRecord<P>; attachments: AttachmentPlan }> {
  const db = database();
  const table = db.recordTable(type);
  const withAttachments = Boolean(plan.attachments || plan.readsAttachments);
  const added = plan.attachments && 'add' in plan.attachments ? plan.attachments.add : null;
  const addedHash = added
    ? { sha256: await sha256Hex(await added.blob.arrayBuffer()), ...(await encodeAttachment(added.blob)) }
    : null;
  const attempts = plan.expectedVersion === undefined ? (plan.attempts ?? STALE_ATTEMPTS) : 1;
  for (let attempt = 1; ; attempt++) {
    const [current, rows] = await db.transaction('r', table, db.attachments, async () => {
      const record = await table.get(id);
      return [record, withAttachments ? await sortedAttachments(db, id) : []] as const;
    });
    if (!current) throw new StoreError('not-found');
    // The caller saw an older version (another tab saved first): never overwrite answers it did not see.
    if (plan.expectedVersion !== undefined && current.version !== plan.expectedVersion) {
      throw new StoreError('stale');
    }
    const attachments = planAttachments(current, rows, plan.attachments, addedHash);
    const before = await decodePayload<P>(current.payload);
    const payload = plan.update ? plan.update(before, attachments.after) : before;
    const changed = plan.update !== undefined && JSON.stringify(payload) !== JSON.stringify(before);
    // Submitting again what is already waiting, being sent or sent (a double tap) writes nothing.
    if (plan.kind === 'submit' && !changed && ALREADY_SUBMITTED.has(current.status)) {
      return { record: { ...current, payload: before }, attachments };
    }
    const name = editTransition(current.status, plan.kind);
    const writesRecord = plan.kind === 'submit' || plan.update !== undefined;
    const [encoded, indexed] = writesRecord
      ? await Promise.all([encodePayload(payload), indexFieldsFor(type, payload)])
      : [current.payload, {}];
    try {
      const written = await db.transaction('rw', [table, db.outbox, db.attachments, db.meta], async () => {
        // A push in flight may carry this record's change: the edit is taken at once, its change naming that one
        // (supersedes), so the server applies it on top of whatever that push did.
        const inFlight = (await recordsInFlight(db)).has(id);
        const latest = await table.get(id);
        const latestRows = withAttachments ? await sortedAttachments(db, id) : [];
        // Another save, a sync or a photo change landed since the read: start again from what is there now.
        if (
          latest?.version !== current.version ||
          latest.status !== current.status ||
          fingerprint(latestRows) !== fingerprint(rows)
        ) {
          throw new StoreError('stale');
        }
        if (!writesRecord) {
          // A photo change alone still needs the record to be editable: this throws when it is not.
          transition(latest, name, latest);
        } else {
          await putRecord(
            db,
            transition(latest, name, {
              ...latest,
              payload: encoded,
              ...indexed,
              version: latest.version + (plan.update ? 1 : 0),
              updatedAt: now(),
              problem: name === 'save-draft' ? latest.problem : null,
            }),
            inFlight,
          );
        }
        if (attachments.remove.length) await db.attachments.bulkDelete(attachments.remove);
        if (attachments.put.length) await db.attachments.bulkPut(attachments.put);
        return (await table.get(id)) as StoredRecord;
      });
      const record = {
        ...written,
        payload: writesRecord ? payload : await decodePayload<P>(written.payload),
      };
      return { record, attachments };
    } catch (error) {
      if (!(error instanceof StoreError && error.kind === 'stale') || attempt >= attempts) throw error;
    }
  }
}

/**
 * Saves a new payload for an existing record and bumps its version (a page's Continue). A draft stays a draft. A
 * record that was waiting, sent or refused goes (back) to "ready" with one fresh outbox change carrying the latest
 * answers, also while a push carrying its previous change is in flight. Refused with StoreError `not-allowed`
 * for a record in conflict or whose answers were removed, and `stale` when `expectedVersion` is given and another
 * tab saved first.
 */
export async function saveRecord<P>(
  type: RecordType,
  id: string,
  payload: P,
  options: { expectedVersion?: number } = {},
): Promise<LocalRecord<P>> {
  return guarded(
    async () =>
      (
        await edit<P>(type, id, {
          kind: 'save',
          update: () => payload,
          ...(options.expectedVersion === undefined ? {} : { expectedVersion: options.expectedVersion }),
        })
      ).record,
  );
}

/**
 * Changes a record's payload from its latest saved version: reads it, applies `update`, and writes it in one
 * transaction that checks nobody saved in between, starting again when another save (a second tab, a screen
 * showing an older copy) landed first, so no save overwrites answers it did not see. `update` must be pure.
 */
export async function updateRecord<P>(
  type: RecordType,
  id: string,
  update: (payload: P) => P,
  attempts = STALE_ATTEMPTS,
): Promise<LocalRecord<P>> {
  return guarded(async () => (await edit<P>(type, id, { kind: 'save', update, attempts })).record);
}

/**
 * Submits a record: applies `update` (the flow's last writes: a computed result, the photo list, where to resume)
 * and moves it to "ready" with its outbox change, all in one transaction, so a crash leaves either a draft with
 * nothing queued or a ready record with exactly one change. Submitting a record already waiting with nothing
 * changed writes nothing. Offline this is the normal case; so is a push in flight carrying the record.
 */
export async function submitRecord<P>(
  type: RecordType,
  id: string,
  update?: Describe<P>,
  options: { readsAttachments?: boolean } = {},
): Promise<LocalRecord<P>> {
  return guarded(
    async () =>
      (
        await edit<P>(type, id, {
          kind: 'submit',
          ...(update ? { update } : {}),
          readsAttachments: options.readsAttachments ?? false,
        })
      ).record,
  );
}

/** Submits a finished record as it is saved (see submitRecord). Marking a record that is waiting does nothing. */
export async function markReady(type: RecordType, id: string): Promise<LocalRecord> {
  return submitRecord(type, id);
}

/**
 * Changes a record's photos (add after the last, move one place, remove and renumber 0..n-1) and, when `describe`
 * is given, its payload's photo list, in one transaction. Offline: the normal case. Fails with StoreError
 * (`not-found` for a record or photo not here, `quota`). Returns the
 * photos in order after the change and the one added, if any.
 */
export async function changeAttachments<P>(
  owner: { type: RecordType; id: string },
  change: AttachmentChange,
  describe?: Describe<P>,
): Promise<{ attachments: AttachmentInfo[]; added: AttachmentInfo | null }> {
  return guarded(async () => {
    const { attachments } = await edit<P>(owner.type, owner.id, {
      kind: 'save',
      attachments: change,
      ...(describe ? { update: describe } : {}),
    });
    const added = 'add' in change ? (attachments.put[0] ?? null) : null;
    return { attachments: attachments.after, added: added && infoOf(added) };
  });
}

/** The record a photo belongs to, for changing it by the photo's id alone. */
export async function attachmentOwner(id: string): Promise<{ type: RecordType; id: string }> {
  return guarded(async () => {
    const row = await database().attachments.get(id);
    if (!row) throw new StoreError('not-found');
    return { type: row.recordType, id: row.recordId };
  });
}

/**
 * Resolves a conflict in one transaction: "keep-mine" queues this tablet's version again on top of the server's;
 * "take-server" replaces this tablet's copy with the server's. Offline both work; "keep-mine" waits in the outbox.
 */
export async function resolveConflict(
  type: RecordType,
  id: string,
  choice: 'keep-mine' | 'take-server',
): Promise<void> {
  await guarded(async () => {
    const db = database();
    const table = db.recordTable(type);
    const noConflict = () =>
      new StoreError('not-found', { message: 'This record has no conflict to resolve.' });
    // Taking the server's copy gives the row that copy's match key, worked out from its answers before writing.
    const read = await table.get(id);
    if (!read) throw new StoreError('not-found');
    if (!read.conflict) throw noConflict();
    const serverIndex =
      choice === 'take-server' ? await indexFieldsFor(type, await decodePayload(read.conflict.payload)) : {};
    await db.transaction('rw', table, db.outbox, async () => {
      const record = await table.get(id);
      if (!record) throw new StoreError('not-found');
      // A record in conflict has no waiting change, so no push in flight carries it.
      const { conflict } = record;
      if (!conflict) throw noConflict();
      // Resolved (or restored) meanwhile: the key worked out above may be another copy's.
      if (record.version !== read.version || conflict.version !== read.conflict?.version) {
        throw new StoreError('stale');
      }
      const at = now();
      const resolved = {
        ...record,
        serverVersion: conflict.version,
        problem: null,
        conflict: null,
        updatedAt: at,
      };
      await putRecord(
        db,
        choice === 'take-server'
          ? transition(record, 'take-server', {
              ...resolved,
              payload: conflict.payload,
              ...serverIndex,
              version: record.version + 1,
              acknowledgedAt: at,
            })
          : transition(record, 'keep-mine', resolved),
      );
    });
  });
}

export interface RestoreSummary {
  /** Records added, or replaced by a newer copy from the file. */
  imported: number;
  /** Records this tablet already had at the same or a newer version: kept as they were. */
  alreadyHere: number;
  attachmentsImported: number;
}

/**
 * Restores records, their waiting changes and attachments (already checked and encoded) in one transaction of bulk
 * reads and writes (one bulkGet and one bulkPut per table), so a failure part-way restores nothing. A record already here at the same or a newer version is kept. A record that
 * was being sent when the backup was made comes back waiting; one waiting without a change gets a fresh one.
 */
export async function restoreRecords(content: {
  records: readonly StoredRecord[];
  changes: readonly OutboxChange[];
  attachments: readonly StoredAttachment[];
}): Promise<RestoreSummary> {
  return guarded(async () => {
    const db = database();
    return db.transaction('rw', [...db.recordTables, db.outbox, db.attachments], async () => {
      const summary: RestoreSummary = { imported: 0, alreadyHere: 0, attachmentsImported: 0 };
      const taken: StoredRecord[] = [];
      // Records replaced by a newer copy: only they can have a waiting change here to replace.
      const replaced: string[] = [];
      for (const type of RECORD_TYPES) {
        const ofType = content.records.filter((record) => record.type === type);
        if (ofType.length === 0) continue;
        const table = db.recordTable(type);
        const existing = await table.bulkGet(ofType.map((record) => record.id));
        const restored = ofType.flatMap((record, index) => {
          const here = existing[index];
          // The copy here is as new or newer: it stands.
          if (here && here.version >= record.version) {
            summary.alreadyHere++;
            return [];
          }
          if (here) replaced.push(record.id);
          return [transition(here, 'restore', record, record.status)];
        });
        await table.bulkPut(restored);
        taken.push(...restored);
      }
      summary.imported = taken.length;
      if (replaced.length) await db.outbox.where('recordId').anyOf(replaced).delete();
      const waiting = new Map(
        taken.filter((record) => record.status === 'ready').map((record) => [record.id, record]),
      );
      // One change per waiting record: the file's (keeping its changeId, so the server never applies it twice).
      const carried = new Map<string, OutboxChange>();
      for (const change of content.changes) {
        const record = waiting.get(change.recordId);
        // The change is its record's worker's, whatever an older file said.
        if (record) carried.set(change.recordId, { ...change, workerId: record.workerId });
      }
      const fresh = [...waiting.values()]
        .filter((record) => !carried.has(record.id))
        .map((record) => changeFor(record));
      await db.outbox.bulkPut([...carried.values(), ...fresh]);
      const present = await db.attachments.bulkGet(content.attachments.map((attachment) => attachment.id));
      const missing = content.attachments.filter((_attachment, index) => !present[index]);
      await db.attachments.bulkAdd(missing);
      summary.attachmentsImported = missing.length;
      return summary;
    });
  });
}
