// Structured request logs: one JSON line per request with its id, route, status and timing; no bodies, no queries.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from './env';

export type LogLine = Record<string, string | number | boolean | null | undefined>;
export type Logger = (line: LogLine) => void;

export const jsonLogger: Logger = (line) => process.stdout.write(`${JSON.stringify(line)}\n`);
export const silentLogger: Logger = () => undefined;

/** Logs the matched route pattern (ids stay out of the log), never bodies, query strings or usernames. */
export function requestLog(log: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    log({
      level: c.res.status >= 500 ? 'error' : 'info',
      time: new Date().toISOString(),
      requestId: c.get('requestId'),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
      account: c.get('actor')?.id,
    });
  };
}
