// Seeds the areas table (LSOA 2021 neighbourhoods with district, IMD 2025 decile and population) from the IoD2025
// extract the app ships, read with the same parser as the build step.
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { areaDataSource } from '../../../scripts/area-data-plugin';
import { type ImdRow, parseImdRows } from '../../shared/eligibility/imd-csv';
import type { Database } from './connect';

/** The extract's rows, read once per process. */
let rows: ImdRow[] | null = null;

export function imdRows(): ImdRow[] {
  rows ??= parseImdRows(readFileSync(areaDataSource(), 'utf8'));
  return rows;
}

/**
 * Inserts the neighbourhoods the table lacks in one statement (arrays through unnest), leaving rows already there
 * as they are. Idempotent, and cheap enough to run at every start (720 rows).
 */
export async function ensureAreas(db: Pick<Database, 'execute'>): Promise<void> {
  const source = imdRows();
  await db.execute(sql`
    INSERT INTO areas (lsoa_code, name, district_code, imd_decile, population)
    SELECT * FROM unnest(
      ${sql.param(source.map((row) => row.code))}::text[],
      ${sql.param(source.map((row) => row.name))}::text[],
      ${sql.param(source.map((row) => row.districtCode))}::text[],
      ${sql.param(source.map((row) => row.imdDecile))}::smallint[],
      ${sql.param(source.map((row) => row.population))}::integer[]
    )
    ON CONFLICT (lsoa_code) DO NOTHING
  `);
}
