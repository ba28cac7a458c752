// The one reading of a records query (src/shared/console.ts RecordQuery) that the list and the CSV export share:
// the query string parsed (400 `invalid-query`), then a drizzle SQL where-clause over `records` and the joins it
// needs (postcode places and areas for district and decile), and the derived columns both show.
import { and, desc, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import { alias } from 'drizzle-orm/pg-core';
import * as v from 'valibot';
import { type EligibilityOutcomeFilter, type RecordQuery, RecordQuerySchema } from '../../shared/console';
import { referenceDigits } from '../../shared/reference';
import { INITIAL_REVIEW_STATE, REVIEWABLE_TYPES, type ReviewState } from '../../shared/review';
import type { Database } from '../db/connect';
import { areas, postcodePlaces, records } from '../db/schema';
import { ApiError, issueDetails } from '../http/errors';

/** Words of `q` matched (each must appear); more are ignored, so a pasted paragraph cannot build a huge query. */
export const SEARCH_TERMS_MAX = 5;

/**
 * Parses a records query string: 400 `invalid-query` with each field's issue. `from` after `to` is refused on
 * `to` (it would match nothing and look like an empty result).
 */
export function parseRecordQuery(query: Record<string, string>): RecordQuery {
  const parsed = v.safeParse(RecordQuerySchema, query);
  if (!parsed.success) {
    throw new ApiError(
      400,
      'invalid-query',
      'Some of the filters are not valid.',
      issueDetails(parsed.issues),
    );
  }
  const { from, to } = parsed.output;
  // Both dates are ISO (YYYY-MM-DD), so text order is date order.
  if (from && to && from > to) {
    throw new ApiError(400, 'invalid-query', 'Some of the filters are not valid.', [
      { path: 'to', message: 'The end date must be the same as or after the start date' },
    ]);
  }
  return parsed.output;
}

/** The record's home neighbourhood: the postcode's LSOA from the lookup, else the one a check's worker picked. */
const lsoaCode = sql`coalesce(${postcodePlaces.lsoaCode}, ${records.pickedAreaCode})`;

/** District code of a record (postcode lookup first, else the picked neighbourhood's district). */
export const districtCode = sql<
  string | null
>`coalesce(${postcodePlaces.districtCode}, ${areas.districtCode})`;
/** IMD 2025 decile of the record's neighbourhood (1 = most deprived 10%). */
export const imdDecile = sql<number | null>`${areas.imdDecile}`.mapWith((value) =>
  value === null ? null : Number(value),
);

/** Adds the joins district and decile read (left joins: a record without a known neighbourhood stays). */
export function joinPlaces<Q extends PgSelect>(query: Q): Q {
  return query
    .leftJoin(postcodePlaces, eq(postcodePlaces.postcode, records.postcodeKey))
    .leftJoin(areas, eq(areas.lsoaCode, lsoaCode)) as unknown as Q;
}

const checks = alias(records, 'linked_check');
/** The alias's FROM item (in a sql template an alias renders as its name only). */
const checksFrom = sql`${records} AS ${sql.identifier('linked_check')}`;

/**
 * The outcome of the latest check started from each of `ids` (sign-ups or applications), in one query: a record's
 * eligibility as the tablet recorded it. Ids without a check are absent.
 */
export async function latestCheckOutcomes(db: Database, ids: string[]): Promise<Map<string, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectDistinctOn([records.sourceId], { sourceId: records.sourceId, outcome: records.checkOutcome })
    .from(records)
    .where(and(eq(records.type, 'eligibility-check'), inArray(records.sourceId, ids)))
    .orderBy(records.sourceId, desc(records.createdAt), desc(records.id));
  return new Map(rows.map((row) => [row.sourceId as string, row.outcome]));
}

/** A source id that casts to uuid (pushed checks are validated, but a bad one must not fail every list). */
const UUID_TEXT = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * Records whose eligibility outcome is `outcome`, as one set of ids: the checks with that outcome, and the records
 * whose latest check (DISTINCT ON its source) has it. Set-shaped, so filtering 100,000 records reads the checks
 * once instead of running a subquery per record; and no OR across the two, whose cost estimate made PostgreSQL
 * JIT-compile the query (seconds) on a table of 100,000.
 */
