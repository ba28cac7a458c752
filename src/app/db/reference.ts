// Reference data as the tablet last received it: programme settings (falling back to the seed programmes), the
// grant pot, and the postcode lookup downloaded from the central endpoint.
import type { FundState } from '../../shared/eligibility/answers';
import { fundStateFrom } from '../../shared/eligibility/grant';
import type { CompactPostcodeLookup } from '../../shared/eligibility/postcode-import';
import {
  type GrantProgramme,
  MICRO_GRANT,
  type ResidentProgramme,
  SOUTHEND_2050_AMBITION,
} from '../../shared/programmes';
import { database } from './connection';
import { readMeta } from './device';
import { guarded } from './errors';
import { readReferenceData } from './sync-queue';

const LOOKUP_KEY = 'postcode-lookup';
/** Kept apart from the lookup so each sync can compare versions without reading the whole lookup. */
const LOOKUP_VERSION_KEY = 'postcode-lookup-version';

export interface ProgrammesOnTablet {
  resident: ResidentProgramme;
  grant: GrantProgramme;
  /** When these settings came from the central team; null while the tablet still uses the built-in defaults. */
  receivedAt: string | null;
}

/**
 * The programme settings the rules read: the central team's latest (from the last sync) or, on a tablet that has
 * never synced, the seed programmes shipped with the app. Works offline.
 */
export async function readProgrammes(): Promise<ProgrammesOnTablet> {
  const reference = await readReferenceData();
  const find = <K extends 'resident' | 'grant'>(kind: K) =>
    reference?.programmes.find((programme) => programme.kind === kind) as
      | (K extends 'resident' ? ResidentProgramme : GrantProgramme)
      | undefined;
  return {
    resident: find('resident') ?? SOUTHEND_2050_AMBITION,
    grant: find('grant') ?? MICRO_GRANT,
    receivedAt: reference?.receivedAt ?? null,
  };
}

/** The grant pot's remaining funds (each round's) as last heard from the server, or null if this tablet never heard. */
export async function readFundState(programmeId: string): Promise<FundState | null> {
  const reference = await readReferenceData();
  return reference ? fundStateFrom(reference.fundsRemaining, programmeId, reference.receivedAt) : null;
}

/** The postcode lookup stored on this tablet, or undefined before the first download. */
export const readPostcodeLookup = (): Promise<CompactPostcodeLookup | undefined> =>
  readMeta<CompactPostcodeLookup>(LOOKUP_KEY);

export async function storedPostcodeLookupVersion(): Promise<string | null> {
  return (await readMeta<string>(LOOKUP_VERSION_KEY)) ?? null;
}

/** Replaces the stored lookup and its version in one write, so a check never sees half of an old and a new one. */
export async function savePostcodeLookup(lookup: CompactPostcodeLookup): Promise<void> {
  await guarded(() =>
    database().meta.bulkPut([
      { key: LOOKUP_KEY, value: lookup },
      { key: LOOKUP_VERSION_KEY, value: lookup.version },
    ]),
  );
}
