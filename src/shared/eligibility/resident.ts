// The Southend 2050 Ambition resident rules: where they live, how deprived their neighbourhood is, age,
// employment status and the right to work. Pure functions: the tablet runs them offline, the server can re-run them.

import type { ResidentProgramme } from '../programmes';
import { EMPLOYMENT_STATUSES } from '../signup';
import { ageOn, normalisePostcode } from '../validation/uk';
import type { ResidentCheckAnswers } from './answers';
import { RIGHT_TO_WORK_EVIDENCE } from './answers';
import type { Area, AreaData, PostcodeLookup } from './area-data';
import { formatIsoDate } from './format';
import { type EligibilityResult, outcomeOf, type Reason } from './types';

export interface ResidentAreaData {
  areas: AreaData;
  /** Null until the tablet has downloaded a lookup: the worker then picks the neighbourhood from the list. */
  postcodes: PostcodeLookup | null;
}

export type HomeAreaProblem = 'no-postcode' | 'no-lookup' | 'postcode-not-found' | 'area-not-in-data';

/**
 * Where the resident lives: the neighbourhood the worker picked, or the one their postcode is in. `districtCode`
 * is known whenever either is; `area` only when the neighbourhood is in the deprivation data.
 */
export interface HomeArea {
  how: 'picked' | 'postcode';
  area?: Area;
  districtCode?: string;
  problem?: HomeAreaProblem;
}

/**
 * Finds where the resident lives. A picked neighbourhood (`pickedAreaCode`) wins over the postcode and is looked
 * up in the deprivation data (`area-not-in-data` when it is not there). Otherwise the postcode is normalised and
 * looked up: `no-postcode` when none (or not a UK postcode's format) was given, `no-lookup` when the tablet has no
 * lookup yet, `postcode-not-found` when the lookup does not have it, and `area-not-in-data` (with the lookup's
 * `districtCode`, which still decides the local authority) when its LSOA is not in the deprivation data.
 */
export function findHomeArea(answers: ResidentCheckAnswers, data: ResidentAreaData): HomeArea {
  if (answers.pickedAreaCode) {
    const area = data.areas.byCode.get(answers.pickedAreaCode);
    return area
      ? { how: 'picked', area, districtCode: area.districtCode }
      : { how: 'picked', problem: 'area-not-in-data' };
  }
  const postcode = answers.postcode ? normalisePostcode(answers.postcode) : null;
  if (!postcode) return { how: 'postcode', problem: 'no-postcode' };
  if (!data.postcodes) return { how: 'postcode', problem: 'no-lookup' };
  const place = data.postcodes.find(postcode);
  if (!place) return { how: 'postcode', problem: 'postcode-not-found' };
  const area = data.areas.byCode.get(place.lsoaCode);
  return area
    ? { how: 'postcode', area, districtCode: area.districtCode }
    : { how: 'postcode', districtCode: place.districtCode, problem: 'area-not-in-data' };
}

const reason = (rule: string, code: string, status: Reason['status'], text: string): Reason => ({
  rule,
  code,
  status,
  text,
});

function homeAreaReason(
  home: HomeArea,
  answers: ResidentCheckAnswers,
  programme: ResidentProgramme,
  data: ResidentAreaData,
) {
  const districtName = (code: string) => data.areas.districts[code] ?? code;
  const wanted = districtName(programme.localAuthorityCode);
  const postcode = answers.postcode ? (normalisePostcode(answers.postcode) ?? answers.postcode) : '';
  if (home.districtCode) {
    const where = home.area ? `${home.area.name} (${home.area.code})` : `postcode ${postcode}`;
    return home.districtCode === programme.localAuthorityCode
      ? reason('home-area', 'in-local-authority', 'met', `${where} is in ${wanted}.`)
      : reason(
          'home-area',
          'outside-local-authority',
          'not-met',
          `${where} is in ${districtName(home.districtCode)}. The programme is for people who live in ${wanted}.`,
        );
  }
  switch (home.problem) {
    case 'no-lookup':
      return reason(
        'home-area',
        'no-postcode-lookup',
        'unknown',
        `There is no postcode lookup on this tablet, so ${postcode} could not be matched to a neighbourhood. Choose the neighbourhood from the list, or the central team will check it.`,
      );
    case 'postcode-not-found':
      return reason(
        'home-area',
        'postcode-not-found',
        'unknown',
        `${postcode} is not in the postcode lookup (it may be new, or outside Mid and South Essex). Choose the neighbourhood from the list, or the central team will check it.`,
      );
    case 'area-not-in-data':
      return reason(
        'home-area',
        'area-not-in-data',
        'unknown',
        'The neighbourhood is not in the deprivation data on this tablet, so where they live could not be checked.',
      );
    default:
      return reason(
        'home-area',
        'no-postcode',
        'unknown',
        answers.postcode?.trim()
          ? `“${answers.postcode.trim()}” is not a full UK postcode. Enter it again, or choose the neighbourhood from the list.`
          : 'No postcode or neighbourhood was given.',
      );
  }
}

