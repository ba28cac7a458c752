// Applies one pushed change in its own transaction with the row that marks its changeId processed.
import { and, eq, inArray } from 'drizzle-orm';
import * as v from 'valibot';
import type { ChangeResult } from '../../shared/api';
import type { ChangeRejectionCode } from '../../shared/error-codes';
import {
  attachmentHashes,
  grantAmountPence,
  PAYLOAD_SCHEMAS,
  payloadShapeProblem,
} from '../../shared/payloads';
import { reviewStateText } from '../../shared/review';
import { type Change, ChangeSchema, PAYLOAD_MAX_BYTES, PAYLOAD_MAX_DEPTH } from '../../shared/sync-protocol';
import type { Actor } from '../auth/tokens';
import type { Database, Transaction } from '../db/connect';
import { attachments, processedChanges, records } from '../db/schema';
import { issueDetails } from '../http/errors';
import { adjustPot, countsFor, loadGrantProgramme, lockPots, roundIdFor } from './grant-pot';

type RecordRow = typeof records.$inferSelect;

export const rejected = (
  changeId: string | null,
  code: ChangeRejectionCode,
  message: string,
  details?: unknown,
): ChangeResult => ({
  changeId,
  status: 'rejected',
  error: details === undefined ? { code, message } : { code, message, details },
});

export const changeIdTaken = (changeId: string) =>
  rejected(changeId, 'change-id-taken', 'This change id was used for another change.');

/** Thrown inside the transaction to roll back what it wrote and answer with this result instead. */
class Refusal {
  constructor(readonly result: ChangeResult) {}
}

/** A change that passed every check, with its payload as the JSON text the database stores. */
export interface ValidChange {
  change: Change;
  payloadJson: string;
}

const utf8Bytes = (text: string) =>
  // A UTF-16 code unit is 1 to 3 UTF-8 bytes (a surrogate pair 4 for 2), so short text needs no counting.
  text.length * 3 <= PAYLOAD_MAX_BYTES ? text.length : Buffer.byteLength(text, 'utf8');

/**
 * Checks a raw change on its own: well-formed envelope, then the payload's nesting and size (without recursion,
 * before anything recurses into it), then the payload rules of its record type. A bad change is answered alone.
 */
export function validateChange(raw: unknown): { valid: ValidChange } | { result: ChangeResult } {
  const envelope = v.safeParse(ChangeSchema, raw);
  if (!envelope.success) {
    const changeId =
      typeof (raw as { changeId?: unknown })?.changeId === 'string'
        ? (raw as { changeId: string }).changeId
        : null;
    return {
      result: rejected(
        changeId,
        'invalid-change',
        'This change is not well formed.',
        issueDetails(envelope.issues),
      ),
    };
  }
  const change = envelope.output;
  const shape = payloadShapeProblem(change.payload, PAYLOAD_MAX_DEPTH);
  if (shape === 'too-deep') {
    return {
      result: rejected(
        change.changeId,
        'payload-too-deep',
        `The record nests deeper than ${PAYLOAD_MAX_DEPTH} levels.`,
        { maxDepth: PAYLOAD_MAX_DEPTH },
      ),
    };
  }
  if (shape === 'unstorable-text') {
    return {
      result: rejected(
        change.changeId,
        'invalid-payload',
        'The record’s answers contain a character that cannot be stored (a NUL or half a surrogate pair).',
      ),
    };
  }
  // Safe now that the depth is bounded; the text is what the database is sent.
  const payloadJson = JSON.stringify(change.payload) ?? 'null';
  const bytes = utf8Bytes(payloadJson);
  if (bytes > PAYLOAD_MAX_BYTES) {
    return {
      result: rejected(
        change.changeId,
        'payload-too-large',
        `The record is ${bytes} bytes; a record may be at most ${PAYLOAD_MAX_BYTES}.`,
        { bytes, maxBytes: PAYLOAD_MAX_BYTES },
      ),
    };
  }
  const payload = v.safeParse(PAYLOAD_SCHEMAS[change.recordType], change.payload);
  if (!payload.success) {
    return {
      result: rejected(
        change.changeId,
        'invalid-payload',
        // The first problem in words, so the worker sees what to correct on the tablet.
        `The record’s answers are not valid: ${payload.issues[0]?.message ?? 'unknown problem'}.`,
        issueDetails(payload.issues),
      ),
    };
  }
  return { valid: { change, payloadJson } };
}

