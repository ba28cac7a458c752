// What the two eligibility checks ask, as stored on an eligibility-check record, and their options.
import type { Option } from '../signup';

/** Evidence of the right to work in the UK that a worker may have seen. Only the type and date are kept. */
export const RIGHT_TO_WORK_EVIDENCE = [
  { value: 'uk-or-irish-passport', label: 'UK or Irish passport (current or expired)' },
  {
    value: 'birth-certificate-and-ni',
    label: 'UK birth or adoption certificate with proof of National Insurance number',
  },
  { value: 'share-code', label: 'Home Office online check (share code)' },
  {
    value: 'certificate-of-registration',
    label: 'Certificate of registration or naturalisation as a British citizen',
  },
  { value: 'other-home-office', label: 'Another document on the Home Office list' },
] as const satisfies readonly Option[];

export const RIGHT_TO_WORK_ANSWERS = [
  { value: 'yes', label: 'Yes, and I have seen evidence' },
  { value: 'not-seen', label: 'Yes, but I have not seen evidence yet' },
  { value: 'no', label: 'No' },
] as const satisfies readonly Option[];

/**
 * A resident check's answers. Any may be missing: a rule with nothing to go on is "unknown" (needs review),
 * never a silent no. Dates are ISO (YYYY-MM-DD).
 */
export interface ResidentCheckAnswers {
  dateOfBirth?: string;
  postcode?: string;
  /** An LSOA 2021 code the worker picked from the list, when the postcode is not in the lookup. */
  pickedAreaCode?: string;
  employmentStatus?: string;
  rightToWork?: (typeof RIGHT_TO_WORK_ANSWERS)[number]['value'];
  rightToWorkEvidence?: string;
  rightToWorkSeenOn?: string;
}

/** Organisation types the micro-grant recognises; `vcfse` marks the voluntary, community, faith or social
 * enterprise ones the programme funds. */
export const ORGANISATION_TYPES = [
  { value: 'unincorporated-group', label: 'Unincorporated community group', vcfse: true },
  { value: 'charity', label: 'Registered charity', vcfse: true },
  { value: 'cio', label: 'Charitable incorporated organisation (CIO)', vcfse: true },
  { value: 'cic', label: 'Community interest company (CIC)', vcfse: true },
  { value: 'community-benefit-society', label: 'Community benefit society', vcfse: true },
  { value: 'faith-group', label: 'Faith group', vcfse: true },
  { value: 'social-enterprise', label: 'Social enterprise', vcfse: true },
  {
    value: 'other',
    label: 'Another kind of organisation (for example a private company or public body)',
    vcfse: false,
  },
] as const satisfies readonly (Option & { vcfse: boolean })[];

/** An organisation check's answers (amounts in pence, dates ISO). */
export interface GrantCheckAnswers {
  organisationType?: string;
  annualIncomePence?: number;
  /** Local authority district codes the organisation works in; `outside` when it works outside all nine. */
  areasServed?: string[];
  amountRequestedPence?: number;
  spendFrom?: string;
  spendTo?: string;
  /** When the paper application reached the programme. */
  receivedOn?: string;
}

/** The grant pot as this device last heard it. `asOf` is null when the device has never heard from the server. */
export interface FundState {
  /** The newest round's remaining (servers before rounds: the one pot's). */
  remainingPence: number;
  asOf: string | null;
  /** Each round's remaining, by round id (absent when the server sent no round ids). */
  byRound?: Record<string, number>;
}