function eligibilityIs(outcome: EligibilityOutcomeFilter): SQL {
  return sql`${records.id} IN (
    SELECT ${checks.id} FROM ${checksFrom}
    WHERE ${checks.type} = 'eligibility-check' AND ${checks.checkOutcome} = ${outcome}
    UNION ALL
    SELECT CASE WHEN latest.source_id ~ ${UUID_TEXT} THEN latest.source_id::uuid END FROM (
      SELECT DISTINCT ON (${checks.sourceId}) ${checks.sourceId} AS source_id, ${checks.checkOutcome} AS outcome
      FROM ${checksFrom}
      WHERE ${checks.type} = 'eligibility-check' AND ${checks.sourceId} IS NOT NULL
      ORDER BY ${checks.sourceId}, ${checks.createdAt} DESC, ${checks.id} DESC
    ) latest WHERE latest.outcome = ${outcome})`;
}

/** A review state as stored: the type's initial state is also every never-moved record (null) of that type. */
function reviewIs(state: ReviewState): SQL {
  const initialOf = REVIEWABLE_TYPES.find((type) => INITIAL_REVIEW_STATE[type] === state);
  const moved = eq(records.reviewState, state);
  if (!initialOf) return moved;
  return sql`(${moved} OR (${records.reviewState} IS NULL AND ${records.type} = ${initialOf}))`;
}

/** LIKE's own characters taken literally (the default escape character is the backslash). */
const likeLiteral = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Each word of `q` must appear in the record's search text (names, organisation, postcode with and without its
 * space, id); a word that is a reference ("4F2A-9C1B") matches as the id's last 8 hex digits. The search text is
 * stored lower-cased, so the word is lower-cased by the same lower() and matched with LIKE: the same matches as
 * ILIKE, and about twice as fast over a whole table.
 */
function searchIs(q: string): SQL | undefined {
  const words = q.split(/\s+/).filter(Boolean).slice(0, SEARCH_TERMS_MAX);
  const matches = words.map((word) => {
    const pattern = sql`${records.searchText} LIKE lower(${`%${likeLiteral(word)}%`})`;
    const digits = referenceDigits(word);
    return digits ? sql`(${pattern} OR ${records.searchText} LIKE ${`%${digits}%`})` : pattern;
  });
  return matches.length ? and(...matches) : undefined;
}

/** Midnight in the UK (Europe/London) at the start of an ISO date, as an instant. */
export function ukMidnight(isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const utcMidnight = Date.UTC(year, month - 1, day);
  // The UK is UTC+0 or UTC+1: the hour shown in London at UTC midnight is the offset.
  const londonHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', hourCycle: 'h23' }).format(
      new Date(utcMidnight),
    ),
  );
  return new Date(utcMidnight - londonHour * 3_600_000);
}

const nextDay = (isoDate: string) => {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
};

export interface RecordFilter {
  where: SQL | undefined;
  /** District or decile is filtered on: the query must join the places (joinPlaces). */
  needsPlaces: boolean;
}

/** Every filter of the query combined with AND (the cursor and limit are the list's, not the filter's). */
export function recordFilter(query: RecordQuery): RecordFilter {
  const conditions: (SQL | undefined)[] = [
    query.type ? eq(records.type, query.type) : undefined,
    query.review ? reviewIs(query.review) : undefined,
    query.eligibility ? eligibilityIs(query.eligibility) : undefined,
    query.worker ? eq(records.ownerId, query.worker) : undefined,
    query.district ? sql`${districtCode} = ${query.district}` : undefined,
    query.decile !== undefined ? eq(areas.imdDecile, query.decile) : undefined,
    query.from ? gte(records.createdAt, ukMidnight(query.from)) : undefined,
    query.to ? lt(records.createdAt, ukMidnight(nextDay(query.to))) : undefined,
    query.q ? searchIs(query.q) : undefined,
  ];
  return {
    where: and(...conditions.filter((condition): condition is SQL => condition !== undefined)),
    needsPlaces: query.district !== undefined || query.decile !== undefined,
  };
}

/** Rows strictly after `after` in the list's order (created_at desc, id desc): the keyset page condition. */
export function afterInListOrder(after: { createdAt: Date; id: string }): SQL {
  return sql`(${records.createdAt}, ${records.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`;
}
