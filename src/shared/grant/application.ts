// The paper micro-grant application as transcribed: each page's options and schema over what was typed, the
// stored payload, and what the server requires of a finished one.
import * as v from 'valibot';
import { type GrantCheckAnswers, ORGANISATION_TYPES } from '../eligibility/answers';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../programmes';
import { isoToParts, type Option } from '../signup';
import {
  dateSchema,
  EmailSchema,
  PostcodeSchema,
  parseDateParts,
  pastDateSchema,
  todayIso,
  UkPhoneSchema,
} from '../validation/uk';
import { PoundsToPenceSchema } from './money';
import {
  BankDetailsSchema,
  type BudgetLine,
  budgetTotalPence,
  CharityNumberSchema,
  CompanyNumberSchema,
} from './validators';

const valuesOf = (options: readonly Option[]) =>
  options.map((option) => option.value) as [string, ...string[]];
const today = () => todayIso();

export const RECEIVED_BY = [
  { value: 'post', label: 'By post' },
  { value: 'by-hand', label: 'Handed in' },
  { value: 'at-event', label: 'At a community event or hub' },
] as const satisfies readonly Option[];

export const GRANT_ORGANISATION_TYPES = ORGANISATION_TYPES.filter((type) => type.vcfse).map(
  ({ value, label }) => ({
    value,
    label,
  }),
);

export const GOVERNING_DOCUMENTS = [
  { value: 'constitution', label: 'Constitution' },
  { value: 'trust-deed', label: 'Trust deed' },
  { value: 'articles', label: 'Articles of association' },
  { value: 'rules', label: 'Rules (for a society)' },
  { value: 'none', label: 'None yet' },
] as const satisfies readonly Option[];

export const HEALTH_INEQUALITIES = [
  { value: 'access', label: 'Access to care' },
  { value: 'quality', label: 'Quality and experience of care' },
  { value: 'behavioural-risks', label: 'Behavioural risks to health' },
  { value: 'wider-determinants', label: 'Wider determinants of health' },
  { value: 'poorer-outcomes', label: 'Groups with poorer outcomes' },
] as const satisfies readonly Option[];

export const YES_NO = [
  { value: 'yes', label: 'Yes' },
  { value: 'no', label: 'No' },
] as const satisfies readonly Option[];

export const DBS_ANSWERS = [
  { value: 'yes', label: 'Yes, for everyone who needs one' },
  { value: 'no', label: 'No' },
  { value: 'not-relevant', label: 'Not relevant: no work with children or adults at risk' },
] as const satisfies readonly Option[];

export const AREAS_SERVED = [
  ...Object.entries(MID_AND_SOUTH_ESSEX_DISTRICTS).map(([value, label]) => ({ value, label })),
  { value: 'outside', label: 'Only outside Mid and South Essex' },
];

