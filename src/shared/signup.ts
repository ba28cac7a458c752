// The Southend 2050 Ambition sign-up: its questions' options, each page's schema over what was typed, and the
// schema of a finished sign-up's stored answers (which the server checks on push).
import * as v from 'valibot';
import { SOUTHEND_2050_AMBITION } from './programmes';
import {
  type DateParts,
  dateOfBirthSchema,
  EmailSchema,
  PostcodeSchema,
  parseDateParts,
  todayIso,
  UkMobileSchema,
} from './validation/uk';

export interface Option {
  value: string;
  label: string;
}

const values = (options: readonly Option[]) => options.map((option) => option.value) as [string, ...string[]];

export const CONTACT_METHODS = [
  { value: 'phone', label: 'Phone call' },
  { value: 'text', label: 'Text message' },
  { value: 'email', label: 'Email' },
  { value: 'post', label: 'Letter' },
] as const satisfies readonly Option[];

export const EMPLOYMENT_STATUSES = [
  { value: 'unemployed', label: 'Unemployed and looking for work' },
  {
    value: 'economically-inactive',
    label: 'Not working and not looking for work (for example, caring or long-term ill)',
  },
  { value: 'employed-part-time', label: 'Working part-time' },
  { value: 'employed-full-time', label: 'Working full-time' },
  { value: 'self-employed', label: 'Self-employed' },
  { value: 'in-education', label: 'In education or training' },
] as const satisfies readonly Option[];

export const NOT_WORKING = ['unemployed', 'economically-inactive'];

export const EMPLOYMENT_DURATIONS = [
  { value: 'under-6-months', label: 'Less than 6 months' },
  { value: '6-to-12-months', label: '6 to 12 months' },
  { value: '1-to-2-years', label: '1 to 2 years' },
  { value: 'over-2-years', label: 'More than 2 years' },
  { value: 'never-worked', label: 'Has never had a paid job' },
] as const satisfies readonly Option[];

export const ROLES = [
  { value: 'healthcare-assistant', label: 'Healthcare assistant' },
  { value: 'admin', label: 'Administration' },
  { value: 'porter-domestic', label: 'Porter or domestic' },
  { value: 'catering', label: 'Catering' },
  { value: 'apprenticeship', label: 'Apprenticeship' },
  { value: 'volunteering', label: 'Volunteering' },
  { value: 'other', label: 'Something else' },
] as const satisfies readonly Option[];

/** Hours bands that do not overlap: every whole number of hours is in exactly one. */
export const HOURS = [
  { value: 'up-to-15', label: 'Up to 15 hours a week' },
  { value: '16-to-29', label: '16 to 29 hours a week' },
  { value: '30-or-more', label: '30 hours a week or more' },
  { value: 'flexible', label: 'Flexible or not sure yet' },
] as const satisfies readonly Option[];

/**
 * The bands before they were made not to overlap ("Up to 16" and "16 to 30" both held 16). No longer offered; the
 * server still accepts them so sign-ups sent, or waiting to send, from an older version stay valid and read as
 * they were answered. A draft holding one is asked the hours question again (see the sign-up's flow).
 */
export const OVERLAPPING_HOURS = [
  { value: 'up-to-16', label: 'Up to 16 hours a week (earlier bands)' },
  { value: '16-to-30', label: '16 to 30 hours a week (earlier bands)' },
  { value: 'over-30', label: 'More than 30 hours a week (earlier bands)' },
] as const satisfies readonly Option[];

/** Whether a stored hours answer is one of today's bands (a draft with an earlier band is asked again). */
export const isCurrentHours = (value: unknown): boolean => HOURS.some((option) => option.value === value);

export const BARRIERS = [
  { value: 'childcare', label: 'Childcare' },
  { value: 'transport', label: 'Transport' },
  { value: 'health', label: 'Health' },
  { value: 'confidence', label: 'Confidence' },
  { value: 'digital-skills', label: 'Using computers or the internet' },
  { value: 'english', label: 'Speaking or reading English' },
  { value: 'dbs', label: 'Worries about a DBS (criminal record) check' },
  { value: 'none', label: 'None of these' },
] as const satisfies readonly Option[];

export const PARTNER_SUPPORT = [
  { value: 'abs-childcare', label: 'A Better Start Southend: childcare and training events' },
  { value: 'generation-medics', label: 'Generation Medics: virtual work experience' },
  { value: 'pave', label: 'PAVE online courses' },
  { value: 'halo', label: 'HALO online courses' },
  { value: 'sech-it', label: 'South Essex Community Hub: IT training and digital help' },
  { value: 'trust-one-to-one', label: 'One-to-one support from the Trust' },
  { value: 'none', label: 'No support for now' },
] as const satisfies readonly Option[];

