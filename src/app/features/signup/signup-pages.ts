// What each sign-up question page shows: its title and fields, worded for the worker or for the resident.
import {
  BARRIERS,
  CONTACT_CONSENTS,
  CONTACT_METHODS,
  EMPLOYMENT_DURATIONS,
  EMPLOYMENT_STATUSES,
  ETHNICITIES,
  HEARD_ABOUT,
  HOURS,
  PARTNER_SUPPORT,
  ROLES,
  type SignupAnswers,
  type SignupPageId,
  YES_NO,
  YES_NO_PREFER_NOT,
} from '../../../shared/signup';
import type { Copy, FormValues, FieldDef as GenericFieldDef } from '../forms/fields';
import { PRIVACY_NOTICE } from '../privacy/privacy-notice';

const PRIVACY_NOTICE_VERSION = PRIVACY_NOTICE.version;

type Name = keyof SignupAnswers;
export type FieldDef = GenericFieldDef<Name>;
export { type Copy, type FormValues, say, type Voice } from '../forms/fields';

export interface PageDef {
  id: SignupPageId;
  /** The page heading; on a page with one choice question it is that question's legend. */
  title: Copy;
  caption: string;
  intro?: Copy;
  fields: FieldDef[];
}

const chose = (name: string, value: string) => (values: FormValues) => {
  const current = values[name];
  return Array.isArray(current) ? current.includes(value) : current === value;
};