const text = (message: string, max = 200) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.minLength(1, message),
    v.maxLength(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`),
  );
const optionalText = (max = 200) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.maxLength(max, `Must be ${max.toLocaleString('en-GB')} characters or fewer`),
  );
const choice = (options: readonly Option[], message: string) => v.picklist(valuesOf(options), message);
/** An empty box, or a value the schema accepts. */
function blankOr<T>(schema: v.GenericSchema<string, T>) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (dataset.value === '') return '';
      const result = v.safeParse(schema, dataset.value);
      if (result.success) return result.output as T | '';
      addIssue({ message: result.issues[0].message });
      return NEVER;
    }),
  );
}

const hasCharityNumber = ['charity', 'cio'];

export const GRANT_PAGE_SCHEMAS = {
  received: v.object({
    receivedBy: choice(RECEIVED_BY, 'Select how the paper form was received'),
    receivedOn: pastDateSchema('Date received', today),
    transcribedBy: text('Enter your name', 100),
  }),
  organisation: v.pipe(
    v.object({
      organisationName: text('Enter the organisation’s name'),
      organisationType: choice(GRANT_ORGANISATION_TYPES, 'Select the type of organisation'),
      charityNumber: blankOr(CharityNumberSchema),
      companyNumber: blankOr(CompanyNumberSchema),
      addressLine1: text('Enter building and street'),
      addressLine2: optionalText(),
      town: text('Enter town or city'),
      postcode: PostcodeSchema,
      areasServed: v.pipe(
        v.array(v.picklist(valuesOf(AREAS_SERVED))),
        v.minLength(1, 'Select where the organisation works'),
      ),
      annualIncomePence: PoundsToPenceSchema('Annual income'),
      governingDocument: choice(GOVERNING_DOCUMENTS, 'Select its governing document'),
    }),
    v.forward(
      v.check(
        (input) => !hasCharityNumber.includes(input.organisationType) || input.charityNumber !== '',
        'Enter the charity number from the form',
      ),
      ['charityNumber'],
    ),
  ),
  'main-contact': v.object({
    mainContactName: text('Enter the main contact’s name', 100),
    mainContactRole: text('Enter their role in the organisation', 100),
    mainContactPhone: UkPhoneSchema,
    mainContactEmail: blankOr(EmailSchema),
  }),
  'second-contact': v.object({
    secondContactName: text('Enter the second contact’s name', 100),
    secondContactRole: text('Enter their role in the organisation', 100),
    secondContactPhone: UkPhoneSchema,
    secondContactEmail: blankOr(EmailSchema),
  }),
  project: v.pipe(
    v.object({
      projectTitle: text('Enter the project’s title'),
      projectDescription: text('Enter what the project will do', 3000),
      inequality: choice(HEALTH_INEQUALITIES, 'Select which health inequality the project addresses'),
      inequalityDetail: text('Enter how the project addresses it', 2000),
      beneficiaries: text('Enter who will benefit', 1000),
      beneficiaryCount: v.pipe(
        v.string(),
        v.trim(),
        v.regex(/^\d{1,6}$/, 'Enter how many people will benefit, as a number like 40'),
        v.transform(Number),
      ),
      projectStart: dateSchema('Start date'),
      projectEnd: dateSchema('End date'),
      outcomes: text('Enter the outcomes they expect', 2000),
      measurement: text('Enter how they will measure the outcomes', 2000),
    }),
    v.forward(
      v.check(
        (input) => input.projectEnd >= input.projectStart,
        'The end date must be the same as or after the start date',
      ),
      ['projectEnd'],
    ),
  ),
  safeguarding: v.object({
    safeguardingPolicy: choice(YES_NO, 'Select yes if they have a safeguarding policy'),
    publicLiability: choice(YES_NO, 'Select yes if they have public liability insurance'),
    dbsChecks: choice(DBS_ANSWERS, 'Select whether the people who need DBS checks have them'),
  }),
  bank: BankDetailsSchema,
  declaration: v.object({
    declarationName: text('Enter the name of the person who signed the declaration', 100),
    declarationPosition: text('Enter their position in the organisation', 100),
    declarationDate: pastDateSchema('Date of the declaration', today),
    signedOnPaper: choice(YES_NO, 'Select yes if the paper declaration is signed'),
  }),
};

export type GrantPageId = keyof typeof GRANT_PAGE_SCHEMAS;

/** A person's name as compared: letters and digits only, in lower case ("Pat  Jones." is "patjones"). */
const personKey = (name: unknown): string =>
  typeof name === 'string'
    ? name
        .normalize('NFKC')
        .toLocaleLowerCase('en-GB')
        .replace(/[^\p{L}\p{N}]/gu, '')
    : '';

/**
 * The paper form asks for two contacts so that the central team can reach someone else when the main contact
 * cannot be reached: the second must be a different person. Two people may share the organisation's phone or
 * mailbox, so only the name is compared (ignoring case, spacing and punctuation).
 */
export const sameContact = (mainName: unknown, secondName: unknown): boolean =>
  personKey(mainName) !== '' && personKey(mainName) === personKey(secondName);

export const SAME_CONTACT_MESSAGE = 'The second contact must be a different person from the main contact';

/**
 * A page's schema with what it is checked against from the rest of the application: each contact page refuses the
 * other contact's name, next to its own name field.
 */
export function grantPageSchema(
  page: GrantPageId,
  answers: Readonly<Record<string, unknown>>,
): v.GenericSchema<unknown, Record<string, unknown>> {
  if (page === 'second-contact')
    return v.pipe(
      GRANT_PAGE_SCHEMAS['second-contact'],
      v.forward(
        v.check(
          (input) => !sameContact(answers.mainContactName, input.secondContactName),
          `${SAME_CONTACT_MESSAGE}, ${String(answers.mainContactName ?? '').trim()}`,
        ),
        ['secondContactName'],
      ),
    );
  if (page === 'main-contact')
    return v.pipe(
      GRANT_PAGE_SCHEMAS['main-contact'],
      v.forward(
        v.check(
          (input) => !sameContact(input.mainContactName, answers.secondContactName),
          `The main contact must be a different person from the second contact, ${String(answers.secondContactName ?? '').trim()}`,
        ),
        ['mainContactName'],
      ),
    );
  return GRANT_PAGE_SCHEMAS[page] as v.GenericSchema<unknown, Record<string, unknown>>;
}

/** The money page's amount and other funding; its budget lines are checked with BudgetSchema. */
export const GrantMoneySchema = v.object({
  amountRequestedPence: PoundsToPenceSchema('Amount requested'),
  otherFunding: optionalText(1000),
});

/** A page's fields: a page schema is an object, or an object piped through checks across its fields. */
const pageEntries = (page: unknown): v.ObjectEntries => {
  const schema = page as { entries?: v.ObjectEntries; pipe?: [{ entries: v.ObjectEntries }] };
  return schema.entries ?? (schema.pipe as [{ entries: v.ObjectEntries }])[0].entries;
};

const StoredDate = (label: string) =>
  v.pipe(
    v.string(),
    v.check(
      (iso) => /^\d{4}-\d{2}-\d{2}$/.test(iso) && parseDateParts(isoToParts(iso)).ok,
      `${label} must be a real date`,
    ),
  );
const StoredPence = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(Number.MAX_SAFE_INTEGER));

/**
 * Where a page's output differs from what its form holds, the stored answer's form: ISO dates instead of typed
 * day/month/year boxes, pence and counts as numbers. (Every other field's output is accepted by its own schema:
 * trimmed text, normalised postcodes, phone numbers and bank digits.)
 */
const STORED_FIELDS: v.ObjectEntries = {
  receivedOn: StoredDate('Date received'),
  annualIncomePence: StoredPence,
  beneficiaryCount: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(999_999)),
  projectStart: StoredDate('Start date'),
  projectEnd: StoredDate('End date'),
  declarationDate: StoredDate('Date of the declaration'),
};

/**
 * The answers of a pushed grant application: what the tablet's pages save, checked by the same page schemas (so a
 * project description is at most 3,000 characters here too), every page optional (a draft or a partly readable
 * form), and no answer the pages do not ask. The bank page's typed-twice account number is never stored.
 */
export const GrantAnswersSchema = v.pipe(
  v.strictObject(
    Object.fromEntries(
      [
        ...Object.values(GRANT_PAGE_SCHEMAS).flatMap((page) => Object.entries(pageEntries(page))),
        ...Object.entries(GrantMoneySchema.entries).filter(([name]) => name !== 'amountRequestedPence'),
      ]
        .filter(([name]) => name !== 'accountNumberAgain')
        .map(([name, schema]) => [name, v.optional(STORED_FIELDS[name] ?? schema)]),
    ),
    'Not an answer the application form asks for',
  ),
  v.forward(
    v.check((answers) => {
      const { projectStart, projectEnd } = answers as { projectStart?: string; projectEnd?: string };
      return !projectStart || !projectEnd || projectEnd >= projectStart;
    }, 'The end date must be the same as or after the start date'),
    ['projectEnd'] as never,
  ),
  v.forward(
    v.check((answers) => {
      const { mainContactName, secondContactName } = answers as Record<string, unknown>;
      return !sameContact(mainContactName, secondContactName);
    }, SAME_CONTACT_MESSAGE),
    ['secondContactName'] as never,
  ),
);

/** Everything typed from the paper form, page by page (ISO dates, pence, normalised numbers). */
export type GrantAnswers = Partial<
  { [Page in GrantPageId]: v.InferOutput<(typeof GRANT_PAGE_SCHEMAS)[Page]> }[GrantPageId] extends infer U
    ? (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void
      ? I
      : never
    : never
> & { otherFunding?: string };

/** A grant application record's payload on the tablet and, once finished, on the server. */
export interface GrantPayload {
  answers: GrantAnswers;
  /** Top level because the server's grant pot counts it. */
  amountRequestedPence?: number;
  budget?: BudgetLine[];
  /** Anything unreadable on the paper form, for the central team to follow up. */
  needsReview?: { flagged: boolean; note: string };
  /** The photos of the paper pages, in page order, by SHA-256 (the server refuses one it does not have). */
  attachments?: { sha256: string }[];
  resumeAt: string;
}

const Sha256Ref = v.object({
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'Expected a lower-case hex SHA-256')),
});
const PenceSchema = v.pipe(v.number(), v.integer(), v.minValue(0));

/**
 * What the server requires of a pushed grant application: whole-pence amounts, a budget (when given) adding up to
 * the amount, bank details as digits, answers the tablet's pages would accept (GrantAnswersSchema), and photos
 * named by hash. The answers are stored as sent.
 */
export const GrantPayloadSchema = v.pipe(
  v.looseObject({
    amountRequestedPence: PenceSchema,
    answers: v.optional(GrantAnswersSchema),
    budget: v.optional(
      v.array(
        v.object({
          item: v.pipe(v.string(), v.minLength(1)),
          amountPence: v.pipe(PenceSchema, v.minValue(1)),
        }),
      ),
    ),
    needsReview: v.optional(v.object({ flagged: v.boolean(), note: v.string() })),
    attachments: v.optional(v.array(Sha256Ref)),
  }),
  v.forward(
    v.check(
      (payload) => !payload.budget || budgetTotalPence(payload.budget) === payload.amountRequestedPence,
      'The budget lines must add up to the amount requested',
    ),
    ['budget'],
  ),
);

/** What the organisation eligibility rules read from a transcribed application. */
export function grantCheckAnswers(
  payload: Pick<GrantPayload, 'answers' | 'amountRequestedPence'>,
): GrantCheckAnswers & {
  organisationName?: string;
} {
  // A draft pushed before its first page (or a test payload) has no answers yet.
  const answers = (payload.answers ?? {}) as Record<string, unknown>;
  const text = (key: string) => (typeof answers[key] === 'string' ? (answers[key] as string) : undefined);
  return {
    organisationName: text('organisationName'),
    organisationType: text('organisationType'),
    annualIncomePence: typeof answers.annualIncomePence === 'number' ? answers.annualIncomePence : undefined,
    areasServed: Array.isArray(answers.areasServed) ? (answers.areasServed as string[]) : undefined,
    amountRequestedPence: payload.amountRequestedPence,
    spendFrom: text('projectStart'),
    spendTo: text('projectEnd'),
    receivedOn: text('receivedOn'),
  };
}
