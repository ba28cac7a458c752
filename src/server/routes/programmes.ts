// GET /programmes (any signed-in user), PUT /programmes/{id}, POST /programmes/micro-grant/rounds and
// GET /programmes/{id}/versions (coordinators): programme settings as data, each save a new version (kept in
// programme_versions) that tablets get on their next pull, with the grant pot of every round kept in step.
import { and, desc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import * as v from 'valibot';
import { NewRoundRequestSchema, type ProgrammeVersionsResponse } from '../../shared/console';
import { formatIsoDate, formatPence } from '../../shared/eligibility/format';
import { grantAmountPence } from '../../shared/payloads';
import {
  type GrantProgramme,
  type GrantRound,
  grantRounds,
  type Programme,
  ProgrammeSchema,
} from '../../shared/programmes';
import { requireRole } from '../auth/middleware';
import type { Transaction } from '../db/connect';
import { loadProgrammes } from '../db/reference-data';
import { funds, programmes, programmeVersions, records } from '../db/schema';
import type { AppEnv } from '../http/env';
import { ApiError, readJson, readJsonBody } from '../http/errors';
import { adjustPot, countsFor, GRANT_PROGRAMME_ID, lockPots, roundIdFor } from '../sync/grant-pot';

/** A problem with one field of the settings, as `details` of a 400 (the console shows it beside the field). */
const fieldProblem = (code: 'invalid-request' | 'invalid-programme', path: string, message: string) =>
  new ApiError(
    400,
    code,
    message,
    code === 'invalid-request' ? [{ path, message }] : { issues: [{ path, message }] },
  );

/**
 * Checks one round's own dates and that its application window overlaps no other round's (an application's
 * received date must name one round). `others` excludes the round itself.
 */
function roundProblem(
  round: GrantRound,
  others: readonly GrantRound[],
): { path: string; message: string } | null {
  if (round.applicationWindow.closes < round.applicationWindow.opens)
    return {
      path: 'applicationWindow.closes',
      message: 'Applications must close on or after the day they open',
    };
  if (round.spendWindow.to < round.spendWindow.from)
    return { path: 'spendWindow.to', message: 'The spending period must end on or after the day it starts' };
  const clash = others.find(
    (other) =>
      other.applicationWindow.opens <= round.applicationWindow.closes &&
      round.applicationWindow.opens <= other.applicationWindow.closes,
  );
  if (clash)
    return {
      path: 'applicationWindow.opens',
      message: `The application window overlaps the ${clash.name} round’s (${formatIsoDate(clash.applicationWindow.opens)} to ${formatIsoDate(clash.applicationWindow.closes)})`,
    };
  return null;
}

/** Rounds oldest first (by the day applications open), with the top-level fields mirroring the newest. */
function withRounds(programme: GrantProgramme, rounds: readonly GrantRound[]): GrantProgramme {
  const sorted = [...rounds].sort((a, b) =>
    a.applicationWindow.opens.localeCompare(b.applicationWindow.opens),
  );
  const newest = sorted.at(-1) as GrantRound;
  return {
    ...programme,
    rounds: sorted,
    applicationWindow: newest.applicationWindow,
    spendWindow: newest.spendWindow,
    potPence: newest.potPence,
  };
}

/** Locks the programme's row and checks the version the coordinator saw is still the current one. */
async function lockCurrent(tx: Transaction, id: string, seenVersion: number) {
  const [current] = await tx.select().from(programmes).where(eq(programmes.id, id)).for('update');
  if (!current) throw new ApiError(404, 'not-found', 'There is no such programme.');
  if (current.version !== seenVersion) {
    throw new ApiError(409, 'version-conflict', 'Someone changed these settings first: reload them.', {
      currentVersion: current.version,
    });
  }
  return { ...current, settings: current.settings as Programme };
}

/** Saves `next` as the programme's current settings and as a new row of its history, in the caller's transaction. */
async function saveVersion(tx: Transaction, next: Programme, savedBy: string) {
  const now = new Date();
  await tx
    .update(programmes)
    .set({ version: next.version, settings: next, updatedAt: now })
    .where(eq(programmes.id, next.id));
  await tx
    .insert(programmeVersions)
    .values({ programmeId: next.id, version: next.version, settings: next, savedBy, savedAt: now });
}

/**
 * Puts every grant application in the round its received date now falls in (new or moved round windows), moving
 * what each counts as requested between the rounds' pots, under their locks. An approved or paid application
 * never changes round: settings that would move one are refused.
 */
async function reassignRounds(tx: Transaction, programme: GrantProgramme): Promise<void> {
  const rows = await tx
    .select({
      id: records.id,
      roundId: records.roundId,
      receivedOn: records.receivedOn,
      reviewState: records.reviewState,
      payload: records.payload,
      countedRequestPence: records.countedRequestPence,
      countedApprovedPence: records.countedApprovedPence,
    })
    .from(records)
    .where(eq(records.type, 'grant-application'))
    .for('update');
  const moves = rows
    .map((row) => ({ row, roundId: roundIdFor(programme, row.receivedOn) }))
    .filter(({ row, roundId }) => roundId !== row.roundId);
  if (moves.length === 0) return;
  const decided = moves.find(({ row }) => row.countedApprovedPence > 0);
  if (decided) {
    throw fieldProblem(
      'invalid-programme',
      'rounds',
      `These windows would move an approved application (received ${decided.row.receivedOn ? formatIsoDate(decided.row.receivedOn) : 'on no date'}) out of its round.`,
    );
  }
  const delta = new Map<string, number>();
  const add = (roundId: string | null, pence: number) => {
    if (roundId !== null && pence !== 0) delta.set(roundId, (delta.get(roundId) ?? 0) + pence);
  };
  for (const { row, roundId } of moves) {
    const requested =
      roundId === null ? 0 : countsFor(row.reviewState, grantAmountPence(row.payload)).requestedPence;
    add(row.roundId, -row.countedRequestPence);
    add(roundId, requested);
    await tx.update(records).set({ roundId, countedRequestPence: requested }).where(eq(records.id, row.id));
  }
  await lockPots(tx, [...delta.keys()]);
  for (const [roundId, pence] of delta) await adjustPot(tx, roundId, { requestedPence: pence });
}

/**
 * Gives every round its pot row and the round's pot, refusing a pot below what is already approved from it.
 * Missing rows go in first without locking any existing row (applications are then counted into them), and the
 * pots are resized after, in id order as lockPots takes them: by then this transaction holds every grant
 * application's row, so no review or push can hold a pot while waiting for one of them (no deadlock).
 */
async function addPotRows(tx: Transaction, programme: GrantProgramme): Promise<void> {
  for (const round of grantRounds(programme)) {
    await tx
      .insert(funds)
      .values({ programmeId: programme.id, roundId: round.id, potPence: round.potPence })
      .onConflictDoNothing();
  }
}

async function resizePots(tx: Transaction, programme: GrantProgramme): Promise<void> {
  const rounds = [...grantRounds(programme)].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const round of rounds) {
    const [pot] = await tx
      .select()
      .from(funds)
      .where(and(eq(funds.programmeId, programme.id), eq(funds.roundId, round.id)))
      .for('update');
    if (pot && round.potPence < pot.approvedPence) {
      throw new ApiError(
        400,
        'pot-below-approved',
        `The ${round.name} round’s pot cannot be less than the ${formatPence(pot.approvedPence)} already approved from it.`,
        { roundId: round.id, approvedPence: pot.approvedPence },
      );
    }
    await tx
      .update(funds)
      .set({ potPence: round.potPence, updatedAt: sql`now()` })
      .where(and(eq(funds.programmeId, programme.id), eq(funds.roundId, round.id)));
  }
}

