// Reach: who the programme reaches, counted in the database (sign-ups by IMD decile, district and week against
// the population's share per decile; referrals per partner; grants by district and decile), one aggregate per part.
import { type SQL, sql } from 'drizzle-orm';
import { REACH_PARTNERS, type ReachQuery, type ReachResponse } from '../../shared/console';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../shared/programmes';
import type { Database } from '../db/connect';

/** Dates in a reach query, and the weeks the counts fall in, are UK dates. */
export const REACH_TIME_ZONE = 'Europe/London';
export const DECILES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] as const;
const DAY_MS = 86_400_000;

/** The decile and district keys of the answer, in its fixed order: 1..10, then "not known". */
const DECILE_KEYS: (number | null)[] = [...DECILES, null];

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Records made from `from` to `to` inclusive, as UK dates; sargable on records_type_created_idx. */
function madeWithin(query: ReachQuery): SQL {
  const conditions = [sql`true`];
  if (query.from) {
    conditions.push(sql`r.created_at >= (${query.from}::date::timestamp AT TIME ZONE ${REACH_TIME_ZONE})`);
  }
  if (query.to) {
    conditions.push(sql`r.created_at < ((${query.to}::date + 1)::timestamp AT TIME ZONE ${REACH_TIME_ZONE})`);
  }
  return sql.join(conditions, sql` AND `);
}

/**
 * `placed`: the records of a type made in the range with their neighbourhood's district and decile. The
 * neighbourhood is the postcode's in postcode_places, else one the worker picked (on the record itself, or on the
 * newest eligibility check started from it); with neither, both are null. The check is looked up inside COALESCE,
 * which evaluates it only for a record the earlier arguments left without a neighbourhood (one index probe on
 * records_source_idx each), so records the lookup places cost no probe.
 */
function placedRecords(type: 'signup' | 'grant-application', query: ReachQuery): SQL {
  return sql`
    WITH located AS (
      SELECT
        date_trunc('week', r.created_at AT TIME ZONE ${REACH_TIME_ZONE}) AS week,
        r.amount_pence,
        r.counted_approved_pence,
        place.district_code AS place_district_code,
        coalesce(place.lsoa_code, r.picked_area_code, (
          SELECT c.picked_area_code FROM records c
          WHERE c.source_id = r.id::text AND c.type = 'eligibility-check' AND c.picked_area_code IS NOT NULL
          ORDER BY c.id DESC
          LIMIT 1
        )) AS lsoa_code
      FROM records r
      LEFT JOIN postcode_places place ON place.postcode = r.postcode_key
      WHERE r.type = ${type} AND ${madeWithin(query)}
    ),
    placed AS (
      SELECT week, amount_pence, counted_approved_pence,
        coalesce(place_district_code, area.district_code) AS district_code,
        area.imd_decile::int AS decile
      FROM located LEFT JOIN areas area ON area.lsoa_code = located.lsoa_code
    )`;
}

/** The nine districts in their usual order, then any other district the counts name, then "not known". */
function districtKeys(seen: Iterable<string | null>): (string | null)[] {
  const nine: string[] = Object.keys(MID_AND_SOUTH_ESSEX_DISTRICTS);
  const others = [...new Set(seen)]
    .filter((code): code is string => code !== null && !nine.includes(code))
    .sort();
  return [...nine, ...others, null];
}

/** Every Monday from `first` to `last` (YYYY-MM-DD, both Mondays), in order. */
function mondays(first: string, last: string): string[] {
  const weeks: string[] = [];
  for (let at = Date.parse(`${first}T00:00:00Z`); at <= Date.parse(`${last}T00:00:00Z`); at += 7 * DAY_MS) {
    weeks.push(new Date(at).toISOString().slice(0, 10));
  }
  return weeks;
}

/** `key` for a Map of nullable keys. */
const keyOf = (value: string | number | null): string => (value === null ? 'null' : String(value));

interface SignupRow {
  grouping: number;
  decile: number | null;
  district_code: string | null;
  week: string | null;
  count: number;
}

/**
 * Sign-ups by decile, by district and by week and decile: ONE scan, counted per (decile, district, week) cell with
 * a hash aggregate, then the few cells summed by grouping sets (no sort of every record). `grouping(decile,
 * district_code, week)` tells the sets apart: 3 is (decile), 5 is (district), 2 is (week, decile).
 */
