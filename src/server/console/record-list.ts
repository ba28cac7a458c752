// The coordinators' records list: rows of the filtered set as RecordListItem, newest first, paged by a keyset
// cursor on (created_at desc, id desc), with the exact total; the same rows (with payloads) feed the CSV export.
import { and, count, desc, eq, inArray, type SQLWrapper, sql } from 'drizzle-orm';
import * as v from 'valibot';
import {
  CONSOLE_PAGE_SIZE_DEFAULT,
  type EligibilityOutcomeFilter,
  type RecordListItem,
  type RecordListResponse,
  type RecordQuery,
} from '../../shared/console';
import { DeviceIdSchema, type RecordType } from '../../shared/records';
import { recordReference } from '../../shared/reference';
import { INITIAL_REVIEW_STATE, isReviewableType, type ReviewState } from '../../shared/review';
import type { Database } from '../db/connect';
import { accounts, records } from '../db/schema';
import { ApiError } from '../http/errors';
import {
  afterInListOrder,
  districtCode,
  imdDecile,
  joinPlaces,
  latestCheckOutcomes,
  type RecordFilter,
  recordFilter,
} from './record-filter';

/** When the tablet made a record: the UUIDv7 id's first 48 bits, milliseconds (the created_at column's value). */
export const createdAtOfId = (id: string): Date =>
  new Date(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16));

/** The cursor is the last row's id (its created_at is in it), base64url so clients treat it as opaque. */
export const encodeCursor = (id: string): string => Buffer.from(id, 'utf8').toString('base64url');

export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!v.is(DeviceIdSchema, id)) {
    throw new ApiError(400, 'invalid-query', 'Some of the filters are not valid.', [
      { path: 'cursor', message: 'Not a cursor this list gave' },
    ]);
  }
  return { createdAt: createdAtOfId(id), id };
}

const listColumns = {
  id: records.id,
  type: records.type,
  ownerId: records.ownerId,
  workerName: accounts.username,
  createdAt: records.createdAt,
  receivedAt: records.receivedAt,
  reviewState: records.reviewState,
  displayName: records.displayName,
  postcode: sql<string | null>`${records.payload}->'answers'->>'postcode'`,
  checkOutcome: records.checkOutcome,
  districtCode,
  imdDecile,
  amountPence: records.amountPence,
  roundId: records.roundId,
};

/** What the export reads on top of a list row. */
const exportColumns = {
  ...listColumns,
  payload: records.payload,
  reviewNote: records.reviewNote,
  reviewedAt: records.reviewedAt,
};

type ListRow = {
  id: string;
  type: RecordType;
  ownerId: string;
  workerName: string;
  createdAt: Date | null;
  receivedAt: Date;
  reviewState: string | null;
  displayName: string | null;
  postcode: string | null;
  checkOutcome: string | null;
  /** Filled after the page is read (attachEligibility). */
  eligibility?: EligibilityOutcomeFilter | null;
  districtCode: string | null;
  imdDecile: number | null;
  amountPence: number | null;
  roundId: string | null;
};
export type ExportRow = ListRow & { payload: unknown; reviewNote: string | null; reviewedAt: Date | null };

/** A null review state is the type's initial one; checks are not reviewed. */
export function reviewStateOf(type: RecordType, stored: string | null): ReviewState | null {
  if (!isReviewableType(type)) return null;
  return (stored as ReviewState | null) ?? INITIAL_REVIEW_STATE[type];
}

export function toListItem(row: ListRow): RecordListItem {
  return {
    id: row.id,
    type: row.type,
    reference: recordReference(row.id),
    displayName: row.displayName || null,
    postcode: row.postcode,
    workerId: row.ownerId,
    workerName: row.workerName,
    createdAt: (row.createdAt ?? createdAtOfId(row.id)).toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    reviewState: reviewStateOf(row.type, row.reviewState),
    eligibility: row.eligibility ?? null,
    districtCode: row.districtCode,
    imdDecile: row.imdDecile,
    amountPence: row.amountPence === null ? null : Number(row.amountPence),
    roundId: row.roundId,
  };
}

/**
 * One page of the filtered set in list order after `after`. The page's ids are chosen first on `records` alone
 * (with the place joins only when the filter reads them), so the per-row work (worker, places, the linked check's
 * outcome) runs for the page's rows only, whatever plan the database picks for the filter.
 */
async function selectPage(
  db: Database,
  columns: typeof listColumns | typeof exportColumns,
  filter: RecordFilter,
  after: { createdAt: Date; id: string } | null,
  limit: number,
) {
  const where = after
    ? filter.where
      ? and(afterInListOrder(after), filter.where)
      : afterInListOrder(after)
    : filter.where;
  const chosen = db.select({ id: records.id }).from(records).$dynamic();
  const pageIds = (filter.needsPlaces ? joinPlaces(chosen) : chosen)
    .where(where)
    .orderBy(desc(records.createdAt), desc(records.id))
    .limit(limit);
  return rowsOf(db, columns, pageIds);
}

