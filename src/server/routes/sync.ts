// POST /sync/push (a device's changes, each answered on its own) and GET /sync/pull (reference data and reviews).
import { and, asc, eq, gt } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import {
  PUSH_MAX_BODY_BYTES,
  PUSH_MAX_CHANGES,
  type PullResponse,
  PushRequestSchema,
  type PushResponse,
  type RecordUpdate,
} from '../../shared/api';
import { DeviceIdSchema } from '../../shared/records';
import { PROTOCOL_VERSION } from '../../shared/sync-protocol';
import { checkTokenDevice } from '../auth/middleware';
import { loadPostcodeLookupVersion } from '../db/postcode-lookup';
import { loadProgrammes } from '../db/reference-data';
import { records } from '../db/schema';
import { noteDeviceContact, PENDING_COUNT_MAX } from '../devices/contact';
import { disabledWorkersOn } from '../devices/disabled-workers';
import { limitBody } from '../http/body-limit';
import type { AppEnv } from '../http/env';
import { ApiError, readJson } from '../http/errors';
import { readFunds } from '../sync/grant-pot';
import { type IngestTimings, ingestChanges } from '../sync/ingest';

export const PULL_PAGE_SIZE = 200;

const isPendingCount = (value: string) => /^\d{1,7}$/.test(value) && Number(value) <= PENDING_COUNT_MAX;

export function syncRoutes() {
  const routes = new Hono<AppEnv>();

  routes.post(
    '/push',
    limitBody(
      PUSH_MAX_BODY_BYTES,
      () =>
        new ApiError(413, 'body-too-large', `A push body may be at most ${PUSH_MAX_BODY_BYTES} bytes.`, {
          maxBytes: PUSH_MAX_BODY_BYTES,
        }),
    ),
    async (c) => {
      const db = c.get('db');
      const actor = c.get('actor');
      const readStarted = performance.now();
      const push = await readJson(c, PushRequestSchema);
      const readMs = performance.now() - readStarted;
      if (push.protocolVersion !== PROTOCOL_VERSION) {
        throw new ApiError(
          400,
          'protocol-version-unsupported',
          'Update the app: this server speaks another protocol.',
          {
            supported: [PROTOCOL_VERSION],
          },
        );
      }
      if (push.changes.length > PUSH_MAX_CHANGES) {
        throw new ApiError(413, 'batch-too-large', `Send at most ${PUSH_MAX_CHANGES} changes per push.`, {
          maxChanges: PUSH_MAX_CHANGES,
        });
      }
      checkTokenDevice(actor, push.deviceId);
      // Tablets are shared: any active worker may sync from any of them; the records stay owned by whoever pushed.
      await noteDeviceContact(db, push.deviceId, actor.id);

      const timings: IngestTimings = {
        validate: 0,
        known: 0,
        attachments: 0,
        bulk: 0,
        single: 0,
        bulkCount: 0,
        singleCount: 0,
      };
      const results = await ingestChanges(db, actor, push.deviceId, push.changes, timings);
      // Where the time went (W3C Server-Timing): read by the benchmark, and visible in a browser's dev tools.
      c.header(
        'Server-Timing',
        [
          `read;dur=${readMs.toFixed(1)}`,
          ...(['validate', 'known', 'attachments', 'bulk', 'single'] as const).map(
            (step) => `${step};dur=${timings[step].toFixed(1)}`,
          ),
        ].join(', '),
      );
      const body: PushResponse = { results };
      return c.json(body);
    },
  );

  routes.get('/pull', async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const cursorParam = c.req.query('cursor') ?? '0';
    if (!/^\d{1,15}$/.test(cursorParam)) {
      throw new ApiError(400, 'invalid-cursor', 'The cursor must be one this server returned.');
    }
    const deviceParam = c.req.query('deviceId');
    if (deviceParam !== undefined) {
      if (!v.is(DeviceIdSchema, deviceParam)) {
        throw new ApiError(400, 'invalid-request', 'The deviceId must be a lower-case UUIDv7.', [
          { path: 'deviceId', message: 'Expected a lower-case UUIDv7' },
        ]);
      }
      checkTokenDevice(actor, deviceParam);
    }
    const pendingParam = c.req.query('pending');
    // Optional: older tablets do not send it. A count is only kept against the device it came from.
    if (pendingParam !== undefined && (deviceParam === undefined || !isPendingCount(pendingParam))) {
      throw new ApiError(
        400,
        'invalid-request',
        `pending must be a whole number from 0 to ${PENDING_COUNT_MAX}, sent with deviceId.`,
        [{ path: 'pending', message: 'Expected a whole number of unsent records' }],
      );
    }
    if (deviceParam !== undefined) {
      await noteDeviceContact(
        db,
        deviceParam,
        actor.id,
        pendingParam === undefined ? undefined : Number(pendingParam),
      );
    }
    const cursor = Number(cursorParam);
    const rows = await db
      .select()
      .from(records)
      .where(and(eq(records.ownerId, actor.id), gt(records.reviewCursor, cursor)))
      .orderBy(asc(records.reviewCursor))
      .limit(PULL_PAGE_SIZE + 1);
    const page = rows.slice(0, PULL_PAGE_SIZE);
    const updates: RecordUpdate[] = page.map((row) => ({
      cursor: String(row.reviewCursor),
      recordId: row.id,
      recordType: row.type,
      recordVersion: row.version,
      review: {
        decision: row.reviewState as RecordUpdate['review']['decision'],
        note: row.reviewNote,
        decidedAt: (row.reviewedAt as Date).toISOString(),
      },
    }));
    const body: PullResponse = {
      cursor: updates.at(-1)?.cursor ?? String(cursor),
      hasMore: rows.length > PULL_PAGE_SIZE,
      reference: {
        programmes: await loadProgrammes(db),
        fundsRemaining: await readFunds(db),
        postcodeLookupVersion: await loadPostcodeLookupVersion(db),
      },
      updates,
      disabledWorkers: deviceParam === undefined ? [] : await disabledWorkersOn(db, deviceParam),
    };
    return c.json(body);
  });

  return routes;
}
