// Starts the central endpoint: holds DATA_DIR (lock file and admin socket) on the embedded database, opens and
// migrates the database, seeds reference data, listens, shuts down cleanly.
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { type AdminSocket, startAdminSocket } from './admin/admin-socket';
import { acquireDataDirLock, adminSocketPath, type DataDirLock, heldMessage } from './admin/data-dir-lock';
import { runAdminRequest } from './admin/operations';
import { buildApp } from './app';
import { AccountError, bootstrapAdmin } from './auth/accounts';
import { readConfig } from './config';
import { startCpuProfile } from './cpu-profile';
import { openDatabase } from './db/connect';
import { failAbandonedPostcodeImports } from './db/postcode-lookup';
import { ensureReferenceData } from './db/reference-data';
import { jsonLogger } from './http/logging';

/**
 * How long one request may take to arrive in full. Node's default (5 minutes) would cut off a coordinator's upload
 * of the postcode directory (hundreds of megabytes) on a slow line; headers still must arrive within Node's
 * headersTimeout, so a client that never sends a request is still dropped.
 */
const REQUEST_TIMEOUT_MS = 2 * 60 * 60 * 1000;
/** Unix domain socket paths longer than this do not fit in sockaddr_un (108 bytes on Linux, 104 on macOS). */
const MAX_SOCKET_PATH = 100;

const config = readConfig();
let lock: DataDirLock | null = null;

/** A start-up refusal: one line on standard error and exit 1, no stack trace. */
async function refuseToStart(message: string): Promise<never> {
  process.stderr.write(`${message}\n`);
  await lock?.release();
  process.exit(1);
}

const stopProfile = config.cpuProfileFile ? await startCpuProfile(config.cpuProfileFile) : null;
const socketPath = adminSocketPath(config.dataDir);
if (!config.databaseUrl) {
  await mkdir(config.dataDir, { recursive: true });
  // The embedded database has no lock of its own: a second process on the folder would lose writes or abort.
  const attempt = await acquireDataDirLock(config.dataDir, {
    kind: 'server',
    command: 'npm start',
    socket: socketPath,
  });
  if (!attempt.acquired) {
    await refuseToStart(
      `${heldMessage(config.dataDir, attempt.holder, attempt.lockFile)} Not starting a second server on it: stop that one first, or use another DATA_DIR.`,
    );
  } else {
    lock = attempt.lock;
  }
  if (socketPath.length > MAX_SOCKET_PATH) {
    await refuseToStart(
      `DATA_DIR is too long a path for the admin socket (${socketPath}): use a DATA_DIR of at most ${MAX_SOCKET_PATH - 11} characters.`,
    );
  }
}
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await ensureReferenceData(database.db);
let bootstrap: 'created' | 'skipped' = 'skipped';
try {
  bootstrap = await bootstrapAdmin(database.db, config.bootstrapAdmin);
} catch (error) {
  if (!(error instanceof AccountError)) throw error;
  await database.close();
  await refuseToStart(`Not starting: ${error.message}`);
}
// Only this server uses the embedded database, so an import still marked running was cut off by a stop.
if (database.kind === 'pglite') await failAbandonedPostcodeImports(database.db);

let adminSocket: AdminSocket | null = null;
if (lock) {
  adminSocket = await startAdminSocket(
    socketPath,
    (request) => runAdminRequest(database.db, request),
    (error) =>
      jsonLogger({
        level: 'error',
        time: new Date().toISOString(),
        event: 'admin-command-failed',
        error: error instanceof Error ? error.name : 'unknown',
      }),
  );
}

const app = buildApp({ db: database.db, distDir: config.distDir, tokenTtlMs: config.tokenTtlMs });
const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  jsonLogger({
    level: 'info',
    time: new Date().toISOString(),
    event: 'listening',
    url: `http://${config.host}:${info.port}`,
    database: database.kind,
    bootstrapAdmin: bootstrap,
    adminSocket: adminSocket?.path ?? null,
  });
});
(server as Server).requestTimeout = REQUEST_TIMEOUT_MS;

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  jsonLogger({ level: 'info', time: new Date().toISOString(), event: 'stopping', signal });
  // Stop accepting connections and commands, let requests in flight finish, close the database, let go of DATA_DIR.
  await Promise.all([new Promise<void>((resolve) => server.close(() => resolve())), adminSocket?.close()]);
  await database.close();
  await lock?.release();
  await stopProfile?.();
  process.exit(0);
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
