// A record's page for coordinators (GET /records/{id}): its list row, the record with bank details masked, the
// tablet's eligibility result beside the server's re-check, photos, allowed review moves, round and history; and
// revealing the bank details, audited (POST /records/{id}/reveal-bank).
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { BankDetails, RecordDetail, RecordEvent, RecordEventKind } from '../../shared/console';
import type { EligibilityCheckPayload } from '../../shared/eligibility/check-record';
import type { EligibilityResult, Override } from '../../shared/eligibility/types';
import { newId } from '../../shared/ids';
import { type GrantProgramme, grantRounds } from '../../shared/programmes';
import { isReviewableType, movesFrom, type ReviewState } from '../../shared/review';
import type { Database } from '../db/connect';
import { loadProgrammes } from '../db/reference-data';
import { accounts, attachments, processedChanges, recordEvents, records } from '../db/schema';
import { recheckEligibility } from '../eligibility/recheck';
import { ApiError } from '../http/errors';
import { listItemById } from './record-list';
import { approvalNeedsReason } from './review';
import { toServerRecord } from './server-record';

/** Digits of a bank detail left visible when masked (the rest are bullets): enough to match a statement. */
const VISIBLE_DIGITS = { sortCode: 2, accountNumber: 4 } as const;
const BULLETS = '••••';

/** "••••5678": the last digits only, however many the value had. */
export const maskDigits = (value: string, visible: number): string => `${BULLETS}${value.slice(-visible)}`;

type RecordRow = typeof records.$inferSelect;

const notFound = () => new ApiError(404, 'record-not-found', 'There is no record with that id.');

async function readRow(db: Database, id: string): Promise<RecordRow> {
  const [row] = await db.select().from(records).where(eq(records.id, id));
  if (!row) throw notFound();
  return row;
}

/** The payload with the sort code and account number masked, and no typing kept from a draft. */
function maskedPayload(payload: unknown): unknown {
  if (!payload || typeof payload !== 'object') return payload;
  const { typing: _typing, ...rest } = payload as Record<string, unknown>;
  const answers = rest.answers as Record<string, unknown> | undefined;
  if (!answers || typeof answers !== 'object') return rest;
  const masked: Record<string, unknown> = { ...answers };
  for (const field of ['sortCode', 'accountNumber'] as const) {
    const value = masked[field];
    if (typeof value === 'string' && value !== '') masked[field] = maskDigits(value, VISIBLE_DIGITS[field]);
  }
  delete masked.accountNumberAgain;
  return { ...rest, answers: masked };
}

/** The tablet's result: a check's own, or the latest check started from this record. */
async function tabletCheck(
  db: Database,
  row: RecordRow,
): Promise<{ result: EligibilityResult | null; override: Override | null; checkId: string | null }> {
  let check: { id: string; payload: unknown } | undefined = row;
  if (row.type !== 'eligibility-check') {
    [check] = await db
      .select({ id: records.id, payload: records.payload })
      .from(records)
      .where(and(eq(records.type, 'eligibility-check'), eq(records.sourceId, row.id)))
      .orderBy(desc(records.createdAt), desc(records.id))
      .limit(1);
  }
  if (!check) return { result: null, override: null, checkId: null };
  const payload = check.payload as Partial<EligibilityCheckPayload>;
  return { result: payload.result ?? null, override: payload.override ?? null, checkId: check.id };
}

async function photosOf(db: Database, payload: unknown): Promise<RecordDetail['photos']> {
  const named = (payload as { attachments?: unknown }).attachments;
  if (!Array.isArray(named)) return [];
  const hashes = named
    .map((entry) => (entry as { sha256?: unknown }).sha256)
    .filter((hash): hash is string => typeof hash === 'string');
  if (hashes.length === 0) return [];
  const stored = await db
    .select({ sha256: attachments.sha256, size: attachments.size, mediaType: attachments.mediaType })
    .from(attachments)
    .where(inArray(attachments.sha256, hashes));
  const byHash = new Map(stored.map((photo) => [photo.sha256, photo]));
  return hashes.flatMap((hash) => byHash.get(hash) ?? []);
}

async function roundOf(db: Database, roundId: string | null): Promise<RecordDetail['round']> {
  if (!roundId) return null;
  const grant = (await loadProgrammes(db)).find((p): p is GrantProgramme => p.kind === 'grant');
  const round = grant ? grantRounds(grant).find((r) => r.id === roundId) : undefined;
  return { id: roundId, name: round?.name ?? roundId };
}