export const HEARD_ABOUT = [
  { value: 'outreach-event', label: 'At a community event' },
  { value: 'community-hub', label: 'At South Essex Community Hub' },
  { value: 'jobcentre', label: 'From the Jobcentre' },
  { value: 'school-or-nursery', label: 'From a school, nursery or children’s centre' },
  { value: 'friend-or-family', label: 'From a friend or family member' },
  { value: 'social-media', label: 'On social media' },
  { value: 'other', label: 'Somewhere else' },
] as const satisfies readonly Option[];

export const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const satisfies readonly Option[];

export const YES_NO_PREFER_NOT = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
  { value: 'prefer-not-to-say', label: 'Prefer not to say' },
] as const satisfies readonly Option[];

/** Ethnic groups as the ONS 2021 Census for England and Wales lists them. */
export const ETHNICITIES = [
  { value: 'asian-bangladeshi', label: 'Asian or Asian British: Bangladeshi' },
  { value: 'asian-chinese', label: 'Asian or Asian British: Chinese' },
  { value: 'asian-indian', label: 'Asian or Asian British: Indian' },
  { value: 'asian-pakistani', label: 'Asian or Asian British: Pakistani' },
  { value: 'asian-other', label: 'Asian or Asian British: any other Asian background' },
  { value: 'black-african', label: 'Black, Black British, Caribbean or African: African' },
  { value: 'black-caribbean', label: 'Black, Black British, Caribbean or African: Caribbean' },
  { value: 'black-other', label: 'Black, Black British, Caribbean or African: any other Black background' },
  { value: 'mixed-white-asian', label: 'Mixed or multiple ethnic groups: White and Asian' },
  { value: 'mixed-white-black-african', label: 'Mixed or multiple ethnic groups: White and Black African' },
  {
    value: 'mixed-white-black-caribbean',
    label: 'Mixed or multiple ethnic groups: White and Black Caribbean',
  },
  { value: 'mixed-other', label: 'Mixed or multiple ethnic groups: any other mixed background' },
  { value: 'white-british', label: 'White: English, Welsh, Scottish, Northern Irish or British' },
  { value: 'white-irish', label: 'White: Irish' },
  { value: 'white-gypsy-traveller', label: 'White: Gypsy or Irish Traveller' },
  { value: 'white-roma', label: 'White: Roma' },
  { value: 'white-other', label: 'White: any other White background' },
  { value: 'other-arab', label: 'Other ethnic group: Arab' },
  { value: 'other-any', label: 'Other ethnic group: any other ethnic group' },
  { value: 'prefer-not-to-say', label: 'Prefer not to say' },
] as const satisfies readonly Option[];

export const CONTACT_CONSENTS = [
  { value: 'phone', label: 'Phone calls' },
  { value: 'text', label: 'Text messages' },
  { value: 'email', label: 'Emails' },
  { value: 'post', label: 'Letters' },
] as const satisfies readonly Option[];

// Field schemas, shared by the page schemas (over what was typed) and the stored answers.
const required = (message: string, max = 100) =>
  v.pipe(v.string(), v.trim(), v.nonEmpty(message), v.maxLength(max, `Enter ${max} characters or fewer`));
const optional = (max = 100) =>
  v.optional(v.pipe(v.string(), v.trim(), v.maxLength(max, `Enter ${max} characters or fewer`)), '');
const choice = (options: readonly Option[], message: string) => v.picklist(values(options), message);
const choices = (options: readonly Option[], message: string) =>
  v.pipe(v.array(v.picklist(values(options), message)), v.minLength(1, message));
const optionalMobile = v.union(
  [v.literal(''), UkMobileSchema],
  'Enter a UK mobile number, like 07700 900123',
);
const optionalEmail = v.union(
  [v.literal(''), EmailSchema],
  'Enter an email address in the correct format, like name@example.com',
);

