// Coordinators' record routes: the list (filters, search, pages), the CSV export, a record's page, revealing bank
// details (audited), the server's re-check, and review (which moves the grant pot).
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import { BulkReviewRequestSchema, type BulkReviewResponse, ReviewRequestSchema } from '../../shared/console';
import { DeviceIdSchema } from '../../shared/records';
import { requireRole } from '../auth/middleware';
import { exportCsv } from '../console/export-csv';
import { recordDetail, revealBankDetails } from '../console/record-detail';
import { parseRecordQuery } from '../console/record-filter';
import { listRecords } from '../console/record-list';
import { bulkReview, reviewRecord } from '../console/review';
import { toServerRecord } from '../console/server-record';
import { records } from '../db/schema';
import { recheckEligibility } from '../eligibility/recheck';
import type { AppEnv } from '../http/env';
import { ApiError, readJson } from '../http/errors';

function recordId(value: string): string {
  if (!v.is(DeviceIdSchema, value)) throw new ApiError(400, 'invalid-record-id', 'A record id is a UUIDv7.');
  return value;
}

export function recordRoutes() {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireRole('coordinator'));

  // The list, its export and a record's page read the console's modules (src/server/console).
  routes.get('/', async (c) => c.json(await listRecords(c.get('db'), parseRecordQuery(c.req.query()))));

  routes.get('/export.csv', async (c) => {
    const query = parseRecordQuery(c.req.query());
    // One file per record type: the columns differ.
    if (!query.type) {
      throw new ApiError(400, 'invalid-query', 'Choose the type of record to export.', [
        { path: 'type', message: 'Choose sign-ups, eligibility checks or grant applications' },
      ]);
    }
    const file = await exportCsv(c.get('db'), { ...query, type: query.type });
    return c.body(file.body, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${file.fileName}"`,
      'x-total-rows': String(file.total),
    });
  });

  // Before /:id, so "review" is never taken for a record id.
  routes.post('/review', async (c) => {
    const request = await readJson(c, BulkReviewRequestSchema);
    const answer: BulkReviewResponse = await bulkReview(c.get('db'), request, c.get('actor').id);
    return c.json(answer);
  });

  routes.get('/:id', async (c) => c.json(await recordDetail(c.get('db'), recordId(c.req.param('id')))));

  routes.post('/:id/reveal-bank', async (c) =>
    c.json(
      await revealBankDetails(c.get('db'), {
        recordId: recordId(c.req.param('id')),
        coordinatorId: c.get('actor').id,
      }),
    ),
  );

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