/**
 * Tablet versions arriving (version 1 received, later ones updated, by the pushing account) merged with the audit
 * trail (review moves, bank reveals), oldest first.
 */
async function historyOf(db: Database, recordId: string): Promise<RecordEvent[]> {
  const [pushes, events] = await Promise.all([
    db
      .select({
        at: processedChanges.processedAt,
        version: processedChanges.recordVersion,
        actorId: processedChanges.accountId,
        actorName: sql<string>`coalesce(${accounts.username}, '')`,
      })
      .from(processedChanges)
      .leftJoin(accounts, eq(accounts.id, processedChanges.accountId))
      .where(eq(processedChanges.recordId, recordId))
      .orderBy(asc(processedChanges.processedAt), asc(processedChanges.recordVersion)),
    db
      .select({
        at: recordEvents.at,
        kind: recordEvents.kind,
        actorId: recordEvents.actorId,
        actorName: accounts.username,
        fromState: recordEvents.fromState,
        toState: recordEvents.toState,
        note: recordEvents.note,
        reason: recordEvents.reason,
      })
      .from(recordEvents)
      .innerJoin(accounts, eq(accounts.id, recordEvents.actorId))
      .where(eq(recordEvents.recordId, recordId))
      .orderBy(asc(recordEvents.at), asc(recordEvents.id)),
  ]);
  const history: RecordEvent[] = [
    ...pushes.map((push) => ({
      at: push.at.toISOString(),
      kind: (push.version === 1 ? 'received' : 'updated') as RecordEventKind,
      actorId: push.actorId,
      actorName: push.actorName,
      fromState: null,
      toState: null,
      note: null,
      reason: null,
      version: push.version,
    })),
    ...events.map((event) => ({
      at: event.at.toISOString(),
      kind: event.kind as RecordEventKind,
      actorId: event.actorId,
      actorName: event.actorName,
      fromState: event.fromState as ReviewState | null,
      toState: event.toState as ReviewState | null,
      note: event.note,
      reason: event.reason,
      version: null,
    })),
  ];
  // A stable sort: at equal times, arrivals (listed first) come before what coordinators did.
  return history.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** GET /records/{id}. */
export async function recordDetail(db: Database, id: string): Promise<RecordDetail> {
  const row = await readRow(db, id);
  const [item, tablet, serverEligibility, photos, round, history] = await Promise.all([
    listItemById(db, id),
    tabletCheck(db, row),
    recheckEligibility(db, row.type, row.payload),
    photosOf(db, row.payload),
    roundOf(db, row.roundId),
    historyOf(db, id),
  ]);
  if (!item) throw notFound();
  const record = toServerRecord(row);
  return {
    item,
    record: { ...record, payload: maskedPayload(record.payload) },
    tabletEligibility: tablet.result,
    tabletOverride: tablet.override,
    tabletCheckId: tablet.checkId,
    serverEligibility,
    photos,
    allowedMoves: isReviewableType(row.type)
      ? [...movesFrom(row.type, row.reviewState as ReviewState | null)]
      : [],
    approvalNeedsReason: row.type === 'grant-application' && approvalNeedsReason(serverEligibility),
    round,
    history,
  };
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/**
 * POST /records/{id}/reveal-bank: the unmasked bank details, with a `bank-revealed` row in the audit trail written
 * in the same transaction (no reveal without its row).
 */
export async function revealBankDetails(
  db: Database,
  input: { recordId: string; coordinatorId: string },
): Promise<BankDetails> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ type: records.type, payload: records.payload })
      .from(records)
      .where(eq(records.id, input.recordId));
    if (!row) throw notFound();
    if (row.type !== 'grant-application') {
      throw new ApiError(400, 'invalid-type', 'Only grant applications have bank details.');
    }
    await tx.insert(recordEvents).values({
      id: newId(),
      recordId: input.recordId,
      actorId: input.coordinatorId,
      kind: 'bank-revealed',
    });
    const answers = ((row.payload as { answers?: Record<string, unknown> }).answers ?? {}) as Record<
      string,
      unknown
    >;
    return {
      accountName: text(answers.accountName),
      sortCode: text(answers.sortCode),
      accountNumber: text(answers.accountNumber),
      buildingSocietyRoll: text(answers.buildingSocietyRoll),
    };
  });
}
