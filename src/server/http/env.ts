// The Hono environment type every route shares: the request id and the signed-in actor.
import type { RequestIdVariables } from 'hono/request-id';
import type { Actor } from '../auth/tokens';
import type { Database } from '../db/connect';

export type AppEnv = {
  Variables: RequestIdVariables & {
    actor: Actor;
    db: Database;
  };
};
