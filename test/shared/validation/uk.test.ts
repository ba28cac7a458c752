// UK validators: postcodes, phone numbers, email, National Insurance numbers, typed dates and ages, with their
// boundary cases.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  ageOn,
  dateOfBirthSchema,
  EmailSchema,
  isUkMobile,
  NationalInsuranceSchema,
  normalisePostcode,
  normaliseUkPhone,
  PostcodeSchema,
  parseDateParts,
  pastDateSchema,
  todayIso,
  UkMobileSchema,
  UkPhoneSchema,
} from '../../../src/shared/validation/uk';

const messages = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input);
  return result.success ? [] : result.issues.map((issue) => issue.message);
};

describe('postcodes', () => {
  it.each([
    ['ss11aa', 'SS1 1AA'],
    ['SS1 1AA', 'SS1 1AA'],
    [' ss1   1aa ', 'SS1 1AA'],
    ['SS11AA', 'SS1 1AA'],
    ['ss0 9aa', 'SS0 9AA'],
    ['EC1A 1BB', 'EC1A 1BB'],
    ['w1a0ax', 'W1A 0AX'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['gir 0aa', 'GIR 0AA'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
    expect(v.parse(PostcodeSchema, input)).toBe(expected);
  });

  it.each(['SS1', 'SS1 1CA', 'SS1 1AAA', '123 456', 'S S 1 1 A', '', 'QQ1 1AA', 'SS1-1AA'])(
    'refuses %j',
    (input) => {
      expect(normalisePostcode(input)).toBeNull();
      expect(messages(PostcodeSchema, input)).toEqual(['Enter a full UK postcode, like SS1 1AA']);
    },
  );
});

describe('phone numbers', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['07700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['+447700900123', '+447700900123'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['07700-900-123', '+447700900123'],
    ['01702 123456', '+441702123456'],
    ['(01702) 123-456', '+441702123456'],
    ['020 7946 0000', '+442079460000'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normaliseUkPhone(input)).toBe(expected);
    expect(v.parse(UkPhoneSchema, input)).toBe(expected);
  });

  it.each([
    '0770090012',
    '077009001234',
    '+33 6 12 34 56 78',
    '0033612345678',
    'phone',
    '7700 900123',
    '',
    '+44 0770 0900 123 4',
  ])('refuses %j', (input) => {
    expect(normaliseUkPhone(input)).toBeNull();
    expect(messages(UkPhoneSchema, input)).toEqual([
      'Enter a UK phone number, like 01702 123456 or 07700 900123',
    ]);
  });

  it('tells mobiles (07, +447) from landlines', () => {
    expect(isUkMobile('+447700900123')).toBe(true);
    expect(isUkMobile('+441702123456')).toBe(false);
    expect(v.parse(UkMobileSchema, '+44 7700 900123')).toBe('+447700900123');
    expect(messages(UkMobileSchema, '01702 123456')).toEqual(['Enter a UK mobile number, like 07700 900123']);
  });
});

describe('email', () => {
  it('trims and lower-cases only the domain', () => {
    expect(v.parse(EmailSchema, '  Ada.Lovelace@Example.ORG ')).toBe('Ada.Lovelace@example.org');
  });
  it.each([
    'ada',
    'ada@',
    '@example.org',
    'ada@example',
    'a b@example.org',
    `${'a'.repeat(250)}@example.org`,
  ])('refuses %j', (input) => {
    expect(messages(EmailSchema, input)[0]).toBe(
      'Enter an email address in the correct format, like name@example.com',
    );
  });
});

describe('National Insurance numbers', () => {
  it.each([
    ['AB 12 34 56 C', 'AB123456C'],
    ['ab123456c', 'AB123456C'],
    ['JG103759A', 'JG103759A'],
  ])('normalises %j', (input, expected) => {
    expect(v.parse(NationalInsuranceSchema, input)).toBe(expected);
  });
  it.each([
    'QQ123456C',
    'DA123456A',
    'AO123456A',
    'BG123456A',
    'GB123456A',
    'ZZ123456A',
    'AB123456E',
    'AB12345C',
    'AB1234567C',
  ])('refuses %j', (input) => {
    expect(messages(NationalInsuranceSchema, input)).toEqual([
      'Enter a National Insurance number in the correct format, like QQ 12 34 56 C',
    ]);
  });
});

