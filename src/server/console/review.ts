// A coordinator's review of a record, with its audit trail: one move checked against REVIEW_MOVES, the grant pot
// of the application's round moved under its row lock, the change counter bumped for the worker's pull, and a
// record_events row (who, when, from, to, note, reason). Bulk review moves each record in its own transaction.
import { eq } from 'drizzle-orm';
import type { BulkReviewRequest, BulkReviewResponse } from '../../shared/console';
import { formatPence } from '../../shared/eligibility/format';
import type { EligibilityResult } from '../../shared/eligibility/types';
import { newId } from '../../shared/ids';
import { grantAmountPence } from '../../shared/payloads';
import { grantRounds } from '../../shared/programmes';
import {
  COUNTS_AS_APPROVED,
  type GrantReviewState,
  INITIAL_REVIEW_STATE,
  isReviewableType,
  movesFrom,
  type ReviewState,
  reviewStateText,
} from '../../shared/review';
import type { Database, Transaction } from '../db/connect';
import { nextChangeCursor } from '../db/reference-data';
import { recordEvents, records } from '../db/schema';
import { recheckEligibility } from '../eligibility/recheck';
import { ApiError } from '../http/errors';
import { adjustPot, countsFor, loadGrantProgramme, lockPot } from '../sync/grant-pot';

type RecordRow = typeof records.$inferSelect;

export interface ReviewInput {
  recordId: string;
  state: ReviewState;
  /** The state the coordinator saw (null: never reviewed); undefined: not checked. */
  expected?: ReviewState | null | undefined;
  note?: string | undefined;
  reason?: string | undefined;
  reviewerId: string;
}

/**
 * Whether approving an application needs a stated reason: the server's re-check (recheckEligibility) does not
 * find it eligible. The record page's `approvalNeedsReason` should say the same.
 */
export const approvalNeedsReason = (recheck: EligibilityResult | null): boolean =>
  recheck !== null && recheck.outcome !== 'eligible';

/** Empty or blank text is no text. */
const text = (value: string | undefined): string | null =>
  value && value.trim() !== '' ? value.trim() : null;

/**
 * Moves the grant application's round pot from what the record counts now to what `state` counts, refusing an
 * approval outside every round (409 `outside-round`) or past the round's pot (409 `pot-exceeded`). Returns the
 * record's new counts. Runs inside the review's transaction, after the record's row lock.
 */
async function movePot(tx: Transaction, row: RecordRow, state: GrantReviewState) {
  const amount = grantAmountPence(row.payload);
  const approving = COUNTS_AS_APPROVED.includes(state);
  if (row.roundId === null) {
    // Outside every round the application counts in no pot, so nothing can be approved or paid from one.
    if (approving) {
      throw new ApiError(
        409,
        'outside-round',
        'This application was received outside every round’s application window, so it cannot be approved. Correct its received date on the tablet, or open a round that holds it.',
        { receivedOn: row.receivedOn },
      );
    }
    return { countedRequestPence: 0, countedApprovedPence: 0, countedPaidPence: 0 };
  }
  const target = countsFor(state, amount);
  const delta = {
    requestedPence: target.requestedPence - row.countedRequestPence,
    approvedPence: target.approvedPence - row.countedApprovedPence,
    paidPence: target.paidPence - row.countedPaidPence,
  };
  if (delta.requestedPence !== 0 || delta.approvedPence !== 0 || delta.paidPence !== 0) {
    const pot = await lockPot(tx, row.roundId);
    const remaining = pot.potPence - pot.approvedPence;
    // Only a rise in approved can pass the pot; releasing never does.
    if (delta.approvedPence > 0 && delta.approvedPence > remaining) {
      const programme = await loadGrantProgramme(tx);
      const round = grantRounds(programme).find((r) => r.id === row.roundId);
      const name = round?.name ?? row.roundId;
      throw new ApiError(
        409,
        'pot-exceeded',
        `Approving ${formatPence(amount)} would take the ${name} round past its pot: ${formatPence(Math.max(remaining, 0))} is left of ${formatPence(pot.potPence)}.`,
        {
          roundId: row.roundId,
          potPence: pot.potPence,
          approvedPence: pot.approvedPence,
          remainingPence: remaining,
          amountPence: amount,
        },
      );
    }
    await adjustPot(tx, row.roundId, delta);
  }
  return {
    countedRequestPence: target.requestedPence,
    countedApprovedPence: target.approvedPence,
    countedPaidPence: target.paidPence,
  };
}

