// The grant pot's running totals (requested, approved), changed only under a row lock on the pot.
import { and, eq, sql } from 'drizzle-orm';
import type { FundsState } from '../../shared/api';
import { FIRST_ROUND_ID, MICRO_GRANT } from '../../shared/programmes';
import type { Database, Transaction } from '../db/connect';
import { funds } from '../db/schema';

export const GRANT_PROGRAMME_ID = MICRO_GRANT.id;

/** Locks the pot row until the transaction ends (SELECT ... FOR UPDATE) and returns it. */
export async function lockPot(tx: Transaction, roundId: string = FIRST_ROUND_ID) {
  const [pot] = await tx
    .select()
    .from(funds)
    .where(and(eq(funds.programmeId, GRANT_PROGRAMME_ID), eq(funds.roundId, roundId)))
    .for('update');
  if (!pot) throw new Error('grant pot missing: reference data not seeded');
  return pot;
}

/** Adds (or with a negative number removes) amounts on the locked pot. Call lockPot first in the same transaction. */
export async function adjustPot(
  tx: Transaction,
  delta: { requestedPence?: number; approvedPence?: number },
  roundId: string = FIRST_ROUND_ID,
) {
  await tx
    .update(funds)
    .set({
      requestedPence: sql`${funds.requestedPence} + ${delta.requestedPence ?? 0}`,
      approvedPence: sql`${funds.approvedPence} + ${delta.approvedPence ?? 0}`,
      updatedAt: new Date(),
    })
    .where(and(eq(funds.programmeId, GRANT_PROGRAMME_ID), eq(funds.roundId, roundId)));
}

export async function readFunds(db: Database): Promise<FundsState[]> {
  const rows = await db.select().from(funds).orderBy(funds.programmeId);
  return rows.map((row) => ({
    programmeId: row.programmeId,
    potPence: row.potPence,
    requestedPence: row.requestedPence,
    approvedPence: row.approvedPence,
    remainingPence: row.potPence - row.approvedPence,
  }));
}
