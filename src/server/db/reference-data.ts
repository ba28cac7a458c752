// Seeds the reference data a new database needs: the two programmes and their first versions, each round's grant
// pot and the change counter.
import { sql } from 'drizzle-orm';
import { grantRounds, type Programme, SEED_PROGRAMMES } from '../../shared/programmes';
import { ensureAreas } from './areas';
import type { Database } from './connect';
import { counters, funds, programmes, programmeVersions } from './schema';

/**
 * Inserts what is missing and never overwrites what a coordinator has since changed. Idempotent. Each programme's
 * current settings have their row in programme_versions, and every round of the current grant settings its pot row.
 */
export async function ensureReferenceData(db: Database): Promise<void> {
  await db.insert(counters).values({ name: 'changes', value: 0 }).onConflictDoNothing();
  await ensureAreas(db);
  for (const seed of SEED_PROGRAMMES) {
    await db
      .insert(programmes)
      .values({ id: seed.id, version: seed.version, settings: seed })
      .onConflictDoNothing();
  }
  for (const programme of await loadProgrammes(db)) {
    await db
      .insert(programmeVersions)
      .values({ programmeId: programme.id, version: programme.version, settings: programme })
      .onConflictDoNothing();
    if (programme.kind === 'grant') {
      for (const round of grantRounds(programme)) {
        await db
          .insert(funds)
          .values({ programmeId: programme.id, roundId: round.id, potPence: round.potPence })
          .onConflictDoNothing();
      }
    }
  }
}

export async function loadProgrammes(db: Database): Promise<Programme[]> {
  const rows = await db.select().from(programmes).orderBy(programmes.id);
  return rows.map((row) => row.settings as Programme);
}

/** Bumps and returns the change counter. Must run inside the write transaction it orders: the row lock it takes
 * is held to commit, so cursor order is commit order. */
export async function nextChangeCursor(tx: Pick<Database, 'execute'>): Promise<number> {
  const result = await tx.execute<{ value: string | number }>(
    sql`UPDATE counters SET value = value + 1 WHERE name = 'changes' RETURNING value`,
  );
  const row = (result as unknown as { rows: { value: string | number }[] }).rows[0];
  if (!row) throw new Error('change counter missing');
  return Number(row.value);
}
