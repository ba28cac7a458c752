// The server's admin socket: a Unix domain socket in DATA_DIR, mode 0600, so only the user the server runs as can
// connect (file permission is the authentication, as PostgreSQL's peer authentication). One JSON request per
// connection, one JSON answer, each a line.
import { chmod, unlink } from 'node:fs/promises';
import { connect, createServer, type Server } from 'node:net';
import * as v from 'valibot';
import { type AdminRequest, AdminRequestSchema, type AdminResponse } from './operations';

/** A request line is small (a username and password, or a file path): anything longer is refused. */
const MAX_REQUEST_BYTES = 64 * 1024;
/** How long the command line waits for a ping's answer before saying the server does not answer. */
export const PING_TIMEOUT_MS = 5000;

export interface AdminSocket {
  path: string;
  close(): Promise<void>;
}

function refuse(message: string): AdminResponse {
  return { ok: false, message };
}

/**
 * Listens on `path` (a stale socket file there is removed: the caller holds the DATA_DIR lock) and answers each
 * request with `handle`. A fault in `handle` is answered as a failure and passed to `onFault` (logged).
 */
export async function startAdminSocket(
  path: string,
  handle: (request: AdminRequest) => Promise<AdminResponse>,
  onFault: (error: unknown) => void,
): Promise<AdminSocket> {
  await unlink(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
  const server: Server = createServer((socket) => {
    let buffered = '';
    let answered = false;
    const answer = (response: AdminResponse) => {
      if (answered) return;
      answered = true;
      socket.end(`${JSON.stringify(response)}\n`);
    };
    socket.setEncoding('utf8');
    socket.on('error', () => socket.destroy());
    socket.on('data', (chunk: string) => {
      if (answered) return;
      buffered += chunk;
      if (buffered.length > MAX_REQUEST_BYTES) return answer(refuse('The request is too long.'));
      const newline = buffered.indexOf('\n');
      if (newline < 0) return;
      let parsed: v.SafeParseResult<typeof AdminRequestSchema>;
      try {
        parsed = v.safeParse(AdminRequestSchema, JSON.parse(buffered.slice(0, newline)));
      } catch {
        return answer(refuse('The request is not JSON.'));
      }
      if (!parsed.success) return answer(refuse('The request is not one the server knows.'));
      handle(parsed.output).then(answer, (error: unknown) => {
        onFault(error);
        answer(refuse('The server failed to do this; see its log.'));
      });
    });
  });
  // Created with no permission for group or others, so no moment exists where another user could connect.
  const previousMask = process.umask(0o177);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } finally {
    process.umask(previousMask);
  }
  await chmod(path, 0o600);
  return {
    path,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  };
}

/** The socket is not there or nobody answers on it. */
export class AdminUnreachableError extends Error {
  override readonly name = 'AdminUnreachableError';
}

/**
 * Sends one request and waits for the answer. `timeoutMs` bounds the whole exchange (null: wait as long as the
 * server works, e.g. an import; the server is known to answer from a ping just before).
 */
export function sendAdminRequest(
  path: string,
  request: AdminRequest,
  timeoutMs: number | null,
): Promise<AdminResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    let buffered = '';
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      socket.destroy();
      reject(new AdminUnreachableError(message));
    };
    const timer =
      timeoutMs === null ? null : setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify(request)}\n`));
    socket.on('error', (error: NodeJS.ErrnoException) => fail(error.code ?? error.message));
    socket.on('data', (chunk: string) => {
      buffered += chunk;
    });
    socket.on('end', () => {
      if (timer) clearTimeout(timer);
      if (settled) return;
      const line = buffered.split('\n')[0] ?? '';
      try {
        const response = JSON.parse(line) as AdminResponse;
        settled = true;
        resolve(response);
      } catch {
        fail('the answer was not JSON');
      }
    });
  });
}
