// PUT/HEAD/GET /attachments/{sha256}: content-addressed photo upload (hash verified, idempotent) and lookup.
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { ATTACHMENT_MAX_BYTES } from '../../shared/api';
import { attachments } from '../db/schema';
import { limitBody } from '../http/body-limit';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';

const SHA256 = /^[0-9a-f]{64}$/;
const ALLOWED_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'application/pdf']);

function hashParam(value: string): string {
  if (!SHA256.test(value))
    throw new ApiError(400, 'invalid-hash', 'Name the attachment by its lower-case hex SHA-256.');
  return value;
}

export function attachmentRoutes() {
  const routes = new Hono<AppEnv>();

  routes.put(
    '/:sha256',
    limitBody(
      ATTACHMENT_MAX_BYTES,
      () =>
        new ApiError(
          413,
          'attachment-too-large',
          `An attachment may be at most ${ATTACHMENT_MAX_BYTES} bytes.`,
          {
            maxBytes: ATTACHMENT_MAX_BYTES,
          },
        ),
    ),
    async (c) => {
      const sha256 = hashParam(c.req.param('sha256'));
      const mediaType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!ALLOWED_TYPES.has(mediaType)) {
        throw new ApiError(415, 'unsupported-media-type', 'Attachments must be JPEG, PNG, WebP or PDF.', {
          allowed: [...ALLOWED_TYPES],
        });
      }
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length === 0) throw new ApiError(400, 'empty-attachment', 'The attachment has no bytes.');
      const actual = createHash('sha256').update(bytes).digest('hex');
      if (actual !== sha256) {
        throw new ApiError(422, 'hash-mismatch', 'The bytes do not match the SHA-256 in the address.', {
          actual,
        });
      }
      const inserted = await c
        .get('db')
        .insert(attachments)
        .values({ sha256, size: bytes.length, mediaType, bytes, uploadedBy: c.get('actor').id })
        .onConflictDoNothing()
        .returning({ sha256: attachments.sha256 });
      return c.json(
        { sha256, size: bytes.length, stored: inserted.length > 0 ? 'created' : 'already-there' },
        inserted.length ? 201 : 200,
      );
    },
  );

  // Hono answers HEAD through the GET route: any signed-in worker may ask whether a photo is there (HEAD);
  // only coordinators may read it (GET).
  routes.get('/:sha256', async (c) => {
    const sha256 = hashParam(c.req.param('sha256'));
    const db = c.get('db');
    if (c.req.method === 'HEAD') {
      const [row] = await db
        .select({ size: attachments.size })
        .from(attachments)
        .where(eq(attachments.sha256, sha256));
      return c.body(null, row ? 200 : 404, row ? { 'content-length': String(row.size) } : {});
    }
    if (c.get('actor').role !== 'coordinator')
      throw new ApiError(403, 'forbidden', 'Only a coordinator can do this.');
    const [row] = await db.select().from(attachments).where(eq(attachments.sha256, sha256));
    if (!row) throw new ApiError(404, 'attachment-not-found', 'There is no attachment with that SHA-256.');
    return c.body(Buffer.from(row.bytes), 200, {
      'content-type': row.mediaType,
      'cache-control': 'private, max-age=31536000, immutable',
    });
  });

  return routes;
}