/** Moves one record, in its own transaction. Returns the row as stored after the move. */
export async function reviewRecord(db: Database, input: ReviewInput): Promise<RecordRow> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(records).where(eq(records.id, input.recordId)).for('update');
    // The lock holds the record until commit: concurrent moves of it run one after the other.
    if (!row) throw new ApiError(404, 'record-not-found', 'There is no record with that id.');
    // Checks are evidence beside a sign-up or application, never reviewed themselves.
    if (!isReviewableType(row.type)) {
      throw new ApiError(
        422,
        'not-reviewable',
        'Eligibility checks are not reviewed: review the sign-up or application the check was made for.',
      );
    }
    const from = (row.reviewState as ReviewState | null) ?? null;
    const current = from ?? INITIAL_REVIEW_STATE[row.type];
    // `expected` null and the type's initial state both mean "never moved" as the console shows it.
    if (input.expected !== undefined && (input.expected ?? INITIAL_REVIEW_STATE[row.type]) !== current) {
      throw new ApiError(
        409,
        'review-stale',
        `Someone else moved this record to “${reviewStateText(current)}” since you looked: reload it and decide again.`,
        { currentState: current },
      );
    }
    const allowed = movesFrom(row.type, from);
    // Only REVIEW_MOVES' moves (a state of the other type, or the same state again, is never one).
    if (!allowed.includes(input.state)) {
      throw new ApiError(
        409,
        'review-move-refused',
        allowed.length === 0
          ? `A record marked “${reviewStateText(current)}” cannot be moved.`
          : `A record marked “${reviewStateText(current)}” can be moved to ${allowed.map((s) => `“${reviewStateText(s)}”`).join(' or ')} only.`,
        { from: current, allowed },
      );
    }
    const reason = text(input.reason);
    let counts = {
      countedRequestPence: row.countedRequestPence,
      countedApprovedPence: row.countedApprovedPence,
      countedPaidPence: row.countedPaidPence,
    };
    if (row.type === 'grant-application') {
      // The re-check reads through this transaction (PGlite has one connection, which the transaction holds).
      const recheck =
        input.state === 'approved' ? await recheckEligibility(tx as Database, row.type, row.payload) : null;
      counts = await movePot(tx, row, input.state as GrantReviewState);
      // Checked after the pot, so an approval past the pot is told that first, whatever the reason.
      if (recheck && approvalNeedsReason(recheck) && reason === null) {
        throw new ApiError(
          422,
          'reason-required',
          'The server’s re-check does not find this application eligible: say why you are approving it.',
          { outcome: recheck.outcome, reasons: recheck.reasons.filter((r) => r.status !== 'met') },
        );
      }
    }
    const cursor = await nextChangeCursor(tx);
    const now = new Date();
    const note = text(input.note);
    const [updated] = await tx
      .update(records)
      .set({
        reviewState: input.state,
        reviewNote: note,
        reviewedBy: input.reviewerId,
        reviewedAt: now,
        reviewCursor: cursor,
        updatedAt: now,
        ...counts,
      })
      .where(eq(records.id, row.id))
      .returning();
    await tx.insert(recordEvents).values({
      id: newId(),
      recordId: row.id,
      at: now,
      actorId: input.reviewerId,
      kind: 'review',
      fromState: current,
      toState: input.state,
      note,
      reason,
    });
    return updated as RecordRow;
  });
}

/**
 * One move for a selection: each record in its own transaction, in the order given (an id given twice once), so
 * one refused record never blocks the others. Refusals come back with their code and message.
 */
export async function bulkReview(
  db: Database,
  request: BulkReviewRequest,
  reviewerId: string,
): Promise<BulkReviewResponse> {
  const answer: BulkReviewResponse = { saved: [], failed: [] };
  for (const id of new Set(request.ids)) {
    try {
      await reviewRecord(db, {
        recordId: id,
        state: request.state,
        note: request.note,
        reason: request.reason,
        reviewerId,
      });
      answer.saved.push(id);
    } catch (error) {
      // A database fault is the server's, not this record's: it answers 500 for the whole request.
      if (!(error instanceof ApiError)) throw error;
      answer.failed.push({ id, code: error.code, message: error.message });
    }
  }
  return answer;
}
