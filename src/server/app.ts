// Builds the central endpoint's Hono app (no listening): API v1, health checks and the PWA's files.
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { API_PREFIX, JSON_MAX_BODY_BYTES } from '../shared/api';
import { requireToken } from './auth/middleware';
import { DEFAULT_TOKEN_TTL_MS } from './auth/tokens';
import { potRoutes } from './console/pot';
import type { Database } from './db/connect';
import { limitBody } from './http/body-limit';
import type { AppEnv } from './http/env';
import { ApiError, errorBody } from './http/errors';
import { jsonLogger, type Logger, requestLog } from './http/logging';
import { accountRoutes } from './routes/accounts';
import { attachmentRoutes } from './routes/attachments';
import { authRoutes } from './routes/auth';
import { deviceRoutes } from './routes/devices';
import { healthRoutes } from './routes/health';
import { postcodeImportRoutes } from './routes/postcode-imports';
import { programmeRoutes } from './routes/programmes';
import { reachRoutes } from './routes/reach';
import { recordRoutes } from './routes/records';
import { referenceRoutes } from './routes/reference';
import { staticAppRoutes } from './routes/static-app';
import { syncRoutes } from './routes/sync';

/**
 * A driver's error code (a PostgreSQL SQLSTATE such as 57P01), if the error or one of its causes has one. Drizzle
 * wraps the driver's error in its own (DrizzleQueryError) and keeps the original on `cause`.
 */
export function databaseCode(error: unknown): string | undefined {
  let current: unknown = error;
  // A bounded walk: a cause chain can be circular.
  for (let hops = 0; hops < 8 && current !== null && typeof current === 'object'; hops++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') return String(code);
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * SQLSTATEs of text PostgreSQL cannot store, which only a request's own characters cause: 22021 (a NUL in a text
 * parameter: a query string, a path, a username) and 22P05 (`\u0000` in JSON bound for a jsonb column). The
 * statement failed and its transaction rolled back, so the request is refused as the client's, not answered 500.
 */
const UNSTORABLE_TEXT_CODES: ReadonlySet<string> = new Set(['22021', '22P05']);

/**
 * The API routes that take bodies over JSON_MAX_BODY_BYTES and guard their own size: the push (PUSH_MAX_BODY_BYTES),
 * an attachment upload (ATTACHMENT_MAX_BYTES) and the postcode directory upload (2 GiB, counted as it streams).
 * Matched on the decoded path the router matches on, so any other route (a new one too) gets the JSON limit.
 */
function hasOwnBodyLimit(method: string, path: string): boolean {
  if (method === 'POST')
    return path === `${API_PREFIX}/sync/push` || path === `${API_PREFIX}/postcode-imports`;
  return method === 'PUT' && path.startsWith(`${API_PREFIX}/attachments/`);
}

const limitJsonBody = limitBody(
  JSON_MAX_BODY_BYTES,
  () =>
    new ApiError(413, 'body-too-large', `A request body may be at most ${JSON_MAX_BODY_BYTES} bytes.`, {
      maxBytes: JSON_MAX_BODY_BYTES,
    }),
);

export interface AppOptions {
  db: Database;
  /** The built PWA (dist/); omitted in API-only tests. */
  distDir?: string;
  logger?: Logger;
  tokenTtlMs?: number;
}

export function buildApp(options: AppOptions) {
  const app = new Hono<AppEnv>();
  const log = options.logger ?? jsonLogger;

  app.use('*', requestId());
  app.use('*', requestLog(log));
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
      },
    }),
  );
  app.use('*', async (c, next) => {
    c.set('db', options.db);
    await next();
  });

  // API answers carry tokens and people's records: no browser or proxy may keep a copy (errors included).
  app.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.set('Cache-Control', 'no-store');
  });

  // Reads are compressed where it pays (gzip over 1 kB of JSON or CSV: a pull page, the postcode lookup, an export).
  // Pushes and uploads are not: their answers are small, and the tablet's sync is bound by its own store.
  const compressAnswer = compress();
  app.use('/api/*', async (c, next) => (c.req.method === 'GET' ? compressAnswer(c, next) : next()));

  app.route('/', healthRoutes());

  const api = new Hono<AppEnv>();
  // Before sign-in and every route: an oversized body is refused before it is read, whoever sends it.
  api.use('*', (c, next) => (hasOwnBodyLimit(c.req.method, c.req.path) ? next() : limitJsonBody(c, next)));
  api.route('/auth', authRoutes({ tokenTtlMs: options.tokenTtlMs ?? DEFAULT_TOKEN_TTL_MS }));
  api.use('/sync/*', requireToken);
  api.use('/attachments/*', requireToken);
  api.use('/records/*', requireToken);
  api.use('/records', requireToken);
  api.use('/reference/*', requireToken);
  api.use('/programmes/*', requireToken);
  api.use('/programmes', requireToken);
  api.use('/grant-pot', requireToken);
  api.use('/reach/*', requireToken);
  api.use('/reach', requireToken);
  api.use('/accounts', requireToken);
  api.use('/accounts/*', requireToken);
  api.use('/postcode-imports', requireToken);
  api.use('/postcode-imports/*', requireToken);
  api.route('/sync', syncRoutes());
  // Its routes guard themselves: the wipe report also takes a disabled account's last token.
  api.route('/devices', deviceRoutes());
  api.route('/attachments', attachmentRoutes());
  api.route('/records', recordRoutes());
  api.route('/reference', referenceRoutes());
  api.route('/programmes', programmeRoutes());
  api.route('/grant-pot', potRoutes());
  api.route('/reach', reachRoutes());
  api.route('/accounts', accountRoutes());
  api.route('/postcode-imports', postcodeImportRoutes());
  api.all('*', (c) => c.json(errorBody('not-found', 'There is no such API route.'), 404));
  app.route(API_PREFIX, api);

  if (options.distDir) app.route('/', staticAppRoutes(options.distDir));

  app.onError((error, c) => {
    if (error instanceof ApiError)
      return c.json(errorBody(error.code, error.message, error.details), error.status);
    if (error instanceof HTTPException && error.status < 500) {
      return c.json(
        errorBody('bad-request', error.message || 'The request could not be handled.'),
        error.status,
      );
    }
    const code = databaseCode(error);
    if (code !== undefined && UNSTORABLE_TEXT_CODES.has(code)) {
      return c.json(
        errorBody('invalid-request', 'The request contains a character that cannot be stored (a NUL).'),
        400,
      );
    }
    log({
      level: 'error',
      time: new Date().toISOString(),
      requestId: c.get('requestId'),
      route: c.req.routePath,
      // Name and database error code only: a driver's message can quote the values it failed on.
      error: error instanceof Error ? error.name : 'unknown',
      code,
    });
    return c.json(errorBody('server-error', 'Something went wrong on the server. Try again later.'), 500);
  });
  return app;
}

export type AnchorApp = ReturnType<typeof buildApp>;