/** The attachment hashes named by these changes that the server does not have. One query for a whole batch. */
export async function missingAttachments(db: Database, changes: Change[]): Promise<Set<string>> {
  const wanted = [...new Set(changes.flatMap((change) => attachmentHashes(change.payload)))];
  if (wanted.length === 0) return new Set();
  const present = await db
    .select({ sha256: attachments.sha256 })
    .from(attachments)
    .where(inArray(attachments.sha256, wanted));
  const have = new Set(present.map((row) => row.sha256));
  return new Set(wanted.filter((hash) => !have.has(hash)));
}

/** The columns applying a change decides by (not the payload: no need to read it back). */
const STATE_COLUMNS = {
  id: records.id,
  type: records.type,
  ownerId: records.ownerId,
  version: records.version,
  payload: records.payload,
  updatedAt: records.updatedAt,
  reviewState: records.reviewState,
  countedRequestPence: records.countedRequestPence,
  roundId: records.roundId,
};
type RecordState = Pick<RecordRow, keyof typeof STATE_COLUMNS>;

async function lockRecord(tx: Transaction, id: string): Promise<RecordState | undefined> {
  const [row] = await tx.select(STATE_COLUMNS).from(records).where(eq(records.id, id)).for('update');
  return row;
}

/**
 * Keeps a grant application's round and its round's requested total in step with its amount and received date
 * (0 while declined; no pot while no round holds the date). A new received date moves the request to the new
 * round's pot; both pots are locked, in id order. Applications in an approved or paid state never reach here
 * (they can no longer change), so only `requested` moves.
 */
async function countRequest(
  tx: Transaction,
  row: RecordState,
  payload: unknown,
): Promise<{ countedRequestPence: number; roundId: string | null }> {
  if (row.type !== 'grant-application') return { countedRequestPence: 0, roundId: null };
  const programme = await loadGrantProgramme(tx);
  const roundId = roundIdFor(programme, receivedOnOf(payload));
  const wanted = roundId === null ? 0 : countsFor(row.reviewState, grantAmountPence(payload)).requestedPence;
  if (roundId === row.roundId && wanted === row.countedRequestPence) {
    return { countedRequestPence: wanted, roundId };
  }
  await lockPots(tx, [row.roundId, roundId]);
  if (row.roundId !== null && row.countedRequestPence !== 0) {
    await adjustPot(tx, row.roundId, { requestedPence: -row.countedRequestPence });
  }
  if (roundId !== null && wanted !== 0) await adjustPot(tx, roundId, { requestedPence: wanted });
  return { countedRequestPence: wanted, roundId };
}

/** The paper form's received date in a grant application's answers (as records.received_on reads it). */
function receivedOnOf(payload: unknown): string | null {
  const received = (payload as { answers?: { receivedOn?: unknown } } | null)?.answers?.receivedOn;
  return typeof received === 'string' ? received : null;
}

/**
 * Review states in which a record can no longer change from the tablet: a decided application (its pot counts
 * are fixed), and the sign-up states the decisions before review states became (approved: enrolled; declined:
 * not eligible).
 */
const DECIDED_STATES: readonly string[] = ['approved', 'declined', 'paid', 'enrolled', 'not-eligible'];

/**
 * Whether the record's current server `version` was made by one of the changes `change` supersedes (sent by this
 * tablet, answer lost, then edited again): then `change` was made on top of it and is no conflict. Inside the
 * transaction holding the record's lock, so the version cannot move meanwhile.
 */
async function madeBySuperseded(
  tx: Transaction,
  actor: Actor,
  change: Change,
  version: number,
): Promise<boolean> {
  if (!change.supersedes?.length) return false;
  const [made] = await tx
    .select({ changeId: processedChanges.changeId })
    .from(processedChanges)
    .where(
      and(
        inArray(processedChanges.changeId, change.supersedes),
        eq(processedChanges.recordId, change.recordId),
        eq(processedChanges.accountId, actor.id),
        eq(processedChanges.recordVersion, version),
      ),
    )
    .limit(1);
  return made !== undefined;
}

/**
 * Applies a validated change for `actor`. Exactly once per changeId: a change already processed is answered
 * `duplicate` with its stored version. A change from behind the server's version is a `conflict` carrying the
 * server's copy, unless that version was made by a change it supersedes (the same tablet's, answer lost); one
 * that breaks a rule is `rejected` and writes nothing. Only a database fault throws.
 */
