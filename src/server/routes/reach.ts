// Coordinators' reach route: GET /reach?from=&to= (src/server/console/reach.ts counts; src/shared/console.ts types).
import { Hono } from 'hono';
import * as v from 'valibot';
import { ReachQuerySchema } from '../../shared/console';
import { requireRole } from '../auth/middleware';
import { reachFigures } from '../console/reach';
import type { AppEnv } from '../http/env';
import { ApiError, issueDetails } from '../http/errors';

export function reachRoutes() {
  const routes = new Hono<AppEnv>();
  routes.use('*', requireRole('coordinator'));

  routes.get('/', async (c) => {
    const query = v.safeParse(ReachQuerySchema, c.req.query());
    if (!query.success) {
      throw new ApiError(
        400,
        'invalid-query',
        query.issues[0]?.message ?? 'Check the dates.',
        issueDetails(query.issues),
      );
    }
    return c.json(await reachFigures(c.get('db'), query.output));
  });

  return routes;
}
