// The embedded database's folder has one holder at a time: a lock file in DATA_DIR names the process (server or
// command line) and, for a server, its admin socket. PGlite has no lock of its own; two processes opening one
// folder lose writes or abort.
import { readFileSync, unlinkSync } from 'node:fs';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE_NAME = 'anchor.lock';
export const ADMIN_SOCKET_NAME = 'admin.sock';

export interface LockHolder {
  pid: number;
  kind: 'server' | 'command';
  /** What holds it, for the message another process prints ("npm start", "npm run accounts -- create"). */
  command: string;
  /** The server's admin socket; null for a command-line holder. */
  socket: string | null;
  startedAt: string;
}

export type LockAttempt =
  | { acquired: true; lock: DataDirLock }
  | { acquired: false; holder: LockHolder; lockFile: string };

export interface DataDirLock {
  file: string;
  holder: LockHolder;
  /** Removes the lock file if it is still this process's. */
  release(): Promise<void>;
}

/** A half-written lock file (its holder is between create and write) is read again this many times. */
const UNREADABLE_RETRIES = 20;
const UNREADABLE_WAIT_MS = 50;

export const lockFilePath = (dataDir: string) => join(dataDir, LOCK_FILE_NAME);
export const adminSocketPath = (dataDir: string) => join(dataDir, ADMIN_SOCKET_NAME);

/** True while a process with this id exists (EPERM: it exists but belongs to another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function parseHolder(text: string): LockHolder | null {
  try {
    const value = JSON.parse(text) as Partial<LockHolder>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return null;
    return {
      pid: value.pid,
      kind: value.kind === 'server' ? 'server' : 'command',
      command: typeof value.command === 'string' ? value.command : 'another process',
      socket: typeof value.socket === 'string' ? value.socket : null,
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : '',
    };
  } catch {
    return null;
  }
}

/** The current holder of DATA_DIR, or null when nobody (alive) holds it. */
export async function readLockHolder(dataDir: string): Promise<LockHolder | null> {
  const file = lockFilePath(dataDir);
  for (let attempt = 0; attempt <= UNREADABLE_RETRIES; attempt++) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const holder = parseHolder(text);
    // Our own id in a lock we did not take is a dead process's (a container restarted with the same pid).
    if (holder) return holder.pid !== process.pid && processAlive(holder.pid) ? holder : null;
    await new Promise((resolve) => setTimeout(resolve, UNREADABLE_WAIT_MS));
  }
  // Unreadable for a second: left by a process that died while writing it.
  return null;
}

/**
 * Takes DATA_DIR for this process, or says who holds it. A lock whose process has died is taken over. The file is
 * created exclusively (O_EXCL), so of two processes starting together one gets it and the other is told.
 */
export async function acquireDataDirLock(
  dataDir: string,
  who: Omit<LockHolder, 'pid' | 'startedAt'>,
): Promise<LockAttempt> {
  const file = lockFilePath(dataDir);
  const holder: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), ...who };
  for (;;) {
    try {
      await writeFile(file, `${JSON.stringify(holder)}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = await readLockHolder(dataDir);
    if (current) return { acquired: false, holder: current, lockFile: file };
    // Stale: moved aside under a name only this process uses (rename is atomic), then created afresh above.
    const aside = `${file}.stale-${process.pid}`;
    try {
      await rename(file, aside);
      await unlink(aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  let released = false;
  const ours = () => {
    try {
      return parseHolder(readFileSync(file, 'utf8'))?.pid === process.pid;
    } catch {
      return false;
    }
  };
  const releaseSync = () => {
    if (released) return;
    released = true;
    if (ours()) unlinkSync(file);
  };
  // However the process ends (an uncaught error, process.exit), the lock goes with it.
  process.once('exit', releaseSync);
  return {
    acquired: true,
    lock: {
      file,
      holder,
      async release() {
        process.removeListener('exit', releaseSync);
        releaseSync();
      },
    },
  };
}

/** One line for a person: who holds DATA_DIR and what to do. */
export function heldMessage(dataDir: string, holder: LockHolder, lockFile: string): string {
  const since = holder.startedAt ? ` since ${holder.startedAt}` : '';
  if (holder.kind === 'server') {
    return `The database in ${dataDir} is held by a running server (${holder.command}, process ${holder.pid}${since}).`;
  }
  return `The database in ${dataDir} is in use by ${holder.command} (process ${holder.pid}${since}); wait for it to finish, or stop it (lock file ${lockFile}).`;
}
