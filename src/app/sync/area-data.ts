// Fetches the deprivation data the app ships (/area-data/imd2025.json). Offline it comes from the service
// worker's precache; it fails only on a first visit with no connection.
import type { CompactAreaData } from '../../shared/eligibility/area-data';

export const AREA_DATA_URL = '/area-data/imd2025.json';

export async function fetchAreaData(): Promise<CompactAreaData> {
  const response = await fetch(AREA_DATA_URL);
  if (!response.ok) throw new Error(`area data: ${response.status}`);
  return (await response.json()) as CompactAreaData;
}