describe('typed dates', () => {
  const parts = (day: string, month: string, year: string) => ({ day, month, year });

  it('accepts real dates and pads them', () => {
    expect(parseDateParts(parts('29', '2', '2024'))).toEqual({ ok: true, iso: '2024-02-29' });
    expect(parseDateParts(parts(' 1 ', '01', '2000'))).toEqual({ ok: true, iso: '2000-01-01' });
    expect(parseDateParts(parts('31', '12', '1999'))).toEqual({ ok: true, iso: '1999-12-31' });
    expect(parseDateParts(parts('29', '2', '2000'))).toEqual({ ok: true, iso: '2000-02-29' });
  });

  it.each([
    [parts('', '', ''), 'missing'],
    [parts('', '2', '2000'), 'missing-day'],
    [parts('1', '', '2000'), 'missing-month'],
    [parts('1', '2', ''), 'missing-year'],
    [parts('1a', '2', '2000'), 'not-a-number'],
    [parts('1', '2', '-200'), 'not-a-number'],
    [parts('1', '2', '99'), 'year-not-four-digits'],
    [parts('29', '2', '2023'), 'not-real'],
    [parts('29', '2', '1900'), 'not-real'],
    [parts('31', '4', '2024'), 'not-real'],
    [parts('0', '4', '2024'), 'not-real'],
    [parts('1', '13', '2024'), 'not-real'],
  ])('%j is %s', (input, problem) => {
    expect(parseDateParts(input)).toEqual({ ok: false, problem });
  });
});

describe('ages and dates of birth', () => {
  it('counts completed years, with 29 February birthdays on 1 March in other years', () => {
    expect(ageOn('2010-11-23', '2026-11-23')).toBe(16);
    expect(ageOn('2010-11-24', '2026-11-23')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-28')).toBe(15);
    expect(ageOn('2008-02-29', '2024-02-29')).toBe(16);
    expect(ageOn('2008-02-29', '2023-02-28')).toBe(14);
    expect(ageOn('2008-02-29', '2023-03-01')).toBe(15);
  });

  const schema = (today: string) => dateOfBirthSchema({ minimumAge: 16, today: () => today });
  const dob = (day: string, month: string, year: string) => ({ day, month, year });

  it('accepts someone whose 16th birthday is today, and refuses them the day before', () => {
    expect(v.parse(schema('2026-11-23'), dob('23', '11', '2010'))).toBe('2010-11-23');
    expect(messages(schema('2026-11-22'), dob('23', '11', '2010'))).toEqual([
      'They must be 16 or older to sign up',
    ]);
  });

  it('treats a 29 February birthday as 1 March in a year that is not a leap year', () => {
    // Born 29 February 2008: 16 on 29 February 2024, 17 only on 1 March 2025.
    expect(messages(schema('2024-02-28'), dob('29', '2', '2008'))).toEqual([
      'They must be 16 or older to sign up',
    ]);
    expect(v.parse(schema('2024-02-29'), dob('29', '2', '2008'))).toBe('2008-02-29');
    const seventeen = (today: string) => dateOfBirthSchema({ minimumAge: 17, today: () => today });
    expect(messages(seventeen('2025-02-28'), dob('29', '2', '2008'))).toEqual([
      'They must be 17 or older to sign up',
    ]);
    expect(v.parse(seventeen('2025-03-01'), dob('29', '2', '2008'))).toBe('2008-02-29');
    expect(messages(schema('2026-11-23'), dob('29', '2', '2009'))).toEqual([
      'Date of birth must be a real date',
    ]);
  });

  it('words each problem the NHS.UK way', () => {
    const today = schema('2026-11-23');
    expect(messages(today, dob('', '', ''))).toEqual(['Enter date of birth']);
    expect(messages(today, dob('', '3', '1990'))).toEqual(['Date of birth must include a day']);
    expect(messages(today, dob('3', '', '1990'))).toEqual(['Date of birth must include a month']);
    expect(messages(today, dob('3', '3', ''))).toEqual(['Date of birth must include a year']);
    expect(messages(today, dob('31', '4', '1990'))).toEqual(['Date of birth must be a real date']);
    expect(messages(today, dob('24', '11', '2026'))).toEqual(['Date of birth must be in the past']);
  });

  it('checks other past dates with their own label', () => {
    const received = pastDateSchema('Date received', () => '2026-11-23');
    expect(v.parse(received, dob('23', '11', '2026'))).toBe('2026-11-23');
    expect(messages(received, dob('24', '11', '2026'))).toEqual([
      'Date received must be today or in the past',
    ]);
    expect(messages(received, dob('', '', ''))).toEqual(['Enter date received']);
  });

  it('knows today in the UK, across midnight and the clock change', () => {
    expect(todayIso(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayIso(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
  });
});
