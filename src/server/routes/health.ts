// GET /healthz (the process is up) and GET /readyz (the database answers).
import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '../http/env';

export function healthRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/healthz', (c) => c.json({ status: 'ok' }));
  routes.get('/readyz', async (c) => {
    try {
      await c.get('db').execute(sql`SELECT 1`);
      return c.json({ status: 'ready' });
    } catch {
      return c.json(
        { error: { code: 'database-unavailable', message: 'The database is not answering.' } },
        503,
      );
    }
  });
  return routes;
}
