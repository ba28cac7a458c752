// Starts the central endpoint: opens and migrates the database, seeds reference data, listens, shuts down cleanly.
import { mkdir } from 'node:fs/promises';
import { serve } from '@hono/node-server';
import { buildApp } from './app';
import { bootstrapAdmin } from './auth/accounts';
import { readConfig } from './config';
import { startCpuProfile } from './cpu-profile';
import { openDatabase } from './db/connect';
import { ensureReferenceData } from './db/reference-data';
import { jsonLogger } from './http/logging';

const config = readConfig();
const stopProfile = config.cpuProfileFile ? await startCpuProfile(config.cpuProfileFile) : null;
if (!config.databaseUrl) await mkdir(config.dataDir, { recursive: true });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await ensureReferenceData(database.db);
const bootstrap = await bootstrapAdmin(database.db, config.bootstrapAdmin);

const app = buildApp({ db: database.db, distDir: config.distDir, tokenTtlMs: config.tokenTtlMs });
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  jsonLogger({
    level: 'info',
    time: new Date().toISOString(),
    event: 'listening',
    url: `http://${config.host}:${info.port}`,
    database: database.kind,
    bootstrapAdmin: bootstrap,
  });
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  jsonLogger({ level: 'info', time: new Date().toISOString(), event: 'stopping', signal });
  // Stop accepting connections, let requests in flight finish, then close the database.
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await database.close();
  await stopProfile?.();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
