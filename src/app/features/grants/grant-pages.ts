// The grant application's question pages as data: each page's title and fields, in the order of the paper form.
import {
  AREAS_SERVED,
  DBS_ANSWERS,
  GOVERNING_DOCUMENTS,
  GRANT_ORGANISATION_TYPES,
  type GrantPageId,
  HEALTH_INEQUALITIES,
  RECEIVED_BY,
  YES_NO,
} from '../../../shared/grant/application';
import type { FieldDef, FormValues } from '../forms/fields';

export interface GrantPageDef {
  id: GrantPageId;
  title: string;
  caption: string;
  hint?: string;
  fields: FieldDef[];
}

const chose =
  (name: string, ...values: string[]) =>
  (form: FormValues) =>
    values.includes(form[name] as string);

const contactFields = (prefix: 'main' | 'second'): FieldDef[] => [
  { kind: 'text', name: `${prefix}ContactName`, label: 'Full name', spellcheck: false },
  { kind: 'text', name: `${prefix}ContactRole`, label: 'Role in the organisation' },
  {
    kind: 'text',
    name: `${prefix}ContactPhone`,
    label: 'Phone number',
    hint: 'For example, 01702 123456 or 07700 900123',
    type: 'tel',
    inputMode: 'tel',
    width: 'nhsuk-input--width-20',
  },
  {
    kind: 'text',
    name: `${prefix}ContactEmail`,
    label: 'Email address (optional)',
    type: 'email',
    inputMode: 'email',
    spellcheck: false,
  },
];

