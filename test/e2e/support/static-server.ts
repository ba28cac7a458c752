// A static server for the built app in browser tests: serves a copy of dist/ with the SPA fallback, and can be
// stopped (to prove the offline shell) or have files changed under it (to publish a "new version").
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.map': 'application/json',
};

export interface StaticServer {
  url: string;
  root: string;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export async function serveBuiltApp(dist = join(process.cwd(), 'dist')): Promise<StaticServer> {
  const root = await mkdtemp(join(tmpdir(), 'anchor-dist-'));
  await cp(dist, root, { recursive: true });
  const server: Server = createServer(async (request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    const file = join(root, path.endsWith('/') ? join(path, 'index.html') : path);
    try {
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
        'cache-control': 'no-cache',
      });
      response.end(body);
    } catch {
      if (extname(path)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': TYPES['.html'] as string, 'cache-control': 'no-cache' });
      response.end(await readFile(join(root, 'index.html')));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('server has no port');
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${address.port}`,
    root,
    stop,
    async dispose() {
      await stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
