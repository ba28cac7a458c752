// Runs the real central endpoint for browser tests: buildApp on a copy of dist/ with an in-memory PGlite, on a
// random local port. It can be stopped (to prove the offline shell) or have files changed under it (a "new
// version"), and it records console errors such as Content-Security-Policy violations.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { buildApp } from '../../../src/server/app';
import { type DatabaseHandle, openDatabase } from '../../../src/server/db/connect';
import { ensureReferenceData } from '../../../src/server/db/reference-data';
import { silentLogger } from '../../../src/server/http/logging';

export interface AppServer {
  url: string;
  /** The served copy of dist/: change files here to publish a new version. */
  root: string;
  database: DatabaseHandle;
  stop(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startAppServer(dist = join(process.cwd(), 'dist')): Promise<AppServer> {
  const root = await mkdtemp(join(tmpdir(), 'anchor-dist-'));
  await cp(dist, root, { recursive: true });
  const database = await openDatabase({ dataDir: 'memory://' });
  await ensureReferenceData(database.db);
  const app = buildApp({ db: database.db, distDir: root, logger: silentLogger });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(started));
  });
  const { port } = server.address() as AddressInfo;
  let running = true;
  const stop = async () => {
    if (!running) return;
    running = false;
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    url: `http://127.0.0.1:${port}`,
    root,
    database,
    stop,
    async dispose() {
      await stop();
      await database.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