const FIELDS = {
  firstName: required('Enter first name'),
  lastName: required('Enter last name'),
  preferredName: optional(),
  addressLine1: required('Enter building and street'),
  addressLine2: optional(),
  town: required('Enter town or city'),
  postcode: PostcodeSchema,
  mobile: v.optional(optionalMobile, ''),
  email: v.optional(optionalEmail, ''),
  contactMethod: choice(CONTACT_METHODS, 'Select how they would like to be contacted'),
  employmentStatus: choice(EMPLOYMENT_STATUSES, 'Select their employment status'),
  employmentDuration: choice(EMPLOYMENT_DURATIONS, 'Select how long this has been the case'),
  roles: choices(ROLES, 'Select the roles they are interested in'),
  rolesOther: optional(200),
  hoursAvailable: choice(HOURS, 'Select how many hours they could work'),
  barriers: choices(BARRIERS, 'Select anything that makes work harder, or select none of these'),
  adjustments: optional(1000),
  partnerSupport: choices(
    PARTNER_SUPPORT,
    'Select the support they would like, or select no support for now',
  ),
  heardAbout: choice(HEARD_ABOUT, 'Select how they heard about the programme'),
  heardAboutOther: optional(200),
  venue: required('Enter the venue or event', 200),
  equalityOptIn: choice(YES_NO, 'Select yes if they would like to answer questions about equality'),
  ethnicity: choice(ETHNICITIES, 'Select an ethnic group, or prefer not to say'),
  disability: choice(YES_NO_PREFER_NOT, 'Select yes, no or prefer not to say'),
  carer: choice(YES_NO_PREFER_NOT, 'Select yes, no or prefer not to say'),
  privacyNoticeAccepted: v.pipe(
    v.array(v.string()),
    v.check(
      (list) => list.includes('accepted'),
      'Confirm they have read, or had read to them, the privacy notice',
    ),
  ),
  contactConsents: v.optional(
    v.array(choice(CONTACT_CONSENTS, 'Select a way they agree to be contacted')),
    [],
  ),
  sharePartners: choice(YES_NO, 'Select yes if they agree to their details going to the partners they chose'),
};

// Rules across fields, as plain predicates with their messages; each schema wraps them with v.forward so the
// message lands on the field the person must fix.
const MESSAGES = {
  mobileNeeded: 'Enter a mobile number to be called or texted on',
  emailNeeded: 'Enter an email address to be emailed at',
  neverWorked: 'Select how long they have been in their current work',
  rolesOther: 'Enter the other role they are interested in',
  heardOther: 'Enter where they heard about the programme',
  barriersNone: 'Select none of these on its own, or the barriers that apply',
  supportNone: 'Select no support for now on its own, or the support they want',
};
const mobileGiven = (method: string, mobile: string) =>
  !(method === 'phone' || method === 'text') || mobile !== '';
const emailGiven = (method: string, email: string) => method !== 'email' || email !== '';
const durationFits = (status: string, duration: string) =>
  duration !== 'never-worked' || NOT_WORKING.includes(status);
const otherGiven = (chosen: string | string[], detail: string) =>
  !(Array.isArray(chosen) ? chosen.includes('other') : chosen === 'other') || detail !== '';
const noneAlone = (chosen: string[]) => !chosen.includes('none') || chosen.length === 1;

const today = () => todayIso();