export async function applyChange(
  db: Database,
  actor: Actor,
  deviceId: string,
  change: Change,
): Promise<ChangeResult> {
  const now = new Date();
  try {
    return await db.transaction(async (tx) => {
      let row: RecordState | undefined;
      let created = false;
      if (change.baseVersion === 0) {
        // The common case, a record the server has not seen: insert it straight away. A new row cannot have a
        // processed change yet, so an insert that lands needs no lock and no duplicate check.
        const inserted = await tx
          .insert(records)
          .values({
            id: change.recordId,
            type: change.recordType,
            ownerId: actor.id,
            deviceId,
            version: 1,
            payload: change.payload,
            clientUpdatedAt: new Date(change.clientUpdatedAt),
            receivedAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: records.id });
        created = inserted.length > 0;
        if (created) {
          row = {
            id: change.recordId,
            type: change.recordType,
            ownerId: actor.id,
            version: 1,
            payload: change.payload,
            updatedAt: now,
            reviewState: null,
            countedRequestPence: 0,
            roundId: null,
          };
        }
      }
      if (!created) {
        // The record exists (or another transaction is inserting it): lock it, waiting for that transaction,
        // then a change already applied is answered with its stored result.
        row = await lockRecord(tx, change.recordId);
        const [processed] = await tx
          .select()
          .from(processedChanges)
          .where(eq(processedChanges.changeId, change.changeId));
        if (processed) {
          if (processed.accountId !== actor.id || processed.recordId !== change.recordId) {
            throw new Refusal(changeIdTaken(change.changeId));
          }
          return { changeId: change.changeId, status: 'duplicate', recordVersion: processed.recordVersion };
        }
      }

      if (!row) {
        return rejected(
          change.changeId,
          'record-not-on-server',
          'This change edits a version the central team never received. Send the record again from the start.',
        );
      }
      if (row.ownerId !== actor.id) {
        return rejected(change.changeId, 'not-your-record', 'This record belongs to another worker.');
      }
      if (row.type !== change.recordType) {
        return rejected(
          change.changeId,
          'record-type-mismatch',
          `This record is a ${row.type}, not a ${change.recordType}.`,
        );
      }

      let version = row.version;
      if (!created) {
        // Behind the server, unless its version came from a change this one replaced (this tablet's, answer lost).
        if (change.baseVersion < row.version && !(await madeBySuperseded(tx, actor, change, row.version))) {
          return {
            changeId: change.changeId,
            status: 'conflict',
            recordVersion: row.version,
            error: {
              code: 'version-conflict',
              message: 'The central copy changed since this tablet last saw it.',
            },
            server: { version: row.version, payload: row.payload, updatedAt: row.updatedAt.toISOString() },
          };
        }
        if (change.baseVersion > row.version) {
          return rejected(
            change.changeId,
            'base-version-ahead',
            'This change is based on a version the server never had.',
          );
        }
        if (row.reviewState !== null && DECIDED_STATES.includes(row.reviewState)) {
          return rejected(
            change.changeId,
            'record-already-decided',
            `The central team marked this record “${reviewStateText(row.reviewState)}”, so it can no longer change.`,
          );
        }
        version = row.version + 1;
      }

      const counted = await countRequest(tx, row, change.payload);
      if (!created || counted.countedRequestPence !== 0 || counted.roundId !== null) {
        await tx
          .update(records)
          .set({
            version,
            payload: change.payload,
            deviceId,
            clientUpdatedAt: new Date(change.clientUpdatedAt),
            updatedAt: now,
            countedRequestPence: counted.countedRequestPence,
            roundId: counted.roundId,
          })
          .where(eq(records.id, row.id));
      }
      // The change id marks this change processed. Taken already (another record's change, or another worker's)
      // means the id was reused: refused, and the record written above rolls back with it.
      const marked = await tx
        .insert(processedChanges)
        .values({
          changeId: change.changeId,
          recordId: change.recordId,
          accountId: actor.id,
          recordVersion: version,
          processedAt: now,
        })
        .onConflictDoNothing()
        .returning({ changeId: processedChanges.changeId });
      if (marked.length === 0) throw new Refusal(changeIdTaken(change.changeId));
      return { changeId: change.changeId, status: 'applied', recordVersion: version };
    });
  } catch (error) {
    if (error instanceof Refusal) return error.result;
    throw error;
  }
}
