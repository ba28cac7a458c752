// Coordinators' record routes: list by type with a cursor, read one, and review (which moves the grant pot).
import { and, asc, eq, gt } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { ServerRecord } from '../../shared/api';
import { BulkReviewRequestSchema, type BulkReviewResponse, ReviewRequestSchema } from '../../shared/console';
import { DeviceIdSchema, RecordTypeSchema } from '../../shared/records';
import type { ReviewState } from '../../shared/review';
import { requireRole } from '../auth/middleware';
import { bulkReview, reviewRecord } from '../console/review';
import { records } from '../db/schema';
import { recheckEligibility } from '../eligibility/recheck';
import type { AppEnv } from '../http/env';
import { ApiError, readJson } from '../http/errors';

export const RECORDS_PAGE_SIZE = 100;

type RecordRow = typeof records.$inferSelect;

export function toServerRecord(row: RecordRow): ServerRecord {
  return {
    id: row.id,
    type: row.type,
    version: row.version,
    ownerId: row.ownerId,
    deviceId: row.deviceId,
    payload: row.payload,
    clientUpdatedAt: row.clientUpdatedAt.toISOString(),
    receivedAt: row.receivedAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    review:
      row.reviewState && row.reviewedAt && row.reviewedBy
        ? {
            decision: row.reviewState as ReviewState,
            note: row.reviewNote,
            decidedAt: row.reviewedAt.toISOString(),
            decidedBy: row.reviewedBy,
          }
        : null,
  };
}

function recordId(value: string): string {
  if (!v.is(DeviceIdSchema, value)) throw new ApiError(400, 'invalid-record-id', 'A record id is a UUIDv7.');
  return value;
}

export function recordRoutes() {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireRole('coordinator'));

  routes.get('/', async (c) => {
    const type = v.safeParse(RecordTypeSchema, c.req.query('type'));
    if (!type.success) {
      throw new ApiError(400, 'invalid-type', 'type must be signup, eligibility-check or grant-application.');
    }
    const after = c.req.query('cursor');
    if (after !== undefined) recordId(after);
    const rows = await c
      .get('db')
      .select()
      .from(records)
      .where(
        after ? and(eq(records.type, type.output), gt(records.id, after)) : eq(records.type, type.output),
      )
      .orderBy(asc(records.id))
      .limit(RECORDS_PAGE_SIZE + 1);
    const page = rows.slice(0, RECORDS_PAGE_SIZE);
    return c.json({
      records: page.map(toServerRecord),
      cursor: page.at(-1)?.id ?? after ?? null,
      hasMore: rows.length > RECORDS_PAGE_SIZE,
    });
  });

  // Before /:id, so "review" is never taken for a record id.
  routes.post('/review', async (c) => {
    const request = await readJson(c, BulkReviewRequestSchema);
    const answer: BulkReviewResponse = await bulkReview(c.get('db'), request, c.get('actor').id);
    return c.json(answer);
  });

  routes.get('/:id', async (c) => {
    const [row] = await c
      .get('db')
      .select()
      .from(records)
      .where(eq(records.id, recordId(c.req.param('id'))));
    if (!row) throw new ApiError(404, 'record-not-found', 'There is no record with that id.');
    return c.json(toServerRecord(row));
  });

  /**
   * The rules run again now, with the central settings, deprivation data, postcode lookup and pot: beside (never
   * instead of) the answer the tablet recorded.
   */
  routes.get('/:id/eligibility', async (c) => {
    const db = c.get('db');
    const [row] = await db
      .select()
      .from(records)
      .where(eq(records.id, recordId(c.req.param('id'))));
    if (!row) throw new ApiError(404, 'record-not-found', 'There is no record with that id.');
    const result = await recheckEligibility(db, row.type, row.payload);
    if (!result)
      throw new ApiError(422, 'nothing-to-check', 'This record has no answers the rules can read.');
    return c.json({ recordId: row.id, result });
  });

  routes.post('/:id/review', async (c) => {
    const id = recordId(c.req.param('id'));
    const review = await readJson(c, ReviewRequestSchema);
    const row = await reviewRecord(c.get('db'), {
      recordId: id,
      state: review.state,
      expected: review.expected,
      note: review.note,
      reason: review.reason,
      reviewerId: c.get('actor').id,
    });
    return c.json(toServerRecord(row));
  });

  return routes;
}
