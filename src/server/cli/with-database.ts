// Runs a command-line operation where the database is: through the running server's admin socket when a server
// holds DATA_DIR, on the embedded database itself (holding DATA_DIR meanwhile) when none does, or on PostgreSQL
// directly with DATABASE_URL (the server reads accounts per request, so a change there takes effect at once).
import { mkdir } from 'node:fs/promises';
import { AdminUnreachableError, PING_TIMEOUT_MS, sendAdminRequest } from '../admin/admin-socket';
import { acquireDataDirLock, heldMessage, type LockHolder } from '../admin/data-dir-lock';
import { type AdminRequest, type AdminResponse, runAdminRequest } from '../admin/operations';
import { readConfig } from '../config';
import { openDatabase } from '../db/connect';

/** Prints the answer: its lines on standard output, or the refusal on standard error. Returns the exit code. */
function report(response: AdminResponse): number {
  if (!response.ok) {
    console.error(response.message);
    return 1;
  }
  for (const line of response.lines) console.log(line);
  return 0;
}

async function openAndRun(request: AdminRequest, options: { databaseUrl?: string; dataDir: string }) {
  const database = await openDatabase(options);
  try {
    return await runAdminRequest(database.db, request);
  } finally {
    await database.close();
  }
}

async function throughServer(dataDir: string, holder: LockHolder, lockFile: string, request: AdminRequest) {
  const socket = holder.socket as string;
  try {
    await sendAdminRequest(socket, { op: 'ping' }, PING_TIMEOUT_MS);
  } catch (error) {
    if (!(error instanceof AdminUnreachableError)) throw error;
    console.error(
      `${heldMessage(dataDir, holder, lockFile)} Its admin socket ${socket} does not answer (${error.message}), so nothing was changed: restart that server, or if no server runs, remove ${lockFile}.`,
    );
    return 1;
  }
  let response: AdminResponse;
  try {
    response = await sendAdminRequest(socket, request, null);
  } catch (error) {
    if (!(error instanceof AdminUnreachableError)) throw error;
    console.error(
      `The server (process ${holder.pid}) stopped answering before it said what it did (${error.message}): check with "npm run accounts -- list" before trying again.`,
    );
    return 1;
  }
  if (response.ok) console.error(`Done by the server running on ${dataDir} (process ${holder.pid}).`);
  return report(response);
}

/** Runs `request` (see the file comment) and returns the exit code: 0 done, 1 refused (nothing changed). */
export async function runAdminCommand(request: AdminRequest, command: string): Promise<number> {
  const config = readConfig();
  if (config.databaseUrl)
    return report(await openAndRun(request, { databaseUrl: config.databaseUrl, dataDir: '' }));
  await mkdir(config.dataDir, { recursive: true });
  const attempt = await acquireDataDirLock(config.dataDir, { kind: 'command', command, socket: null });
  if (!attempt.acquired) {
    if (attempt.holder.kind === 'server' && attempt.holder.socket) {
      return throughServer(config.dataDir, attempt.holder, attempt.lockFile, request);
    }
    console.error(heldMessage(config.dataDir, attempt.holder, attempt.lockFile));
    return 1;
  }
  try {
    return report(await openAndRun(request, { dataDir: config.dataDir }));
  } finally {
    await attempt.lock.release();
  }
}
