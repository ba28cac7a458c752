// Applies a push's changes in as few transactions as the rules allow: new records that touch no pot in one bulk
// transaction, every other change on its own through applyChange; answers in the order the changes came.
import { sql } from 'drizzle-orm';
import type { ChangeResult } from '../../shared/api';
import { attachmentHashes } from '../../shared/payloads';
import type { RecordType } from '../../shared/records';
import type { Actor } from '../auth/tokens';
import type { Database } from '../db/connect';
import {
  applyChange,
  changeIdTaken,
  missingAttachments,
  type ValidChange,
  validateChange,
} from './apply-change';

/** Record types whose new records change nothing but their own row (a grant application moves the pot). */
const BULK_TYPES: ReadonlySet<RecordType> = new Set<RecordType>(['signup', 'eligibility-check']);

/** Milliseconds spent in each step of a push, for the Server-Timing header and the benchmark's profile. */
export interface IngestTimings {
  validate: number;
  /** Looking up changes processed before, of those not for the bulk (a resent edit is answered from there). */
  known: number;
  attachments: number;
  bulk: number;
  single: number;
  /** How many changes went through the bulk insert, and how many one by one. */
  bulkCount: number;
  singleCount: number;
}

/**
 * Inserts new records (baseVersion 0) with the rows marking their changes processed, all in ONE transaction, and
 * returns the change ids that went in. Exactly once: each change id is claimed first (ON CONFLICT DO NOTHING, so
 * a change id already processed, or being processed by a concurrent push, is not claimed), then the records of
 * the claimed changes are inserted (ON CONFLICT DO NOTHING: a record id the server has), and a claim whose record
 * did not go in is withdrawn. Whatever did not go in is left to applyChange, which answers duplicates, conflicts
 * and reused ids. Array parameters through unnest: one statement whatever the count, far from PostgreSQL's
 * 65,535 bind-parameter cap. The payloads go as ONE JSON array text (split by jsonb_array_elements), not a text[]:
 * the drivers escape every element of a text[] in JavaScript, which cost a third of the insert's time. Rows are claimed in change id order and inserted in record id order, so two
 * concurrent pushes of overlapping changes wait for each other instead of deadlocking.
 */
export async function insertNewRecords(
  db: Database,
  actor: Actor,
  deviceId: string,
  items: readonly ValidChange[],
): Promise<Set<string>> {
  if (items.length === 0) return new Set();
  const sorted = [...items].sort((a, b) => (a.change.changeId < b.change.changeId ? -1 : 1));
  const changeIds = sorted.map((item) => item.change.changeId);
  const recordIds = sorted.map((item) => item.change.recordId);
  const types = sorted.map((item) => item.change.recordType);
  const payloads = sorted.map((item) => item.payloadJson);
  const clientUpdatedAt = sorted.map((item) => item.change.clientUpdatedAt);
  const now = new Date().toISOString();
  return db.transaction(async (tx) => {
    const result = await tx.execute(sql`
      WITH input AS (
        SELECT t.*, p.payload FROM unnest(
          ${sql.param(changeIds)}::uuid[],
          ${sql.param(recordIds)}::uuid[],
          ${sql.param(types)}::text[],
          ${sql.param(clientUpdatedAt)}::timestamptz[]
        ) WITH ORDINALITY AS t(change_id, record_id, type, client_updated_at, n)
        JOIN jsonb_array_elements(${`[${payloads.join(',')}]`}::jsonb) WITH ORDINALITY AS p(payload, n) USING (n)
      ),
      claimed AS (
        INSERT INTO processed_changes (change_id, record_id, account_id, record_version, processed_at)
        SELECT change_id, record_id, ${actor.id}::uuid, 1, ${now}::timestamptz FROM input ORDER BY change_id
        ON CONFLICT (change_id) DO NOTHING
        RETURNING change_id, record_id
      ),
      inserted AS (
        INSERT INTO records (id, type, owner_id, device_id, version, payload, client_updated_at, received_at, updated_at)
        SELECT input.record_id, input.type, ${actor.id}::uuid, ${deviceId}::uuid, 1, input.payload,
          input.client_updated_at, ${now}::timestamptz, ${now}::timestamptz
        FROM input JOIN claimed ON claimed.change_id = input.change_id
        ORDER BY input.record_id
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      )
      SELECT claimed.change_id::text AS change_id, inserted.id IS NOT NULL AS inserted
      FROM claimed LEFT JOIN inserted ON inserted.id = claimed.record_id
    `);
    const rows = (result as unknown as { rows: { change_id: string; inserted: boolean }[] }).rows;
    const applied = new Set<string>();
    const withdrawn: string[] = [];
    for (const row of rows) {
      if (row.inserted) applied.add(row.change_id);
      else withdrawn.push(row.change_id);
    }
    if (withdrawn.length > 0) {
      await tx.execute(
        sql`DELETE FROM processed_changes WHERE change_id = ANY(${sql.param(withdrawn)}::uuid[])`,
      );
    }
    return applied;
  });
}