/** The rows of the chosen ids (at most a page), in list order, with their eligibility. */
async function rowsOf(
  db: Database,
  columns: typeof listColumns | typeof exportColumns,
  ids: string[] | SQLWrapper,
) {
  const query = db
    .select(columns as typeof exportColumns)
    .from(records)
    .innerJoin(accounts, eq(accounts.id, records.ownerId))
    .$dynamic();
  const rows = (await joinPlaces(query)
    .where(inArray(records.id, ids as string[]))
    .orderBy(desc(records.createdAt), desc(records.id))) as ExportRow[];
  return attachEligibility(db, rows);
}

/**
 * A page of a search and its total in one pass: search reads every row's search text whatever the plan, so the
 * matches are found once (with their count as a window), instead of once for the page and again for the count.
 * Null when the page is empty after a cursor (the count is then read on its own).
 */
async function searchPage(
  db: Database,
  filter: RecordFilter,
  after: { createdAt: Date; id: string } | null,
  limit: number,
): Promise<{ rows: ExportRow[]; total: number } | null> {
  const chosen = db
    .select({
      id: records.id,
      createdAt: records.createdAt,
      total: sql<number>`count(*) OVER ()`.as('total'),
    })
    .from(records)
    .$dynamic();
  const matches = (filter.needsPlaces ? joinPlaces(chosen) : chosen).where(filter.where).as('matches');
  const page = await db
    .select({ id: matches.id, total: matches.total })
    .from(matches)
    .where(
      after
        ? sql`(${matches.createdAt}, ${matches.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`
        : undefined,
    )
    .orderBy(desc(matches.createdAt), desc(matches.id))
    .limit(limit);
  const [first] = page;
  if (!first) return after ? null : { rows: [], total: 0 };
  return {
    rows: await rowsOf(
      db,
      listColumns,
      page.map((row) => row.id),
    ),
    total: Number(first.total),
  };
}

/**
 * Each row's eligibility outcome: a check's own; a sign-up's or application's latest linked check's, read for the
 * whole page in one query (never a subquery per row, whose plan depends on the database's statistics).
 */
async function attachEligibility<R extends ListRow>(db: Database, rows: R[]): Promise<R[]> {
  const linked = await latestCheckOutcomes(
    db,
    rows.filter((row) => row.type !== 'eligibility-check').map((row) => row.id),
  );
  for (const row of rows) {
    const outcome = row.type === 'eligibility-check' ? row.checkOutcome : linked.get(row.id);
    row.eligibility = (outcome ?? null) as EligibilityOutcomeFilter | null;
  }
  return rows;
}

/** How many records the filter matches (places joined only when it filters on them). */
export async function countRecords(db: Database, filter: RecordFilter): Promise<number> {
  const query = db.select({ total: count() }).from(records).$dynamic();
  const [row] = await (filter.needsPlaces ? joinPlaces(query) : query).where(filter.where);
  return Number(row?.total ?? 0);
}

/** GET /records: a page of the filtered set, newest first, with the exact total and the next page's cursor. */
export async function listRecords(db: Database, query: RecordQuery): Promise<RecordListResponse> {
  const filter = recordFilter(query);
  const limit = query.limit ?? CONSOLE_PAGE_SIZE_DEFAULT;
  const after = query.cursor ? decodeCursor(query.cursor) : null;
  const searched = query.q ? await searchPage(db, filter, after, limit + 1) : null;
  const [rows, total] = searched
    ? [searched.rows, searched.total]
    : await Promise.all([selectPage(db, listColumns, filter, after, limit + 1), countRecords(db, filter)]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    records: page.map(toListItem),
    total,
    nextCursor: rows.length > limit && last ? encodeCursor(last.id) : null,
  };
}

/** One record's list row (the record page's header), or null when there is none. */
export async function listItemById(db: Database, id: string): Promise<RecordListItem | null> {
  const query = db
    .select(listColumns)
    .from(records)
    .innerJoin(accounts, eq(accounts.id, records.ownerId))
    .$dynamic();
  const rows = (await joinPlaces(query).where(eq(records.id, id))) as ListRow[];
  const [row] = await attachEligibility(db, rows);
  return row ? toListItem(row) : null;
}

/**
 * The filtered set in list order, `pageSize` rows per query (keyset, so each page is an index range, and memory
 * holds one page however large the set).
 */
export async function* exportRows(
  db: Database,
  filter: RecordFilter,
  pageSize: number,
): AsyncGenerator<ExportRow[]> {
  let after: { createdAt: Date; id: string } | null = null;
  for (;;) {
    const rows = await selectPage(db, exportColumns, filter, after, pageSize);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || !last) return;
    after = { createdAt: createdAtOfId(last.id), id: last.id };
  }
}
