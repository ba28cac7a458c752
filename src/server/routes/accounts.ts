// Coordinators' accounts API: list accounts with their tablets (last contact, unsent count), create, disable,
// enable and reset a password. The same operations `npm run accounts` runs (src/server/auth/accounts.ts).
import { Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import {
  type AccountSummary,
  type AccountsResponse,
  CreateAccountRequestSchema,
  ResetPasswordRequestSchema,
} from '../../shared/console';
import {
  AccountError,
  type AccountErrorCode,
  createAccount,
  disableAccount,
  enableAccount,
  listAccounts,
  resetPassword,
} from '../auth/accounts';
import { requireRole } from '../auth/middleware';
import type { Database } from '../db/connect';
import type { AppEnv } from '../http/env';
import { ApiError, readJson } from '../http/errors';

const STATUS: Record<AccountErrorCode, ContentfulStatusCode> = {
  'invalid-request': 400,
  'account-exists': 409,
  'account-not-found': 404,
};

/** Runs an account operation, turning its refusal into the API's error. */
async function refusedAsApiError<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AccountError) throw new ApiError(STATUS[error.code], error.code, error.message);
    throw error;
  }
}

/** The account as the list shows it, after a change. */
async function summaryOf(db: Database, id: string): Promise<AccountSummary> {
  const [found] = await listAccounts(db, id);
  if (!found) throw new ApiError(404, 'account-not-found', 'There is no such account.');
  return found;
}

export function accountRoutes() {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireRole('coordinator'));

  routes.get('/', async (c) => {
    const body: AccountsResponse = { accounts: await listAccounts(c.get('db')) };
    return c.json(body);
  });

  routes.post('/', async (c) => {
    const db = c.get('db');
    const input = await readJson(c, CreateAccountRequestSchema);
    const account = await refusedAsApiError(() => createAccount(db, input));
    return c.json(await summaryOf(db, account.id), 201);
  });

  routes.post('/:id/disable', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    // Guard: a coordinator who disabled themselves would lock the console's last way back in.
    if (id === c.get('actor').id) {
      throw new ApiError(400, 'invalid-request', 'You cannot disable your own account.');
    }
    await refusedAsApiError(() => disableAccount(db, { id }));
    return c.json(await summaryOf(db, id));
  });

  routes.post('/:id/enable', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    await refusedAsApiError(() => enableAccount(db, { id }));
    return c.json(await summaryOf(db, id));
  });

  routes.post('/:id/reset-password', async (c) => {
    const db = c.get('db');
    const id = c.req.param('id');
    const { password } = await readJson(c, ResetPasswordRequestSchema);
    await refusedAsApiError(() => resetPassword(db, { id }, password));
    return c.json(await summaryOf(db, id));
  });

  return routes;
}
