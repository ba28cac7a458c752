// The console's grant pot calls: each round's totals (also by district) and opening a new round.
import type * as v from 'valibot';
import type { NewRoundRequestSchema, PotResponse } from '../../../shared/console';
import type { GrantProgramme } from '../../../shared/programmes';
import { consoleJson } from '../console-client';

export type NewRoundRequest = v.InferOutput<typeof NewRoundRequestSchema>;

/** The grant programme the pot and its rounds belong to (the only grant programme so far). */
export const GRANT_PROGRAMME_ID = 'micro-grant';

/** GET /grant-pot: every round's pot, newest first, with its totals by the applicant's district. */
export const fetchPot = (): Promise<PotResponse> => consoleJson<PotResponse>('/grant-pot');

/**
 * POST /programmes/micro-grant/rounds: opens a round (a new settings version). Refusals come back as ConsoleError:
 * 400 with field issues, 409 `round-exists` or `version-conflict`.
 */
export const openRound = (request: NewRoundRequest): Promise<{ programme?: GrantProgramme }> =>
  consoleJson<{ programme?: GrantProgramme }>(`/programmes/${GRANT_PROGRAMME_ID}/rounds`, {
    method: 'POST',
    body: request,
  });
