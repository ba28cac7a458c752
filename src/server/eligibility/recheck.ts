// The server's own run of the shared eligibility rules on a record, with the central settings, deprivation data,
// postcode lookup and grant pot as they are now: for coordinators triaging checks that needed review on a tablet
// (for example one that had no postcode lookup yet) or after settings changed.
import { buildAreaDataJson } from '../../../scripts/area-data-plugin';
import type { GrantCheckAnswers, ResidentCheckAnswers } from '../../shared/eligibility/answers';
import {
  type AreaData,
  areaDataFrom,
  type CompactAreaData,
  type PostcodeLookup,
} from '../../shared/eligibility/area-data';
import type { EligibilityCheckPayload } from '../../shared/eligibility/check-record';
import { checkGrantEligibility, fundStateFrom } from '../../shared/eligibility/grant';
import { postcodeLookupFrom } from '../../shared/eligibility/postcode-import';
import { checkResidentEligibility } from '../../shared/eligibility/resident';
import type { EligibilityResult } from '../../shared/eligibility/types';
import { type GrantPayload, grantCheckAnswers } from '../../shared/grant/application';
import type { GrantProgramme, ResidentProgramme } from '../../shared/programmes';
import type { RecordType } from '../../shared/records';
import type { SignupPayload } from '../../shared/signup';
import { todayIso } from '../../shared/validation/uk';
import type { Database } from '../db/connect';
import { loadPostcodeLookup, loadPostcodeLookupVersion } from '../db/postcode-lookup';
import { loadProgrammes } from '../db/reference-data';
import { readFunds } from '../sync/grant-pot';

let areaData: AreaData | null = null;
let lookup: { version: string; value: PostcodeLookup } | null = null;

/** The same deprivation data (and version) the app ships, read once. */
function areas(): AreaData {
  areaData ??= areaDataFrom(JSON.parse(buildAreaDataJson()) as CompactAreaData);
  return areaData;
}

async function postcodes(db: Database): Promise<PostcodeLookup | null> {
  const version = await loadPostcodeLookupVersion(db);
  if (!version) return null;
  if (lookup?.version !== version) {
    const compact = await loadPostcodeLookup(db);
    if (!compact) return null;
    lookup = { version: compact.version, value: postcodeLookupFrom(compact) };
  }
  return lookup.value;
}

type Which =
  | { kind: 'resident'; answers: ResidentCheckAnswers }
  | { kind: 'organisation'; answers: GrantCheckAnswers };

/** What the rules should read from a record of each type; null when the record carries nothing to check. */
function answersOf(type: RecordType, payload: unknown): Which | null {
  if (!payload || typeof payload !== 'object') return null;
  if (type === 'eligibility-check') {
    const check = payload as EligibilityCheckPayload;
    return check.kind === 'resident'
      ? { kind: 'resident', answers: check.answers }
      : { kind: 'organisation', answers: check.answers };
  }
  if (type === 'grant-application')
    return { kind: 'organisation', answers: grantCheckAnswers(payload as GrantPayload) };
  const { dateOfBirth, postcode, employmentStatus } = (payload as SignupPayload).answers ?? {};
  return { kind: 'resident', answers: { dateOfBirth, postcode, employmentStatus } };
}

/** Applies the rules today with what the server holds now. Never writes anything. */
export async function recheckEligibility(
  db: Database,
  type: RecordType,
  payload: unknown,
): Promise<EligibilityResult | null> {
  const which = answersOf(type, payload);
  if (!which) return null;
  const programmes = await loadProgrammes(db);
  const today = todayIso();
  if (which.kind === 'resident') {
    const programme = programmes.find((p): p is ResidentProgramme => p.kind === 'resident');
    if (!programme) return null;
    return checkResidentEligibility(
      which.answers,
      programme,
      { areas: areas(), postcodes: await postcodes(db) },
      today,
    );
  }
  const programme = programmes.find((p): p is GrantProgramme => p.kind === 'grant');
  if (!programme) return null;
  const funds = fundStateFrom(await readFunds(db), programme.id, new Date().toISOString());
  return checkGrantEligibility(which.answers, programme, funds, today);
}
