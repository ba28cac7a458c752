// The administrative commands (accounts, postcode import) as requests with one runner: the server runs them for
// its admin socket, `npm run accounts`/`npm run postcodes` run them directly when no server holds the database.
// Either way the answer is the same lines, and `ok` is false only when nothing was changed.
import { resolve } from 'node:path';
import * as v from 'valibot';
import {
  AccountError,
  createAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetPassword,
} from '../auth/accounts';
import type { Database } from '../db/connect';
import { importPostcodeFile, PostcodeFileError, PostcodeImportRunningError } from '../db/postcode-lookup';

const Name = v.string();

export const AdminRequestSchema = v.variant('op', [
  v.object({ op: v.literal('ping') }),
  v.object({ op: v.literal('create'), username: Name, password: v.string(), role: v.string() }),
  v.object({ op: v.literal('disable'), username: Name }),
  v.object({ op: v.literal('enable'), username: Name }),
  v.object({ op: v.literal('reset'), username: Name, password: v.string() }),
  v.object({ op: v.literal('list') }),
  /** An absolute path the server reads (the socket's peer is this machine's same user). */
  v.object({ op: v.literal('import-postcodes'), path: v.string() }),
]);
export type AdminRequest = v.InferOutput<typeof AdminRequestSchema>;

/** `lines` go to standard output on success; `message` to standard error on failure (exit 1). */
export type AdminResponse = { ok: true; lines: string[] } | { ok: false; message: string };

/** Errors that mean "refused, nothing changed", with a message for a person. */
export function isRefusal(error: unknown): error is Error {
  return (
    error instanceof AccountError ||
    error instanceof PostcodeFileError ||
    error instanceof PostcodeImportRunningError
  );
}

async function run(db: Database, request: AdminRequest): Promise<string[]> {
  switch (request.op) {
    case 'ping':
      return ['pong'];
    case 'create': {
      const account = await createAccount(db, {
        username: request.username,
        password: request.password,
        role: request.role as 'worker',
      });
      return [`Created ${account.role} ${account.username} (${account.id}).`];
    }
    case 'disable': {
      const { account, changed } = await disableAccount(db, { username: request.username });
      return [
        changed
          ? `Disabled ${account.username}; their sessions are revoked.`
          : `${account.username} was already disabled; nothing changed.`,
      ];
    }
    case 'enable': {
      const { account, changed } = await enableAccount(db, { username: request.username });
      return [
        changed
          ? `Enabled ${account.username}; they sign in again (their old sessions stay revoked).`
          : `${account.username} was not disabled; nothing changed.`,
      ];
    }
    case 'reset': {
      const { account } = await resetPassword(db, { username: request.username }, request.password);
      return [`New password set for ${account.username}; their old sessions are revoked.`];
    }
    case 'list':
      return (await listAccounts(db)).map(
        (account) => `${account.username}\t${account.role}\t${account.disabledAt ? 'disabled' : 'active'}`,
      );
    case 'import-postcodes': {
      const { version, stats } = await importPostcodeFile(db, resolve(request.path));
      return [
        `Imported ${stats.kept} postcodes as ${version} (${stats.rows} rows read: ${stats.terminated} terminated, ${stats.outsideArea} outside Mid and South Essex, ${stats.invalid} not valid).`,
      ];
    }
  }
}

/** Runs one request; a refusal becomes `ok: false`, anything else is thrown (a fault, not an answer). */
export async function runAdminRequest(db: Database, request: AdminRequest): Promise<AdminResponse> {
  try {
    return { ok: true, lines: await run(db, request) };
  } catch (error) {
    if (isRefusal(error)) return { ok: false, message: error.message };
    throw error;
  }
}