/** Refuses settings that drop (or rename) a round some application or approval names. */
async function checkRoundsKept(tx: Transaction, before: GrantProgramme, after: GrantProgramme) {
  const kept = new Set(grantRounds(after).map((round) => round.id));
  for (const round of grantRounds(before)) {
    if (kept.has(round.id)) continue;
    const [used] = await tx
      .select({ id: records.id })
      .from(records)
      .where(eq(records.roundId, round.id))
      .limit(1);
    if (used) {
      throw fieldProblem(
        'invalid-programme',
        'rounds',
        `The ${round.name} round (${round.id}) has applications, so it cannot be removed or given another id.`,
      );
    }
  }
}

export function programmeRoutes() {
  const routes = new Hono<AppEnv>();
  routes.get('/', async (c) => c.json({ programmes: await loadProgrammes(c.get('db')) }));

  /**
   * Replaces a programme's settings as a new version (checks record the version they used). The body's `version`
   * must be the current one, so two coordinators editing at once cannot overwrite each other (409). For the grant
   * programme the rounds are checked, the top-level window and pot mirror the newest round, each round's pot row
   * follows its round (never below what it has approved), and applications move to the round their received date
   * now falls in, all in the same transaction.
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
    const actor = c.get('actor');
    const saved = await c.get('db').transaction(async (tx) => {
      const current = await lockCurrent(tx, settings.id, settings.version);
      let next: Programme = { ...settings, version: current.version + 1 };
      if (next.kind === 'grant') {
        const rounds = grantRounds(next);
        const ids = new Set<string>();
        for (const [index, round] of rounds.entries()) {
          if (ids.has(round.id))
            throw fieldProblem(
              'invalid-programme',
              `rounds.${index}.id`,
              `Two rounds have the id ${round.id}`,
            );
          ids.add(round.id);
          const problem = roundProblem(round, rounds.slice(0, index));
          if (problem)
            throw fieldProblem('invalid-programme', `rounds.${index}.${problem.path}`, problem.message);
        }
        next = withRounds(next, rounds);
        await checkRoundsKept(tx, current.settings as GrantProgramme, next);
        await addPotRows(tx, next);
        await reassignRounds(tx, next);
        await resizePots(tx, next);
      }
      await saveVersion(tx, next, actor.id);
      return next;
    });
    return c.json({ programme: saved });
  });

  /**
   * Opens a new round of the micro-grant: a new settings version with the round added (the top-level window and
   * pot then mirror the newest round), its pot row, and any application received inside its window (until now in
   * no round) counted in it.
   */
  routes.post('/micro-grant/rounds', requireRole('coordinator'), async (c) => {
    const request = await readJson(c, NewRoundRequestSchema);
    const round: GrantRound = request.round;
    const actor = c.get('actor');
    const saved = await c.get('db').transaction(async (tx) => {
      const current = await lockCurrent(tx, GRANT_PROGRAMME_ID, request.version);
      const programme = current.settings as GrantProgramme;
      const rounds = grantRounds(programme);
      if (rounds.some((existing) => existing.id === round.id)) {
        throw new ApiError(409, 'round-exists', `There is already a round with the id ${round.id}.`, {
          roundId: round.id,
        });
      }
      const problem = roundProblem(round, rounds);
      if (problem) throw fieldProblem('invalid-request', `round.${problem.path}`, problem.message);
      const next = withRounds({ ...programme, version: current.version + 1 }, [...rounds, round]);
      await addPotRows(tx, next);
      await reassignRounds(tx, next);
      await resizePots(tx, next);
      await saveVersion(tx, next, actor.id);
      return next;
    });
    return c.json({ programme: saved }, 201);
  });

  /** Every saved version of a programme's settings, newest first (coordinators). */
  routes.get('/:id/versions', requireRole('coordinator'), async (c) => {
    const rows = await c
      .get('db')
      .select()
      .from(programmeVersions)
      .where(eq(programmeVersions.programmeId, c.req.param('id')))
      .orderBy(desc(programmeVersions.version));
    if (rows.length === 0) throw new ApiError(404, 'not-found', 'There is no such programme.');
    const body: ProgrammeVersionsResponse = {
      versions: rows.map((row) => ({
        version: row.version,
        settings: row.settings as Programme,
        savedAt: row.savedAt.toISOString(),
        savedBy: row.savedBy,
      })),
    };
    return c.json(body);
  });
  return routes;
}
