// The eligibility check screens' page schemas: what each page accepts as typed, and the answers it stores.
import * as v from 'valibot';
import { PoundsToPenceSchema } from '../grant/money';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../programmes';
import { EMPLOYMENT_STATUSES, type Option } from '../signup';
import { dateSchema, PostcodeSchema, pastDateSchema } from '../validation/uk';
import { ORGANISATION_TYPES, RIGHT_TO_WORK_ANSWERS, RIGHT_TO_WORK_EVIDENCE } from './answers';

const valuesOf = (options: readonly Option[]) =>
  options.map((option) => option.value) as [string, ...string[]];

export const ResidentHomeSchema = v.object({ postcode: PostcodeSchema });

export const NeighbourhoodSchema = v.object({
  pickedAreaCode: v.pipe(v.string('Choose a neighbourhood'), v.regex(/^E01\d{6}$/, 'Choose a neighbourhood')),
});

/** Date of birth may make someone too young: that is the check's answer to give, not a typing error. */
export const residentAboutSchema = (today: () => string) =>
  v.object({
    dateOfBirth: pastDateSchema('Date of birth', today),
    employmentStatus: v.picklist(valuesOf(EMPLOYMENT_STATUSES), 'Select their employment status'),
  });

/** Only the evidence's type and the day it was seen are kept: never a document number or a copy. */
export const rightToWorkSchema = (today: () => string) =>
  v.variant(
    'rightToWork',
    [
      v.object({
        rightToWork: v.literal('yes'),
        rightToWorkEvidence: v.picklist(valuesOf(RIGHT_TO_WORK_EVIDENCE), 'Select the evidence you saw'),
        rightToWorkSeenOn: pastDateSchema('The date you saw it', today),
      }),
      v.object({
        rightToWork: v.picklist(['not-seen', 'no']),
        rightToWorkEvidence: v.optional(v.unknown()),
        rightToWorkSeenOn: v.optional(v.unknown()),
      }),
    ],
    'Select whether they have the right to work in the UK',
  );

export const RIGHT_TO_WORK_VALUES = valuesOf(RIGHT_TO_WORK_ANSWERS);

/** A worker's override as typed: the result they record, why, and who they are. */
export const OverrideFormSchema = v.object({
  outcome: v.picklist(['eligible', 'not-eligible', 'needs-review'], 'Select the result you are recording'),
  reason: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'Enter why you are changing the result'),
    v.maxLength(1000, 'The reason must be 1,000 characters or fewer'),
  ),
  by: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter your name'), v.maxLength(100)),
});

const districtValues: [string, ...string[]] = ['outside', ...Object.keys(MID_AND_SOUTH_ESSEX_DISTRICTS)];

/** The organisation check's first page: who they are, their income and where they work. */
export const OrganisationCheckSchema = v.object({
  organisationName: v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, 'Enter the organisation’s name'),
    v.maxLength(200, 'The name must be 200 characters or fewer'),
  ),
  organisationType: v.picklist(valuesOf(ORGANISATION_TYPES), 'Select the type of organisation'),
  annualIncomePence: PoundsToPenceSchema('Annual income'),
  areasServed: v.pipe(
    v.array(v.picklist(districtValues)),
    v.minLength(1, 'Select where the organisation works, or that it works outside Mid and South Essex'),
  ),
});

/** The organisation check's second page: the application's amount and dates. */
export const applicationCheckSchema = (today: () => string) =>
  v.pipe(
    v.object({
      amountRequestedPence: PoundsToPenceSchema('Amount requested'),
      spendFrom: dateSchema('Start date'),
      spendTo: dateSchema('End date'),
      receivedOn: pastDateSchema('Date received', today),
    }),
    v.forward(
      v.check(
        (input) => input.spendTo >= input.spendFrom,
        'The end date must be the same as or after the start date',
      ),
      ['spendTo'],
    ),
  );