/** The schema of each question page, over the values its form holds. Outputs normalised answers. */
export const SIGNUP_PAGE_SCHEMAS = {
  name: v.object({
    firstName: FIELDS.firstName,
    lastName: FIELDS.lastName,
    preferredName: FIELDS.preferredName,
  }),
  'date-of-birth': v.object({
    dateOfBirth: dateOfBirthSchema({ minimumAge: SOUTHEND_2050_AMBITION.minimumAge, today }),
  }),
  address: v.object({
    addressLine1: FIELDS.addressLine1,
    addressLine2: FIELDS.addressLine2,
    town: FIELDS.town,
    postcode: FIELDS.postcode,
  }),
  contact: v.pipe(
    v.object({ mobile: FIELDS.mobile, email: FIELDS.email, contactMethod: FIELDS.contactMethod }),
    v.forward(
      v.partialCheck(
        [['contactMethod'], ['mobile']],
        (i) => mobileGiven(i.contactMethod, i.mobile),
        MESSAGES.mobileNeeded,
      ),
      ['mobile'],
    ),
    v.forward(
      v.partialCheck(
        [['contactMethod'], ['email']],
        (i) => emailGiven(i.contactMethod, i.email),
        MESSAGES.emailNeeded,
      ),
      ['email'],
    ),
  ),
  employment: v.pipe(
    v.object({ employmentStatus: FIELDS.employmentStatus, employmentDuration: FIELDS.employmentDuration }),
    v.forward(
      v.partialCheck(
        [['employmentStatus'], ['employmentDuration']],
        (i) => durationFits(i.employmentStatus, i.employmentDuration),
        MESSAGES.neverWorked,
      ),
      ['employmentDuration'],
    ),
  ),
  roles: v.pipe(
    v.object({ roles: FIELDS.roles, rolesOther: FIELDS.rolesOther }),
    v.forward(
      v.partialCheck(
        [['roles'], ['rolesOther']],
        (i) => otherGiven(i.roles, i.rolesOther),
        MESSAGES.rolesOther,
      ),
      ['rolesOther'],
    ),
  ),
  hours: v.object({ hoursAvailable: FIELDS.hoursAvailable }),
  barriers: v.pipe(
    v.object({ barriers: FIELDS.barriers, adjustments: FIELDS.adjustments }),
    v.forward(
      v.partialCheck([['barriers']], (i) => noneAlone(i.barriers), MESSAGES.barriersNone),
      ['barriers'],
    ),
  ),
  support: v.pipe(
    v.object({ partnerSupport: FIELDS.partnerSupport }),
    v.forward(
      v.partialCheck([['partnerSupport']], (i) => noneAlone(i.partnerSupport), MESSAGES.supportNone),
      ['partnerSupport'],
    ),
  ),
  'heard-about': v.pipe(
    v.object({ heardAbout: FIELDS.heardAbout, heardAboutOther: FIELDS.heardAboutOther, venue: FIELDS.venue }),
    v.forward(
      v.partialCheck(
        [['heardAbout'], ['heardAboutOther']],
        (i) => otherGiven(i.heardAbout, i.heardAboutOther),
        MESSAGES.heardOther,
      ),
      ['heardAboutOther'],
    ),
  ),
  equality: v.object({ equalityOptIn: FIELDS.equalityOptIn }),
  'equality-details': v.object({
    ethnicity: FIELDS.ethnicity,
    disability: FIELDS.disability,
    carer: FIELDS.carer,
  }),
  consent: v.object({
    privacyNoticeAccepted: FIELDS.privacyNoticeAccepted,
    contactConsents: FIELDS.contactConsents,
    sharePartners: FIELDS.sharePartners,
  }),
} as const;

export type SignupPageId = keyof typeof SIGNUP_PAGE_SCHEMAS;

/**
 * A finished sign-up's answers as the tablet sends them; the server rejects a push that fails this. It is every
 * page's schema at once (each accepts its own normalised output: spaced postcode, E.164 mobile), with the date of
 * birth as an ISO date instead of typed boxes, and the equality answers present only when the resident chose to
 * answer them.
 */
export const SignupAnswersSchema = v.intersect([
  SIGNUP_PAGE_SCHEMAS.name,
  SIGNUP_PAGE_SCHEMAS.address,
  SIGNUP_PAGE_SCHEMAS.contact,
  SIGNUP_PAGE_SCHEMAS.employment,
  SIGNUP_PAGE_SCHEMAS.roles,
  v.object({
    hoursAvailable: v.picklist(
      [...values(HOURS), ...values(OVERLAPPING_HOURS)],
      'Select how many hours they could work',
    ),
  }),
  SIGNUP_PAGE_SCHEMAS.barriers,
  SIGNUP_PAGE_SCHEMAS.support,
  SIGNUP_PAGE_SCHEMAS['heard-about'],
  SIGNUP_PAGE_SCHEMAS.equality,
  SIGNUP_PAGE_SCHEMAS.consent,
  v.object({
    dateOfBirth: v.pipe(
      v.string(),
      v.check(
        (iso) => /^\d{4}-\d{2}-\d{2}$/.test(iso) && parseDateParts(isoToParts(iso)).ok,
        'Date of birth must be a real date',
      ),
    ),
    privacyNoticeVersion: v.pipe(v.string(), v.nonEmpty()),
    ethnicity: v.optional(FIELDS.ethnicity),
    disability: v.optional(FIELDS.disability),
    carer: v.optional(FIELDS.carer),
  }),
]);

export type SignupAnswers = v.InferOutput<typeof SignupAnswersSchema>;

/** The payload of a sign-up record: answers so far and the page to resume at. */
export interface SignupPayload {
  answers: Partial<SignupAnswers>;
  resumeAt: string;
  /** Duplicates the worker has seen and chosen to continue past. */
  duplicatesSeen?: string[];
  /** The tablet's copy of one page's typing not yet continued from (a draft's only; removed on submit). */
  typing?: unknown;
}

export function isoToParts(iso: string | undefined): DateParts {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
}