async function signupCounts(db: Database, query: ReachQuery): Promise<ReachResponse['signups']> {
  const [rows, population] = await Promise.all([
    db
      .execute(sql`
        ${placedRecords('signup', query)}
        , cells AS (
          SELECT decile, district_code, week, count(*)::int AS count
          FROM placed GROUP BY decile, district_code, week
        )
        SELECT grouping(decile, district_code, week)::int AS grouping, decile, district_code,
          to_char(week, 'YYYY-MM-DD') AS week, sum(count)::int AS count
        FROM cells
        GROUP BY GROUPING SETS ((decile), (district_code), (week, decile))`)
      .then((result) => rowsOf<SignupRow>(result)),
    populationByDecile(db),
  ]);
  const byDecile = new Map<string, number>();
  const byDistrict = new Map<string, number>();
  const byWeek = new Map<string, Map<string, number>>();
  for (const row of rows) {
    if (row.grouping === 3) byDecile.set(keyOf(row.decile), row.count);
    else if (row.grouping === 5) byDistrict.set(keyOf(row.district_code), row.count);
    else if (row.grouping === 2 && row.week !== null) {
      const week = byWeek.get(row.week) ?? new Map<string, number>();
      week.set(keyOf(row.decile), row.count);
      byWeek.set(row.week, week);
    }
  }
  const totalPopulation = [...population.values()].reduce((sum, people) => sum + people, 0);
  const weeks = [...byWeek.keys()].sort();
  return {
    total: [...byDecile.values()].reduce((sum, count) => sum + count, 0),
    byDecile: DECILE_KEYS.map((decile) => ({
      decile,
      count: byDecile.get(keyOf(decile)) ?? 0,
      populationShare:
        decile === null || totalPopulation === 0 ? null : (population.get(decile) ?? 0) / totalPopulation,
    })),
    byDistrict: districtKeys(rows.filter((row) => row.grouping === 5).map((row) => row.district_code)).map(
      (districtCode) => ({ districtCode, count: byDistrict.get(keyOf(districtCode)) ?? 0 }),
    ),
    byWeek:
      weeks.length === 0
        ? []
        : mondays(weeks[0] as string, weeks.at(-1) as string).map((weekStart) => ({
            weekStart,
            byDecile: DECILE_KEYS.map((decile) => ({
              decile,
              count: byWeek.get(weekStart)?.get(keyOf(decile)) ?? 0,
            })),
          })),
  };
}

/** People per IMD decile across the seeded neighbourhoods (the nine districts). */
async function populationByDecile(db: Database): Promise<Map<number, number>> {
  const result = await db.execute(
    sql`SELECT imd_decile::int AS decile, sum(population)::float8 AS people FROM areas GROUP BY imd_decile`,
  );
  return new Map(rowsOf<{ decile: number; people: number }>(result).map((row) => [row.decile, row.people]));
}

/** Sign-ups asking for each partner: one scan, one containment test per partner (a sign-up counts once). */
async function referralCounts(db: Database, query: ReachQuery): Promise<ReachResponse['referrals']> {
  const columns = REACH_PARTNERS.map(
    ({ value }, index) =>
      sql`count(*) FILTER (WHERE r.payload->'answers'->'partnerSupport' @> ${JSON.stringify([value])}::jsonb)::int AS ${sql.identifier(`p${index}`)}`,
  );
  const result = await db.execute(sql`
    SELECT ${sql.join(columns, sql`, `)}
    FROM records r
    WHERE r.type = 'signup' AND ${madeWithin(query)}`);
  const row = rowsOf<Record<string, number>>(result)[0] ?? {};
  return REACH_PARTNERS.map(({ value }, index) => ({ partner: value, count: row[`p${index}`] ?? 0 }));
}

interface GrantRow {
  grouping: number;
  decile: number | null;
  district_code: string | null;
  count: number;
  requested: number;
  approved: number;
}

/**
 * Grant applications by district and by decile: one scan into (decile, district) cells, summed by grouping sets
 * (1 is (decile), 2 is (district)).
 */
async function grantCounts(db: Database, query: ReachQuery): Promise<ReachResponse['grants']> {
  const result = await db.execute(sql`
    ${placedRecords('grant-application', query)}
    , cells AS (
      SELECT decile, district_code, count(*) AS count, coalesce(sum(amount_pence), 0) AS requested,
        sum(counted_approved_pence) AS approved
      FROM placed GROUP BY decile, district_code
    )
    SELECT grouping(decile, district_code)::int AS grouping, decile, district_code, sum(count)::int AS count,
      sum(requested)::float8 AS requested, sum(approved)::float8 AS approved
    FROM cells
    GROUP BY GROUPING SETS ((decile), (district_code))`);
  const rows = rowsOf<GrantRow>(result);
  const figures = (row: GrantRow | undefined) => ({
    count: row?.count ?? 0,
    requestedPence: row?.requested ?? 0,
    approvedPence: row?.approved ?? 0,
  });
  const byDecile = new Map(rows.filter((row) => row.grouping === 1).map((row) => [keyOf(row.decile), row]));
  const districtRows = rows.filter((row) => row.grouping === 2);
  const byDistrict = new Map(districtRows.map((row) => [keyOf(row.district_code), row]));
  return {
    byDistrict: districtKeys(districtRows.map((row) => row.district_code)).map((districtCode) => ({
      districtCode,
      ...figures(byDistrict.get(keyOf(districtCode))),
    })),
    byDecile: DECILE_KEYS.map((decile) => ({ decile, ...figures(byDecile.get(keyOf(decile))) })),
  };
}

/** The reach figures for records made in the query's range. */
export async function reachFigures(db: Database, query: ReachQuery): Promise<ReachResponse> {
  const [signups, referrals, grants] = await Promise.all([
    signupCounts(db, query),
    referralCounts(db, query),
    grantCounts(db, query),
  ]);
  return { from: query.from ?? null, to: query.to ?? null, signups, referrals, grants };
}
