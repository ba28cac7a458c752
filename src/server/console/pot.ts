// GET /grant-pot (coordinators): each round's pot (total, requested, approved, paid, remaining), newest round
// first, also by the applicant's district (through the postcode lookup; null where the postcode is not in it).
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import type { PotResponse } from '../../shared/console';
import { grantRounds } from '../../shared/programmes';
import { requireRole } from '../auth/middleware';
import type { Database } from '../db/connect';
import { funds, postcodePlaces, records } from '../db/schema';
import type { AppEnv } from '../http/env';
import { GRANT_PROGRAMME_ID, loadGrantProgramme } from '../sync/grant-pot';

/** The pot of every round of the micro-grant, newest first, with each round's totals by district. */
export async function readPot(db: Database): Promise<PotResponse> {
  const programme = await loadGrantProgramme(db);
  const [pots, byDistrict] = await Promise.all([
    db.select().from(funds).where(eq(funds.programmeId, GRANT_PROGRAMME_ID)),
    db
      .select({
        roundId: records.roundId,
        districtCode: postcodePlaces.districtCode,
        requestedPence: sql<string>`coalesce(sum(${records.countedRequestPence}), 0)`,
        approvedPence: sql<string>`coalesce(sum(${records.countedApprovedPence}), 0)`,
        paidPence: sql<string>`coalesce(sum(${records.countedPaidPence}), 0)`,
        applications: sql<string>`count(*)`,
      })
      .from(records)
      .leftJoin(postcodePlaces, eq(postcodePlaces.postcode, records.postcodeKey))
      .where(and(eq(records.type, 'grant-application'), isNotNull(records.roundId)))
      .groupBy(records.roundId, postcodePlaces.districtCode)
      .orderBy(records.roundId, postcodePlaces.districtCode),
  ]);
  const rounds = [...grantRounds(programme)].reverse().map((round) => {
    const pot = pots.find((row) => row.roundId === round.id);
    const districts = byDistrict
      .filter((row) => row.roundId === round.id)
      .map((row) => ({
        districtCode: row.districtCode,
        requestedPence: Number(row.requestedPence),
        approvedPence: Number(row.approvedPence),
        paidPence: Number(row.paidPence),
        applications: Number(row.applications),
      }));
    const potPence = pot?.potPence ?? round.potPence;
    const approvedPence = pot?.approvedPence ?? 0;
    return {
      round,
      potPence,
      requestedPence: pot?.requestedPence ?? 0,
      approvedPence,
      paidPence: pot?.paidPence ?? 0,
      remainingPence: potPence - approvedPence,
      applications: districts.reduce((sum, row) => sum + row.applications, 0),
      byDistrict: districts,
    };
  });
  return { programmeId: GRANT_PROGRAMME_ID, rounds };
}

export function potRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/', requireRole('coordinator'), async (c) => c.json(await readPot(c.get('db'))));
  return routes;
}
