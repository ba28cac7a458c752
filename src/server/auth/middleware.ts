// Route guards: a valid bearer token for every API route but login and health, the device a token is bound to,
// and the coordinator role.
import type { MiddlewareHandler } from 'hono';
import type { Role } from '../../shared/api';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import { type Actor, checkToken, type TokenCheckOptions } from './tokens';

const MESSAGES = {
  'missing-token': 'Sign in first: this request has no bearer token.',
  'invalid-token': 'Sign in again: this token is not valid (unknown or revoked).',
  'token-expired': 'Sign in again: this session has expired.',
  'account-disabled': 'This account has been disabled by the central team.',
} as const;

/** A bearer-token guard; `allowDisabled` lets a disabled account's last token through (see checkToken). */
export function tokenGuard(options: TokenCheckOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(401, 'missing-token', MESSAGES['missing-token']);
    const check = await checkToken(c.get('db'), match[1] as string, new Date(), options);
    if (!check.ok) {
      throw new ApiError(
        check.reason === 'account-disabled' ? 403 : 401,
        check.reason,
        MESSAGES[check.reason],
      );
    }
    c.set('actor', check.actor);
    await next();
  };
}

/** The guard on every signed-in route: a disabled account's token is answered 403 `account-disabled`. */
export const requireToken = tokenGuard();

/** For the few routes a disabled worker's tablet must still reach with that worker's token. */
export const requireTokenAllowingDisabled = tokenGuard({ allowDisabled: true });

export const ACCOUNT_DISABLED_MESSAGE = MESSAGES['account-disabled'];

/** Refuses a token bound to another device (its login named one); a token issued without a device id is not bound. */
export function checkTokenDevice(actor: Actor, deviceId: string): void {
  if (actor.tokenDeviceId !== null && actor.tokenDeviceId !== deviceId) {
    throw new ApiError(
      403,
      'token-for-another-device',
      'This sign-in was made on another device. Sign in again on this tablet.',
    );
  }
}

export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('actor').role !== role) {
      throw new ApiError(403, 'forbidden', `Only a ${role} can do this.`);
    }
    await next();
  };
}
