// Route guards: a valid bearer token for every API route but login and health, and the coordinator role.
import type { MiddlewareHandler } from 'hono';
import type { Role } from '../../shared/api';
import type { AppEnv } from '../http/env';
import { ApiError } from '../http/errors';
import { checkToken } from './tokens';

const MESSAGES = {
  'missing-token': 'Sign in first: this request has no bearer token.',
  'invalid-token': 'Sign in again: this token is not valid (unknown, revoked, or its account is disabled).',
  'token-expired': 'Sign in again: this session has expired.',
} as const;

export const requireToken: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(401, 'missing-token', MESSAGES['missing-token']);
  const check = await checkToken(c.get('db'), match[1] as string);
  if (!check.ok) throw new ApiError(401, check.reason, MESSAGES[check.reason]);
  c.set('actor', check.actor);
  await next();
};

export function requireRole(role: Role): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.get('actor').role !== role) {
      throw new ApiError(403, 'forbidden', `Only a ${role} can do this.`);
    }
    await next();
  };
}
