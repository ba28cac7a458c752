// Coordinators upload the ONS postcode directory CSV (POST /postcode-imports, the raw file as the body, streamed:
// never held whole) and follow its progress (GET /postcode-imports/{id}, GET /postcode-imports/latest).
import { Hono } from 'hono';
import type { PostcodeImportStatus } from '../../shared/console';
import { requireRole } from '../auth/middleware';
import {
  latestPostcodeImport,
  linesOf,
  PostcodeFileError,
  PostcodeImportRunningError,
  readPostcodeImport,
  runPostcodeImport,
  startPostcodeImport,
} from '../db/postcode-lookup';
import type { AppEnv } from '../http/env';
import { ApiError, errorBody } from '../http/errors';

/** The largest upload taken (the full ONSPD is about 1.4 GB unzipped). Counted as it streams in. */
export const POSTCODE_UPLOAD_MAX_BYTES = 2 * 1024 * 1024 * 1024;
const MAX_MESSAGE = 'The file is larger than 2 GiB: this is not the postcode directory.';

function isCsvMediaType(header: string | undefined): boolean {
  return header?.split(';')[0]?.trim().toLowerCase() === 'text/csv';
}

/** The body's bytes as they arrive, refused past the limit; a body cut short is a file error too. */
async function* uploadChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  let total = 0;
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      total += chunk.byteLength;
      if (total > POSTCODE_UPLOAD_MAX_BYTES) throw new PostcodeFileError(MAX_MESSAGE);
      yield chunk;
    }
  } catch (error) {
    if (error instanceof PostcodeFileError) throw error;
    throw new PostcodeFileError('The upload stopped before the end of the file.');
  }
}

export function postcodeImportRoutes() {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireRole('coordinator'));

  routes.post('/', async (c) => {
    const db = c.get('db');
    if (!isCsvMediaType(c.req.header('content-type'))) {
      throw new ApiError(415, 'unsupported-media-type', 'Send the postcode directory as text/csv.', {
        expected: 'text/csv',
      });
    }
    const declared = Number(c.req.header('content-length') ?? 0);
    // Guard: a declared size over the limit is refused before a byte is read (and the connection closed).
    if (declared > POSTCODE_UPLOAD_MAX_BYTES) {
      return c.json(errorBody('body-too-large', MAX_MESSAGE, { maxBytes: POSTCODE_UPLOAD_MAX_BYTES }), 413, {
        connection: 'close',
      });
    }
    const body = c.req.raw.body;
    if (!body) throw new ApiError(400, 'invalid-request', 'Send the postcode directory CSV as the body.');
    let id: string;
    try {
      id = await startPostcodeImport(db, c.get('actor').id);
    } catch (error) {
      if (!(error instanceof PostcodeImportRunningError)) throw error;
      return c.json(
        errorBody('import-running', error.message, { importId: error.runningId }),
        409,
        // The body was not read: the connection cannot carry another request.
        { connection: 'close' },
      );
    }
    try {
      await runPostcodeImport(db, id, linesOf(uploadChunks(body)));
    } catch (error) {
      if (!(error instanceof PostcodeFileError)) throw error;
      return c.json(errorBody('invalid-request', error.message, { importId: id }), 400, {
        connection: 'close',
      });
    }
    return c.json((await readPostcodeImport(db, id)) as PostcodeImportStatus, 201);
  });

  // Registered before /:id so "latest" is not taken for an id.
  routes.get('/latest', async (c) => {
    const status = await latestPostcodeImport(c.get('db'));
    if (!status) throw new ApiError(404, 'not-found', 'No postcode directory has been imported yet.');
    return c.json(status);
  });

  routes.get('/:id', async (c) => {
    const id = c.req.param('id');
    const status = /^[0-9a-f-]{36}$/i.test(id) ? await readPostcodeImport(c.get('db'), id) : null;
    if (!status) throw new ApiError(404, 'not-found', 'There is no such postcode import.');
    return c.json(status);
  });

  return routes;
}
