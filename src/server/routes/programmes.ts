// GET /programmes (any signed-in user) and PUT /programmes/{id} (coordinators): programme settings as data, so
// thresholds, amounts, windows and the pot change without a release. Tablets get them on their next pull.
import { eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import { ProgrammeSchema } from '../../shared/programmes';
import { requireRole } from '../auth/middleware';
import { loadProgrammes } from '../db/reference-data';
import { funds, programmes } from '../db/schema';
import type { AppEnv } from '../http/env';
import { ApiError, readJsonBody } from '../http/errors';

export function programmeRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => c.json({ programmes: await loadProgrammes(c.get('db')) }));

  /**
   * Replaces a programme's settings and bumps its version (checks record the version they used). The body's
   * `version` must be the current one, so two coordinators editing at once cannot overwrite each other (409).
   * A new pot for the grant programme moves the pot in the same transaction, under its row lock.
   */
  routes.put('/:id', requireRole('coordinator'), async (c) => {
    const parsed = v.safeParse(ProgrammeSchema, await readJsonBody(c));
    if (!parsed.success) {
      throw new ApiError(400, 'invalid-programme', 'The programme settings are not valid.', {
        issues: parsed.issues.map((issue) => ({ path: v.getDotPath(issue), message: issue.message })),
      });
    }
    const settings = parsed.output;
    if (settings.id !== c.req.param('id'))
      throw new ApiError(400, 'invalid-programme', 'The settings are for another programme.');
    const saved = await c.get('db').transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(programmes)
        .where(eq(programmes.id, settings.id))
        .for('update');
      if (!current) throw new ApiError(404, 'not-found', 'There is no such programme.');
      if (current.version !== settings.version) {
        throw new ApiError(409, 'version-conflict', 'Someone changed these settings first: reload them.', {
          currentVersion: current.version,
        });
      }
      const next = { ...settings, version: current.version + 1 };
      await tx
        .update(programmes)
        .set({ version: next.version, settings: next, updatedAt: new Date() })
        .where(eq(programmes.id, next.id));
      if (next.kind === 'grant') {
        const [pot] = await tx.select().from(funds).where(eq(funds.programmeId, next.id)).for('update');
        if (pot && next.potPence < pot.approvedPence) {
          throw new ApiError(
            400,
            'pot-below-approved',
            'The pot cannot be less than the grants already approved.',
            {
              approvedPence: pot.approvedPence,
            },
          );
        }
        await tx
          .update(funds)
          .set({ potPence: next.potPence, updatedAt: sql`now()` })
          .where(eq(funds.programmeId, next.id));
      }
      return next;
    });
    return c.json({ programme: saved });
  });
  return routes;
}
