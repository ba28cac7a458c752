// The database's content as a comparable snapshot (row count and a hash of every table's rows), for the API fuzz.
import { sql } from 'drizzle-orm';
import type { Database } from '../../../src/server/db/connect';

/** Per table: `count:md5` of its rows as text in a stable order. */
export type Snapshot = Record<string, string>;

/** Every table of the public schema (drizzle's migration journal lives in its own schema), new ones included. */
export async function tableNames(db: Database): Promise<string[]> {
  const result = await db.execute(
    sql`SELECT table_name FROM information_schema.tables
        WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const rows = (result as unknown as { rows: { table_name: string }[] }).rows;
  return rows.map((row) => row.table_name);
}

/** One query over all `tables`: each one's row count and the md5 of its rows' text, sorted. */
export function snapshotQuery(tables: readonly string[]) {
  const parts = tables.map(
    (table) =>
      `SELECT '${table}' AS t, count(*)::text || ':' || coalesce(md5(string_agg(r::text, ',' ORDER BY r::text)), '') AS h FROM "${table}" r`,
  );
  return sql.raw(parts.join(' UNION ALL '));
}

export async function snapshot(db: Database, tables: readonly string[]): Promise<Snapshot> {
  const result = await db.execute(snapshotQuery(tables));
  const rows = (result as unknown as { rows: { t: string; h: string }[] }).rows;
  return Object.fromEntries(rows.map((row) => [row.t, row.h]));
}

/** The tables whose snapshot differs, leaving out `allowed`. */
export function changedTables(before: Snapshot, after: Snapshot, allowed: readonly string[] = []): string[] {
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names].filter((name) => !allowed.includes(name) && before[name] !== after[name]).sort();
}
