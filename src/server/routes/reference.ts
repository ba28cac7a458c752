// GET /reference/postcode-lookup: the current postcode lookup for signed-in tablets, with its version as ETag.
import { Hono } from 'hono';
import { loadPostcodeLookup } from '../db/postcode-lookup';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';

/** RFC 9110 If-None-Match for GET: `*`, or a list of tags compared weakly (a compressing proxy adds `W/`). */
function tagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
}

/**
 * Any signed-in worker may download the lookup. The tablet stores it and searches it offline; it asks again only
 * when pull names another version. Fails with 404 `no-postcode-lookup` until `npm run postcodes -- import` has run.
 */
export function referenceRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/postcode-lookup', async (c) => {
    const lookup = await loadPostcodeLookup(c.get('db'));
    if (!lookup) {
      throw new ApiError(
        404,
        'no-postcode-lookup',
        'No postcode lookup has been imported yet: run npm run postcodes -- import <file.csv> on the server.',
      );
    }
    const etag = `"${lookup.version}"`;
    c.header('ETag', etag);
    c.header('Cache-Control', 'no-cache');
    if (tagMatches(c.req.header('if-none-match'), etag)) return c.body(null, 304);
    return c.json(lookup);
  });
  return routes;
}