export const GRANT_PAGES: Record<GrantPageId, GrantPageDef> = {
  received: {
    id: 'received',
    caption: 'The paper form',
    title: 'How was the paper form received?',
    fields: [
      { kind: 'radios', name: 'receivedBy', label: 'How was it received?', options: RECEIVED_BY },
      { kind: 'date', name: 'receivedOn', label: 'Date received', hint: 'For example, 15 11 2022' },
      { kind: 'text', name: 'transcribedBy', label: 'Your name', hint: 'The person typing in the form' },
    ],
  },
  organisation: {
    id: 'organisation',
    caption: 'The organisation',
    title: 'About the organisation',
    fields: [
      { kind: 'text', name: 'organisationName', label: 'Organisation name' },
      {
        kind: 'radios',
        name: 'organisationType',
        label: 'Type of organisation',
        options: GRANT_ORGANISATION_TYPES,
      },
      {
        kind: 'text',
        name: 'charityNumber',
        label: 'Charity number',
        hint: 'For example, 1234567. Leave empty if the form does not give one',
        width: 'nhsuk-input--width-10',
        spellcheck: false,
        showWhen: chose('organisationType', 'charity', 'cio', 'faith-group', 'unincorporated-group'),
      },
      {
        kind: 'text',
        name: 'companyNumber',
        label: 'Company or society number (optional)',
        hint: 'For example, 01234567 or SC123456',
        width: 'nhsuk-input--width-10',
        spellcheck: false,
        showWhen: chose('organisationType', 'cic', 'community-benefit-society', 'social-enterprise', 'cio'),
      },
      { kind: 'text', name: 'addressLine1', label: 'Building and street' },
      { kind: 'text', name: 'addressLine2', label: 'Building and street line 2 (optional)' },
      { kind: 'text', name: 'town', label: 'Town or city', width: 'nhsuk-u-width-two-thirds' },
      {
        kind: 'text',
        name: 'postcode',
        label: 'Postcode',
        width: 'nhsuk-input--width-10',
        spellcheck: false,
      },
      {
        kind: 'checkboxes',
        name: 'areasServed',
        label: 'Areas it works in',
        hint: 'Select all that apply',
        options: AREAS_SERVED,
        exclusive: 'outside',
      },
      { kind: 'money', name: 'annualIncomePence', label: 'Annual income', hint: 'In pounds, like 12,500' },
      {
        kind: 'radios',
        name: 'governingDocument',
        label: 'Governing document',
        options: GOVERNING_DOCUMENTS,
      },
    ],
  },
  'main-contact': {
    id: 'main-contact',
    caption: 'Contacts',
    title: 'Main contact',
    fields: contactFields('main'),
  },
  'second-contact': {
    id: 'second-contact',
    caption: 'Contacts',
    title: 'Second contact',
    fields: contactFields('second'),
  },
  project: {
    id: 'project',
    caption: 'The project',
    title: 'About the project',
    fields: [
      { kind: 'text', name: 'projectTitle', label: 'Project title' },
      { kind: 'textarea', name: 'projectDescription', label: 'What will the project do?' },
      {
        kind: 'radios',
        name: 'inequality',
        label: 'Which health inequality does it address?',
        options: HEALTH_INEQUALITIES,
      },
      { kind: 'textarea', name: 'inequalityDetail', label: 'How does it address it?' },
      { kind: 'textarea', name: 'beneficiaries', label: 'Who will benefit?' },
      {
        kind: 'text',
        name: 'beneficiaryCount',
        label: 'How many people will benefit?',
        inputMode: 'numeric',
        width: 'nhsuk-input--width-5',
      },
      { kind: 'date', name: 'projectStart', label: 'Start date', hint: 'For example, 1 12 2022' },
      { kind: 'date', name: 'projectEnd', label: 'End date', hint: 'For example, 31 7 2023' },
      { kind: 'textarea', name: 'outcomes', label: 'What outcomes do they expect?' },
      { kind: 'textarea', name: 'measurement', label: 'How will they measure them?' },
    ],
  },
  safeguarding: {
    id: 'safeguarding',
    caption: 'Policies',
    title: 'Safeguarding and insurance',
    fields: [
      {
        kind: 'radios',
        name: 'safeguardingPolicy',
        label: 'Do they have a safeguarding policy?',
        options: YES_NO,
      },
      {
        kind: 'radios',
        name: 'publicLiability',
        label: 'Do they have public liability insurance?',
        options: YES_NO,
      },
      {
        kind: 'radios',
        name: 'dbsChecks',
        label: 'Do the people who need DBS checks have them?',
        options: DBS_ANSWERS,
      },
    ],
  },
  bank: {
    id: 'bank',
    caption: 'Payment',
    title: 'Bank details for payment',
    fields: [
      { kind: 'text', name: 'accountName', label: 'Name on the account' },
      {
        kind: 'text',
        name: 'sortCode',
        label: 'Sort code',
        hint: 'Must be 6 digits long',
        inputMode: 'numeric',
        width: 'nhsuk-input--width-5',
        spellcheck: false,
      },
      {
        kind: 'text',
        name: 'accountNumber',
        label: 'Account number',
        hint: 'Must be 8 digits long',
        inputMode: 'numeric',
        width: 'nhsuk-input--width-10',
        spellcheck: false,
      },
      {
        kind: 'text',
        name: 'accountNumberAgain',
        label: 'Account number again',
        hint: 'Type it again from the form, to check it',
        inputMode: 'numeric',
        width: 'nhsuk-input--width-10',
        spellcheck: false,
      },
      { kind: 'text', name: 'signatory1Name', label: 'First signatory’s name', spellcheck: false },
      { kind: 'text', name: 'signatory2Name', label: 'Second signatory’s name', spellcheck: false },
      {
        kind: 'radios',
        name: 'signatoriesUnrelated',
        label: 'Are the 2 signatories unrelated and living at different addresses?',
        options: YES_NO,
      },
    ],
  },
  declaration: {
    id: 'declaration',
    caption: 'Declaration',
    title: 'The declaration',
    fields: [
      { kind: 'text', name: 'declarationName', label: 'Name of the person who signed', spellcheck: false },
      { kind: 'text', name: 'declarationPosition', label: 'Their position in the organisation' },
      {
        kind: 'date',
        name: 'declarationDate',
        label: 'Date of the declaration',
        hint: 'For example, 10 11 2022',
      },
      { kind: 'radios', name: 'signedOnPaper', label: 'Is the paper declaration signed?', options: YES_NO },
    ],
  },
};

/** The flow, in the order of the paper form. */
export const GRANT_STEPS = [
  'received',
  'organisation',
  'main-contact',
  'second-contact',
  'project',
  'money',
  'safeguarding',
  'bank',
  'declaration',
  'photos',
  'check-answers',
] as const;
export type GrantStep = (typeof GRANT_STEPS)[number];

export const isGrantStep = (step: string): step is GrantStep =>
  (GRANT_STEPS as readonly string[]).includes(step);
export const stepAfter = (step: GrantStep): GrantStep =>
  GRANT_STEPS[Math.min(GRANT_STEPS.indexOf(step) + 1, GRANT_STEPS.length - 1)] as GrantStep;
export const stepBefore = (step: GrantStep): GrantStep | null =>
  GRANT_STEPS[GRANT_STEPS.indexOf(step) - 1] ?? null;

export const STEP_TITLES: Record<GrantStep, string> = {
  ...(Object.fromEntries(Object.values(GRANT_PAGES).map((page) => [page.id, page.title])) as Record<
    GrantPageId,
    string
  >),
  money: 'Money',
  photos: 'Photos of the paper form',
  'check-answers': 'Check the application',
};

export const grantHref = (id: string, step: GrantStep | 'done', change = false) =>
  `/grants/${id}/${step}${change && step !== 'check-answers' && step !== 'done' ? '?change=1' : ''}`;
