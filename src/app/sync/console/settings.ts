// The console's programme settings calls: the current settings, saving a new version, and the version history.
import type { ProgrammeVersionsResponse } from '../../../shared/console';
import type { Programme } from '../../../shared/programmes';
import { consoleJson } from '../console-client';

/** GET /programmes: every programme's current settings (each with its version). */
export async function fetchProgrammes(): Promise<Programme[]> {
  return (await consoleJson<{ programmes: Programme[] }>('/programmes')).programmes;
}

/**
 * PUT /programmes/{id}: the whole settings with the version the coordinator saw; the answer is the saved settings
 * (version bumped). 409 `version-conflict` when someone saved first.
 */
export async function saveProgramme(settings: Programme): Promise<Programme> {
  return (
    await consoleJson<{ programme: Programme }>(`/programmes/${encodeURIComponent(settings.id)}`, {
      method: 'PUT',
      body: settings,
    })
  ).programme;
}

/** GET /programmes/{id}/versions: every saved version, newest first. */
export const fetchProgrammeVersions = (id: string): Promise<ProgrammeVersionsResponse> =>
  consoleJson<ProgrammeVersionsResponse>(`/programmes/${encodeURIComponent(id)}/versions`);
