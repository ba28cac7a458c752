// Serves the built PWA: index.html and the service worker always revalidated, hashed assets cached as immutable,
// and index.html for any in-app address.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env';

const REVALIDATE = 'no-cache';
const IMMUTABLE = 'public, max-age=31536000, immutable';

export function staticAppRoutes(distDir: string) {
  const routes = new Hono<AppEnv>();
  const cacheControl = (path: string) =>
    path.startsWith('/assets/') ? IMMUTABLE : path.endsWith('.map') ? REVALIDATE : REVALIDATE;

  routes.use(
    '*',
    serveStatic({
      root: distDir,
      onFound: (path, c) => {
        const url = new URL(c.req.url).pathname;
        c.header('Cache-Control', cacheControl(url));
        if (path.endsWith('.webmanifest')) c.header('Content-Type', 'application/manifest+json');
      },
    }),
  );

  // Any other GET that is not a file is an in-app address: the app's index.html handles it.
  routes.get('*', async (c) => {
    const path = new URL(c.req.url).pathname;
    if (/\.[a-z0-9]+$/i.test(path)) return c.notFound();
    const html = await readFile(join(distDir, 'index.html'), 'utf8').catch(() => null);
    if (html === null) return c.text('The app has not been built: run npm run build.', 503);
    c.header('Cache-Control', REVALIDATE);
    return c.html(html);
  });
  return routes;
}
