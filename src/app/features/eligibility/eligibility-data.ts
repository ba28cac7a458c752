// Loads what the rules need on the tablet: the deprivation data (a precached app file), the postcode lookup and
// programme settings (from the store) and the grant pot as last heard, and shares them with the check screens.
import { useEffect, useState } from 'preact/hooks';
import type { FundState } from '../../../shared/eligibility/answers';
import {
  type AreaData,
  areaDataFrom,
  type CompactAreaData,
  type PostcodeLookup,
} from '../../../shared/eligibility/area-data';
import { postcodeLookupFrom } from '../../../shared/eligibility/postcode-import';
import {
  type ProgrammesOnTablet,
  readFundState,
  readPostcodeLookup,
  readProgrammes,
} from '../../db/reference';
import { fetchAreaData } from '../../sync/area-data';

export interface EligibilityData {
  areas: AreaData;
  postcodes: PostcodeLookup | null;
  programmes: ProgrammesOnTablet;
  funds: FundState | null;
}

let areaData: Promise<AreaData> | null = null;
let lookup: { version: string; value: PostcodeLookup } | null = null;

/** The deprivation data, fetched once per page load. Offline it comes from the service worker's precache. */
export function loadAreaData(): Promise<AreaData> {
  areaData ??= fetchAreaData()
    .then(areaDataFrom)
    .catch((error: unknown) => {
      areaData = null;
      throw error;
    });
  return areaData;
}

/** For tests (jsdom has no app server): use this data instead of fetching it. */
export function useAreaDataForTests(compact: CompactAreaData): void {
  areaData = Promise.resolve(areaDataFrom(compact));
}

async function loadLookup(): Promise<PostcodeLookup | null> {
  const compact = await readPostcodeLookup();
  if (!compact) return null;
  if (lookup?.version !== compact.version)
    lookup = { version: compact.version, value: postcodeLookupFrom(compact) };
  return lookup.value;
}

export async function loadEligibilityData(): Promise<EligibilityData> {
  const [areas, postcodes, programmes] = await Promise.all([loadAreaData(), loadLookup(), readProgrammes()]);
  return { areas, postcodes, programmes, funds: await readFundState(programmes.grant.id) };
}

export type DataState =
  | { state: 'loading' }
  | { state: 'ready'; data: EligibilityData }
  | { state: 'failed'; message: string };

export function useEligibilityData(): DataState {
  const [state, setState] = useState<DataState>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    loadEligibilityData().then(
      (data) => live && setState({ state: 'ready', data }),
      () =>
        live &&
        setState({
          state: 'failed',
          message:
            'The deprivation data or settings could not be loaded on this tablet. Reload the app while online to try again.',
        }),
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
