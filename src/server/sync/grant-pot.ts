// The grant pot of each round (requested, approved, paid), changed only under a row lock on the round's pot, and
// which round a grant application belongs to (the round whose application window holds its received date).
import { and, eq, sql } from 'drizzle-orm';
import type { FundsState } from '../../shared/api';
import { type GrantProgramme, grantRounds, MICRO_GRANT, roundFor } from '../../shared/programmes';
import type { GrantReviewState } from '../../shared/review';
import { COUNTS_AS_APPROVED, RELEASES_REQUEST } from '../../shared/review';
import type { Database, Transaction } from '../db/connect';
import { funds, programmes } from '../db/schema';

export const GRANT_PROGRAMME_ID = MICRO_GRANT.id;

type Reader = Pick<Database, 'select'>;

/** The grant programme's current settings (the seed's until a coordinator saves others). */
export async function loadGrantProgramme(db: Reader): Promise<GrantProgramme> {
  const [row] = await db
    .select({ settings: programmes.settings })
    .from(programmes)
    .where(eq(programmes.id, GRANT_PROGRAMME_ID));
  return (row?.settings as GrantProgramme | undefined) ?? MICRO_GRANT;
}

/** The round a grant application with this received date belongs to; null when none (or no date) holds it. */
export function roundIdFor(programme: GrantProgramme, receivedOn: string | null | undefined): string | null {
  return receivedOn ? (roundFor(programme, receivedOn)?.id ?? null) : null;
}

/** Locks a round's pot row until the transaction ends (SELECT ... FOR UPDATE) and returns it. */
export async function lockPot(tx: Transaction, roundId: string) {
  const [pot] = await tx
    .select()
    .from(funds)
    .where(and(eq(funds.programmeId, GRANT_PROGRAMME_ID), eq(funds.roundId, roundId)))
    .for('update');
  if (!pot) throw new Error(`grant pot of round ${roundId} missing: reference data not seeded`);
  return pot;
}

/** Locks several rounds' pots in one order (by id), so two transactions locking the same pair never deadlock. */
export async function lockPots(tx: Transaction, roundIds: readonly (string | null)[]): Promise<void> {
  const ids = [...new Set(roundIds.filter((id): id is string => id !== null))].sort();
  for (const id of ids) await lockPot(tx, id);
}

export interface PotDelta {
  requestedPence?: number;
  approvedPence?: number;
  paidPence?: number;
}

/** Adds (or with negative numbers removes) amounts on a round's pot. Call lockPot first in the same transaction. */
export async function adjustPot(tx: Transaction, roundId: string, delta: PotDelta) {
  await tx
    .update(funds)
    .set({
      requestedPence: sql`${funds.requestedPence} + ${delta.requestedPence ?? 0}`,
      approvedPence: sql`${funds.approvedPence} + ${delta.approvedPence ?? 0}`,
      paidPence: sql`${funds.paidPence} + ${delta.paidPence ?? 0}`,
      updatedAt: new Date(),
    })
    .where(and(eq(funds.programmeId, GRANT_PROGRAMME_ID), eq(funds.roundId, roundId)));
}

/** What one application counts in its round's pot in a review state (null: never reviewed, so received). */
export function countsFor(state: string | null, amountPence: number) {
  const grantState = (state ?? 'received') as GrantReviewState;
  return {
    requestedPence: RELEASES_REQUEST.includes(grantState) ? 0 : amountPence,
    approvedPence: COUNTS_AS_APPROVED.includes(grantState) ? amountPence : 0,
    paidPence: grantState === 'paid' ? amountPence : 0,
  };
}

/**
 * Every round's pot as tablets receive it, newest round first (the order of the programme's rounds, reversed;
 * a pot row whose round the settings no longer list comes last).
 */
export async function readFunds(db: Reader): Promise<FundsState[]> {
  const [rows, programme] = await Promise.all([
    db.select().from(funds).where(eq(funds.programmeId, GRANT_PROGRAMME_ID)),
    loadGrantProgramme(db),
  ]);
  const order = grantRounds(programme).map((round) => round.id);
  // A row whose round the settings no longer list ranks -1: last.
  const rank = (roundId: string) => order.indexOf(roundId);
  return rows
    .sort((a, b) => rank(b.roundId) - rank(a.roundId) || b.roundId.localeCompare(a.roundId))
    .map((row) => ({
      programmeId: row.programmeId,
      roundId: row.roundId,
      potPence: row.potPence,
      requestedPence: row.requestedPence,
      approvedPence: row.approvedPence,
      remainingPence: row.potPence - row.approvedPence,
    }));
}