export const SIGNUP_PAGES: Record<SignupPageId, PageDef> = {
  name: {
    id: 'name',
    caption: 'About them',
    title: { worker: 'What is the resident’s name?', resident: 'What is your name?' },
    fields: [
      { kind: 'text', name: 'firstName', label: 'First name', spellcheck: false },
      { kind: 'text', name: 'lastName', label: 'Last name', spellcheck: false },
      {
        kind: 'text',
        name: 'preferredName',
        label: 'Preferred name (optional)',
        hint: {
          worker: 'What they like to be called, if different',
          resident: 'What you like to be called, if different',
        },
        spellcheck: false,
      },
    ],
  },
  'date-of-birth': {
    id: 'date-of-birth',
    caption: 'About them',
    title: { worker: 'What is their date of birth?', resident: 'What is your date of birth?' },
    fields: [
      {
        kind: 'date',
        name: 'dateOfBirth',
        label: { worker: 'What is their date of birth?', resident: 'What is your date of birth?' },
        hint: 'For example, 15 3 1984. The programme is for people aged 16 or over.',
      },
    ],
  },
  address: {
    id: 'address',
    caption: 'About them',
    title: { worker: 'What is their address?', resident: 'What is your address?' },
    fields: [
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
    ],
  },
  contact: {
    id: 'contact',
    caption: 'Contact details',
    title: { worker: 'How can the Trust contact them?', resident: 'How can we contact you?' },
    fields: [
      {
        kind: 'text',
        name: 'mobile',
        label: 'Mobile number (optional)',
        hint: 'For example, 07700 900123',
        type: 'tel',
        inputMode: 'tel',
        width: 'nhsuk-input--width-20',
      },
      {
        kind: 'text',
        name: 'email',
        label: 'Email address (optional)',
        type: 'email',
        inputMode: 'email',
        spellcheck: false,
      },
      {
        kind: 'radios',
        name: 'contactMethod',
        label: {
          worker: 'How would they like to be contacted?',
          resident: 'How would you like us to contact you?',
        },
        options: CONTACT_METHODS,
      },
    ],
  },
  employment: {
    id: 'employment',
    caption: 'Work',
    title: { worker: 'Their work at the moment', resident: 'Your work at the moment' },
    fields: [
      {
        kind: 'radios',
        name: 'employmentStatus',
        label: { worker: 'Which best describes them now?', resident: 'Which best describes you now?' },
        options: EMPLOYMENT_STATUSES,
      },
      {
        kind: 'radios',
        name: 'employmentDuration',
        label: 'How long has this been the case?',
        options: EMPLOYMENT_DURATIONS,
      },
    ],
  },
  roles: {
    id: 'roles',
    caption: 'Work',
    title: {
      worker: 'Which jobs in health and care interest them?',
      resident: 'Which jobs in health and care interest you?',
    },
    fields: [
      {
        kind: 'checkboxes',
        name: 'roles',
        label: {
          worker: 'Which jobs in health and care interest them?',
          resident: 'Which jobs in health and care interest you?',
        },
        hint: 'Select all that apply',
        options: ROLES,
      },
      {
        kind: 'text',
        name: 'rolesOther',
        label: 'What else interests them?',
        showWhen: chose('roles', 'other'),
      },
    ],
  },
  hours: {
    id: 'hours',
    caption: 'Work',
    title: { worker: 'How many hours could they work?', resident: 'How many hours could you work?' },
    fields: [
      {
        kind: 'radios',
        name: 'hoursAvailable',
        label: { worker: 'How many hours could they work?', resident: 'How many hours could you work?' },
        options: HOURS,
      },
    ],
  },
  barriers: {
    id: 'barriers',
    caption: 'Support',
    title: {
      worker: 'Does anything make work harder for them?',
      resident: 'Does anything make work harder for you?',
    },
    fields: [
      {
        kind: 'checkboxes',
        name: 'barriers',
        label: {
          worker: 'Does anything make work harder for them?',
          resident: 'Does anything make work harder for you?',
        },
        hint: 'Select all that apply',
        options: BARRIERS,
        exclusive: 'none',
      },
      {
        kind: 'textarea',
        name: 'adjustments',
        label: {
          worker: 'Do they need any adjustments? (optional)',
          resident: 'Do you need any adjustments? (optional)',
        },
        hint: 'For example, step-free access, a hearing loop, or information in large print',
      },
    ],
  },
  support: {
    id: 'support',
    caption: 'Support',
    title: { worker: 'Which support would they like?', resident: 'Which support would you like?' },
    fields: [
      {
        kind: 'checkboxes',
        name: 'partnerSupport',
        label: { worker: 'Which support would they like?', resident: 'Which support would you like?' },
        hint: 'Select all that apply. Partners only hear about someone who agrees to it.',
        options: PARTNER_SUPPORT,
        exclusive: 'none',
      },
    ],
  },
  'heard-about': {
    id: 'heard-about',
    caption: 'About today',
    title: { worker: 'How did they hear about the programme?', resident: 'How did you hear about us?' },
    fields: [
      {
        kind: 'radios',
        name: 'heardAbout',
        label: { worker: 'How did they hear about the programme?', resident: 'How did you hear about us?' },
        options: HEARD_ABOUT,
      },
      {
        kind: 'text',
        name: 'heardAboutOther',
        label: 'Where was that?',
        showWhen: chose('heardAbout', 'other'),
      },
      {
        kind: 'text',
        name: 'venue',
        label: { worker: 'Venue or event today', resident: 'Where are you today?' },
        hint: 'For example, Kursaal community fun day',
      },
    ],
  },
  equality: {
    id: 'equality',
    caption: 'Equality questions (optional)',
    title: {
      worker: 'Would they like to answer questions about equality?',
      resident: 'Would you like to answer questions about equality?',
    },
    intro: {
      worker:
        'These questions help the Trust check the programme reaches everyone. They are optional and each has “Prefer not to say”.',
      resident:
        'These questions help us check the programme reaches everyone. You do not have to answer them, and each has “Prefer not to say”.',
    },
    fields: [
      {
        kind: 'radios',
        name: 'equalityOptIn',
        label: {
          worker: 'Would they like to answer questions about equality?',
          resident: 'Would you like to answer questions about equality?',
        },
        options: YES_NO,
      },
    ],
  },
  'equality-details': {
    id: 'equality-details',
    caption: 'Equality questions (optional)',
    title: 'Equality questions',
    fields: [
      {
        kind: 'radios',
        name: 'ethnicity',
        label: { worker: 'What is their ethnic group?', resident: 'What is your ethnic group?' },
        options: ETHNICITIES,
      },
      {
        kind: 'radios',
        name: 'disability',
        label: {
          worker: 'Do they consider themselves to have a disability?',
          resident: 'Do you consider yourself to have a disability?',
        },
        options: YES_NO_PREFER_NOT,
      },
      {
        kind: 'radios',
        name: 'carer',
        label: {
          worker: 'Do they look after someone because of illness, disability or old age?',
          resident: 'Do you look after someone because of illness, disability or old age?',
        },
        options: YES_NO_PREFER_NOT,
      },
    ],
  },
  consent: {
    id: 'consent',
    caption: 'Consent',
    title: 'Privacy and contact',
    intro: {
      worker: `Read the privacy notice (version ${PRIVACY_NOTICE_VERSION}, linked below) to the resident, or let them read it, before they agree.`,
      resident: `Please read the privacy notice (version ${PRIVACY_NOTICE_VERSION}, linked below) before you agree.`,
    },
    fields: [
      {
        kind: 'checkboxes',
        name: 'privacyNoticeAccepted',
        label: 'Privacy notice',
        options: [
          {
            value: 'accepted',
            label: `Privacy notice version ${PRIVACY_NOTICE_VERSION} has been read (or read aloud) and is agreed to`,
          },
        ],
      },
      {
        kind: 'checkboxes',
        name: 'contactConsents',
        label: {
          worker: 'How do they agree to be contacted about the programme? (optional)',
          resident: 'How do you agree to be contacted about the programme? (optional)',
        },
        hint: 'Select all that apply',
        options: CONTACT_CONSENTS,
      },
      {
        kind: 'radios',
        name: 'sharePartners',
        label: {
          worker: 'Do they agree to their details going to the partners they chose?',
          resident: 'Do you agree to your details going to the partners you chose?',
        },
        options: YES_NO,
      },
    ],
  },
};
