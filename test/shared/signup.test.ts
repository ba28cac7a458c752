// The sign-up's shared schemas: each page's rules across fields, and the stored answers the server checks.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { SIGNUP_PAGE_SCHEMAS, SignupAnswersSchema } from '../../src/shared/signup';
import { signupPayload } from '../server/support/api';

const fieldErrors = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input);
  return result.success ? {} : Object.fromEntries(result.issues.map((i) => [v.getDotPath(i), i.message]));
};

describe('sign-up page schemas', () => {
  it('needs a mobile for calls and texts, and an email for emails', () => {
    const contact = SIGNUP_PAGE_SCHEMAS.contact;
    expect(fieldErrors(contact, { mobile: '', email: '', contactMethod: 'text' })).toEqual({
      mobile: 'Enter a mobile number to be called or texted on',
    });
    expect(fieldErrors(contact, { mobile: '', email: '', contactMethod: 'email' })).toEqual({
      email: 'Enter an email address to be emailed at',
    });
    expect(v.parse(contact, { mobile: '', email: '', contactMethod: 'post' })).toEqual({
      mobile: '',
      email: '',
      contactMethod: 'post',
    });
    expect(fieldErrors(contact, { mobile: '01702 123456', email: '', contactMethod: 'phone' })).toEqual({
      mobile: 'Enter a UK mobile number, like 07700 900123',
    });
  });

  it('allows "never had a paid job" only for someone not working', () => {
    const employment = SIGNUP_PAGE_SCHEMAS.employment;
    expect(
      fieldErrors(employment, { employmentStatus: 'employed-full-time', employmentDuration: 'never-worked' }),
    ).toEqual({
      employmentDuration: 'Select how long they have been in their current work',
    });
    expect(v.is(employment, { employmentStatus: 'unemployed', employmentDuration: 'never-worked' })).toBe(
      true,
    );
  });

  it('asks for the other role, and keeps "none" on its own', () => {
    expect(fieldErrors(SIGNUP_PAGE_SCHEMAS.roles, { roles: ['other'], rolesOther: ' ' })).toEqual({
      rolesOther: 'Enter the other role they are interested in',
    });
    expect(fieldErrors(SIGNUP_PAGE_SCHEMAS.roles, { roles: [], rolesOther: '' })).toEqual({
      roles: 'Select the roles they are interested in',
    });
    expect(
      fieldErrors(SIGNUP_PAGE_SCHEMAS.barriers, { barriers: ['none', 'childcare'], adjustments: '' }),
    ).toEqual({
      barriers: 'Select none of these on its own, or the barriers that apply',
    });
    expect(fieldErrors(SIGNUP_PAGE_SCHEMAS.support, { partnerSupport: ['smuggling'] })).toEqual({
      'partnerSupport.0': 'Select the support they would like, or select no support for now',
    });
  });

  it('requires the privacy notice to be accepted; contact consents are each optional', () => {
    expect(
      fieldErrors(SIGNUP_PAGE_SCHEMAS.consent, {
        privacyNoticeAccepted: [],
        contactConsents: [],
        sharePartners: 'no',
      }),
    ).toEqual({
      privacyNoticeAccepted: 'Confirm they have read, or had read to them, the privacy notice',
    });
    expect(
      v.is(SIGNUP_PAGE_SCHEMAS.consent, {
        privacyNoticeAccepted: ['accepted'],
        contactConsents: [],
        sharePartners: 'no',
      }),
    ).toBe(true);
  });
});

describe('stored sign-up answers (what the server checks)', () => {
  it('accepts a complete sign-up, with or without equality answers', () => {
    expect(v.is(SignupAnswersSchema, signupPayload().answers)).toBe(true);
    const withEquality = {
      ...signupPayload().answers,
      equalityOptIn: 'yes',
      ethnicity: 'prefer-not-to-say',
      disability: 'no',
      carer: 'yes',
    };
    expect(v.is(SignupAnswersSchema, withEquality)).toBe(true);
  });

  it('hours: the page offers only bands that do not overlap; the server still accepts the earlier bands', () => {
    const page = SIGNUP_PAGE_SCHEMAS.hours;
    expect(v.is(page, { hoursAvailable: '16-to-29' })).toBe(true);
    expect(v.is(page, { hoursAvailable: '16-to-30' })).toBe(false);
    for (const hoursAvailable of ['up-to-16', '16-to-30', 'over-30', 'up-to-15', '30-or-more']) {
      expect(v.is(SignupAnswersSchema, { ...signupPayload().answers, hoursAvailable })).toBe(true);
    }
    expect(v.is(SignupAnswersSchema, { ...signupPayload().answers, hoursAvailable: 'lots' })).toBe(false);
  });

  it('refuses missing, malformed and inconsistent answers with the field at fault', () => {
    const { firstName: _missing, ...withoutName } = signupPayload().answers;
    expect(Object.keys(fieldErrors(SignupAnswersSchema, withoutName))).toEqual(['firstName']);
    expect(
      fieldErrors(SignupAnswersSchema, { ...signupPayload().answers, dateOfBirth: '2023-02-29' }),
    ).toEqual({
      dateOfBirth: 'Date of birth must be a real date',
    });
    expect(fieldErrors(SignupAnswersSchema, { ...signupPayload().answers, postcode: 'SS1' })).toEqual({
      postcode: 'Enter a full UK postcode, like SS1 1AA',
    });
    expect(
      fieldErrors(SignupAnswersSchema, { ...signupPayload().answers, contactMethod: 'phone', mobile: '' }),
    ).toEqual({
      mobile: 'Enter a mobile number to be called or texted on',
    });
  });
});