function deprivationReason(home: HomeArea, programme: ResidentProgramme): Reason {
  const accepted = programme.maxImdDecile === 1 ? 'decile 1' : `deciles 1 to ${programme.maxImdDecile}`;
  if (!home.area) {
    return reason(
      'deprivation',
      'neighbourhood-unknown',
      'unknown',
      `Their neighbourhood is not known, so its deprivation could not be checked. The programme accepts ${accepted}.`,
    );
  }
  const { name, imdDecile } = home.area;
  const meaning =
    imdDecile === 1
      ? 'the most deprived 10% of neighbourhoods in England'
      : imdDecile === 10
        ? 'the least deprived 10% of neighbourhoods in England'
        : `decile 1 is the most deprived 10% of neighbourhoods in England and decile 10 the least deprived`;
  const text = `${name} is in decile ${imdDecile} of the English Indices of Deprivation 2025 (${meaning}); the programme accepts ${accepted}.`;
  return imdDecile <= programme.maxImdDecile
    ? reason('deprivation', 'decile-within-threshold', 'met', text)
    : reason('deprivation', 'decile-above-threshold', 'not-met', text);
}

function ageReason(answers: ResidentCheckAnswers, programme: ResidentProgramme, checkedOn: string): Reason {
  if (!answers.dateOfBirth)
    return reason('age', 'date-of-birth-missing', 'unknown', 'Their date of birth was not given.');
  const age = ageOn(answers.dateOfBirth, checkedOn);
  return age >= programme.minimumAge
    ? reason(
        'age',
        'old-enough',
        'met',
        `They are ${age}, and the programme is for people aged ${programme.minimumAge} or over.`,
      )
    : reason(
        'age',
        'under-minimum-age',
        'not-met',
        `They are ${Math.max(age, 0)}. The programme is for people aged ${programme.minimumAge} or over on the day of the check.`,
      );
}

function employmentReason(answers: ResidentCheckAnswers, programme: ResidentProgramme): Reason {
  const label = (value: string) =>
    EMPLOYMENT_STATUSES.find((option) => option.value === value)?.label.toLowerCase() ?? value;
  if (!answers.employmentStatus)
    return reason('employment-status', 'status-missing', 'unknown', 'Their employment status was not given.');
  const accepted = programme.acceptedEmploymentStatuses.map(label).join('; or ');
  return programme.acceptedEmploymentStatuses.includes(answers.employmentStatus)
    ? reason('employment-status', 'status-accepted', 'met', `They are ${label(answers.employmentStatus)}.`)
    : reason(
        'employment-status',
        'status-not-accepted',
        'not-met',
        `They are ${label(answers.employmentStatus)}. The programme is for people who are ${accepted}.`,
      );
}

function rightToWorkReason(answers: ResidentCheckAnswers, checkedOn: string): Reason {
  switch (answers.rightToWork) {
    case 'no':
      return reason(
        'right-to-work',
        'no-right-to-work',
        'not-met',
        'They do not have the right to work in the UK.',
      );
    case 'yes': {
      const evidence = RIGHT_TO_WORK_EVIDENCE.find((option) => option.value === answers.rightToWorkEvidence);
      const seenOn = answers.rightToWorkSeenOn;
      if (evidence && seenOn && seenOn <= checkedOn) {
        return reason(
          'right-to-work',
          'evidence-seen',
          'met',
          `They have the right to work in the UK: ${evidence.label} seen on ${formatIsoDate(seenOn)}.`,
        );
      }
      break;
    }
    case 'not-seen':
      break;
    default:
      return reason(
        'right-to-work',
        'right-to-work-missing',
        'unknown',
        'Their right to work in the UK was not recorded.',
      );
  }
  return reason(
    'right-to-work',
    'evidence-not-seen',
    'unknown',
    'They say they have the right to work in the UK, but no evidence has been seen yet.',
  );
}

/**
 * Applies Southend 2050 Ambition's rules to a resident's answers with the programme's settings and the area data
 * on this device, on `checkedOn` (the UK day of the check), giving one reason per rule in this order: home area
 * (in `localAuthorityCode`), deprivation (national IMD decile at or below `maxImdDecile`), age (`minimumAge` or
 * over on `checkedOn`, the birthday itself counting; 29 February birthdays fall on 1 March in other years),
 * employment status (one of `acceptedEmploymentStatuses`) and right to work (evidence type and a date seen on or
 * before `checkedOn`; no document number is read or written). Never throws for missing answers: a rule with
 * nothing to go on is "unknown", which makes the check "needs review" unless another rule is not met. The
 * deprivation data and postcode lookup versions are recorded as `imd` and `postcodes` (null with no lookup).
 */
export function checkResidentEligibility(
  answers: ResidentCheckAnswers,
  programme: ResidentProgramme,
  data: ResidentAreaData,
  checkedOn: string,
): EligibilityResult {
  const home = findHomeArea(answers, data);
  const reasons = [
    homeAreaReason(home, answers, programme, data),
    deprivationReason(home, programme),
    ageReason(answers, programme, checkedOn),
    employmentReason(answers, programme),
    rightToWorkReason(answers, checkedOn),
  ];
  return {
    outcome: outcomeOf(reasons),
    reasons,
    programmeId: programme.id,
    programmeVersion: programme.version,
    dataVersions: { imd: data.areas.version, postcodes: data.postcodes?.version ?? null },
    checkedOn,
  };
}
