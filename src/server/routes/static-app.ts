// Serves the built PWA: index.html and the service worker always revalidated (with an ETag), hashed assets cached as
// immutable, each compressible file as the brotli or gzip copy the build made (by Accept-Encoding, with Vary), and
// index.html for any in-app address.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import type { AppEnv } from '../http/env';

const REVALIDATE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function staticAppRoutes(distDir: string) {
  const routes = new Hono<AppEnv>();
  // Headers are set after the file is served: serveStatic builds its response before any hook could add them.
  routes.use('*', async (c, next) => {
    await next();
    if (c.res.status !== 200) return;
    const path = new URL(c.req.url).pathname;
    c.res.headers.set('Cache-Control', path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    if (path.endsWith('.webmanifest')) c.res.headers.set('Content-Type', 'application/manifest+json');
  });
  // Files without a hash in their name are revalidated: an ETag lets the answer be a bodiless 304.
  routes.use('*', async (c, next) =>
    new URL(c.req.url).pathname.startsWith('/assets/') ? next() : etag()(c, next),
  );
  // What the build did not precompress (index.html for in-app addresses) is compressed as it is sent.
  routes.use('*', compress());
  routes.use('*', serveStatic({ root: distDir, precompressed: true }));

  // Any other GET that is not a file is an in-app address: the app's index.html handles it.
  routes.get('*', async (c) => {
    const path = new URL(c.req.url).pathname;
    if (/\.[a-z0-9]+$/i.test(path)) return c.notFound();
    const html = await readFile(join(distDir, 'index.html'), 'utf8').catch(() => null);
    if (html === null) return c.text('The app has not been built: run npm run build.', 503);
    return c.html(html);
  });
  return routes;
}