/**
 * The processed-change rows of these change ids (one query). A committed row is final, so a change found here
 * is answered from it without a transaction: `duplicate` with its stored version, or `change-id-taken` when the
 * id marks another record's change or another worker's.
 */
async function processedAlready(db: Database, changeIds: string[]) {
  if (changeIds.length === 0) return new Map<string, ProcessedRow>();
  const result = await db.execute(sql`
    SELECT change_id::text AS change_id, record_id::text AS record_id, account_id::text AS account_id,
      record_version
    FROM processed_changes WHERE change_id = ANY(${sql.param(changeIds)}::uuid[])
  `);
  const rows = (result as unknown as { rows: ProcessedRow[] }).rows;
  return new Map(rows.map((row) => [row.change_id, row]));
}
interface ProcessedRow {
  change_id: string;
  record_id: string;
  account_id: string;
  record_version: number;
}

/**
 * Checks and applies a push's raw changes for `actor` on `deviceId`. Each change is validated on its own and one
 * bad change never fails the others; new records of BULK_TYPES go in together (insertNewRecords), the first
 * change per change id and per record id only, so the bulk never holds two claims on one row; every other
 * change (edits, grant applications, duplicates, repeats within the push) then goes through applyChange in the
 * order it came. Only a database fault throws.
 */
export async function ingestChanges(
  db: Database,
  actor: Actor,
  deviceId: string,
  raws: readonly unknown[],
  timings?: IngestTimings,
): Promise<ChangeResult[]> {
  let started = performance.now();
  const lap = (step: 'validate' | 'known' | 'attachments' | 'bulk' | 'single') => {
    const now = performance.now();
    if (timings) timings[step] += now - started;
    started = now;
  };

  const results: (ChangeResult | undefined)[] = new Array(raws.length);
  const checked: (ValidChange | undefined)[] = raws.map((raw, index) => {
    const outcome = validateChange(raw);
    if ('result' in outcome) results[index] = outcome.result;
    return 'valid' in outcome ? outcome.valid : undefined;
  });
  lap('validate');

  const changeIdAt = (index: number) => (checked[index] as ValidChange).change.changeId;
  /** Answers the changes at `indexes` found processed already: a duplicate, or a reused change id. */
  const answerKnown = (indexes: number[], known: Map<string, ProcessedRow>) => {
    for (const index of indexes) {
      const { change } = checked[index] as ValidChange;
      const row = known.get(change.changeId);
      if (!row) continue;
      results[index] =
        row.account_id === actor.id && row.record_id === change.recordId
          ? { changeId: change.changeId, status: 'duplicate', recordVersion: Number(row.record_version) }
          : changeIdTaken(change.changeId);
    }
  };
  const valid = checked.filter((item): item is ValidChange => item !== undefined);
  const missing = await missingAttachments(
    db,
    valid.map((item) => item.change),
  );
  lap('attachments');

  const bulk: ValidChange[] = [];
  const bulkIndexes: number[] = [];
  const single: number[] = [];
  const seenChanges = new Set<string>();
  const seenRecords = new Set<string>();
  checked.forEach((item, index) => {
    if (!item) return;
    const { change } = item;
    const lacking = attachmentHashes(change.payload).filter((hash) => missing.has(hash));
    if (lacking.length) {
      results[index] = {
        changeId: change.changeId,
        status: 'rejected',
        error: {
          code: 'attachment-missing',
          message: 'Upload this record’s photos before the record.',
          details: { missing: lacking },
        },
      };
      return;
    }
    const fresh = !seenChanges.has(change.changeId) && !seenRecords.has(change.recordId);
    seenChanges.add(change.changeId);
    seenRecords.add(change.recordId);
    if (fresh && change.baseVersion === 0 && BULK_TYPES.has(change.recordType)) {
      bulk.push(item);
      bulkIndexes.push(index);
    } else single.push(index);
  });

  // The changes for one by one that were processed before (a resent push) are answered from one lookup instead
  // of a transaction each; the bulk's own claims find its duplicates.
  answerKnown(single, await processedAlready(db, single.map(changeIdAt)));
  lap('known');

  const applied = await insertNewRecords(db, actor, deviceId, bulk);
  const notApplied = bulkIndexes.filter((index) => {
    const { changeId } = (checked[index] as ValidChange).change;
    if (!applied.has(changeId)) return true;
    results[index] = { changeId, status: 'applied', recordVersion: 1 };
    return false;
  });
  // A change the bulk could not claim was most often being applied by a concurrent push of the same changes (a
  // second tab), which the bulk waited for: it has committed now, so one more lookup answers those.
  answerKnown(notApplied, await processedAlready(db, notApplied.map(changeIdAt)));
  lap('bulk');
  const remaining = [...single, ...notApplied].filter((index) => !results[index]).sort((a, b) => a - b);
  for (const index of remaining) {
    results[index] = await applyChange(db, actor, deviceId, (checked[index] as ValidChange).change);
  }
  lap('single');
  if (timings) {
    timings.bulkCount += applied.size;
    timings.singleCount += remaining.length;
  }
  return results as ChangeResult[];
}
