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
    ['W1A 0AX', 'W1A 0AX'],
    ['w1a0ax', 'W1A 0AX'],
    ['M1 1AE', 'M1 1AE'],
    ['B33 8TH', 'B33 8TH'],
    ['CR2 6XH', 'CR2 6XH'],
    ['DN55 1PT', 'DN55 1PT'],
    ['GIR 0AA', 'GIR 0AA'],
    ['gir 0aa', 'GIR 0AA'],
    [' Ss1  1aA ', 'SS1 1AA'],
    ['SS1\t1AA', 'SS1 1AA'],
    ['N1C 4AG', 'N1C 4AG'],
    ['SW1A 2AA', 'SW1A 2AA'],
  ])('normalises %j to %j', (input, expected) => {
    expect(normalisePostcode(input)).toBe(expected);
    expect(v.parse(PostcodeSchema, input)).toBe(expected);
  });

  it.each([
    'SS1',
    'SS1 1CA',
    'SS1 1AI',
    'SS1 1KA',
    'SS1 1MA',
    'SS1 1OA',
    'SS1 1VA',
    'SS1 1AAA',
    'SS1 AA',
    '123 456',
    'S S 1 1 A',
    '',
    '   ',
    'QQ1 1AA',
    'SS1-1AA',
    'SSS1 1AA',
    'SS123 1AA',
    'GIR 0AB',
  ])('refuses %j', (input) => {
    expect(normalisePostcode(input)).toBeNull();
    expect(messages(PostcodeSchema, input)).toEqual(['Enter a full UK postcode, like SS1 1AA']);
  });
});

describe('phone numbers', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['07700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['+447700900123', '+447700900123'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['+44 (0) 7700 900123', '+447700900123'],
    ['(+44) 7700 900123', '+447700900123'],
    ['0044 7700 900123', '+447700900123'],
    ['0044 (0)1702 123456', '+441702123456'],
    ['07700-900-123', '+447700900123'],
    ['07700.900.123', '+447700900123'],
    [' 07700 900123 ', '+447700900123'],
    ['01702 123456', '+441702123456'],
    ['(01702) 123-456', '+441702123456'],
    ['020 7946 0000', '+442079460000'],
    ['0300 123 4567', '+443001234567'],
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
    '+44 07700 900123',
    '+4477009001',
    '+447700 9001234',
    '0044 33 612345678',
    '44 7700 900123',
    '07700 900123 ext 4',
    '07700 (0)900123',
    '0800 123 4567',
    '0900 123 4567',
    '06700 900123',
    '00 7700 900123',
  ])('refuses %j', (input) => {
    expect(normaliseUkPhone(input)).toBeNull();
    expect(messages(UkPhoneSchema, input)).toEqual([
      'Enter a UK phone number, like 01702 123456 or 07700 900123',
    ]);
  });

  it('tells mobiles (07, +447) from landlines', () => {
    expect(isUkMobile('+447700900123')).toBe(true);
    expect(isUkMobile('+441702123456')).toBe(false);
    expect(isUkMobile('+442079460000')).toBe(false);
    expect(isUkMobile('+44770090012')).toBe(false);
    expect(isUkMobile('+4477009001234')).toBe(false);
    expect(isUkMobile('07700900123')).toBe(false);
    expect(isUkMobile(normaliseUkPhone('07700 900123') ?? '')).toBe(true);
    expect(isUkMobile(normaliseUkPhone('01702 123456') ?? '')).toBe(false);
  });

  it('takes only mobiles where a mobile is needed', () => {
    expect(v.parse(UkMobileSchema, '+44 7700 900123')).toBe('+447700900123');
    expect(v.parse(UkMobileSchema, '07700 900123')).toBe('+447700900123');
    expect(messages(UkMobileSchema, '01702 123456')).toEqual(['Enter a UK mobile number, like 07700 900123']);
    expect(messages(UkMobileSchema, '0770090012')).toEqual(['Enter a UK mobile number, like 07700 900123']);
    expect(messages(UkMobileSchema, '')).toEqual(['Enter a UK mobile number, like 07700 900123']);
  });
});

describe('email', () => {
  it('trims and lower-cases only the domain', () => {
    expect(v.parse(EmailSchema, '  Ada.Lovelace@Example.ORG ')).toBe('Ada.Lovelace@example.org');
  });

  it.each([
    ['name@example.com', 'name@example.com'],
    ["Siobhan.O'Brien@NHS.net", "Siobhan.O'Brien@nhs.net"],
    ['first.last+outreach@mail.example.co.uk', 'first.last+outreach@mail.example.co.uk'],
    ['a_b-c@my-domain.org.uk', 'a_b-c@my-domain.org.uk'],
  ])('accepts %j', (input, expected) => {
    expect(v.parse(EmailSchema, input)).toBe(expected);
  });

  // 64 characters before the @ (the most allowed) and 189 after it: 254 in all.
  const local = 'a'.repeat(64);
  const domain = (last: number) => `${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(last)}.org`;
  it('accepts 254 characters and refuses 255', () => {
    expect(`${local}@${domain(57)}`).toHaveLength(254);
    expect(v.parse(EmailSchema, `${local}@${domain(57)}`)).toBe(`${local}@${domain(57)}`);
    expect(`${local}@${domain(58)}`).toHaveLength(255);
    expect(messages(EmailSchema, `${local}@${domain(58)}`)).toEqual([
      'Enter an email address in the correct format, like name@example.com',
    ]);
  });

  it.each([
    '',
    'ada',
    'ada@',
    '@example.org',
    'ada@example',
    'ada@@example.org',
    'a b@example.org',
    'ada.@example.org',
    '.ada@example.org',
    'ada..lovelace@example.org',
    'ada@-example.org',
    'ada@example-.org',
    'ada@example..org',
    'ada@example.o',
    'ada@example.123',
    'adä@example.org',
    `${'a'.repeat(65)}@example.org`,
    `${'a'.repeat(250)}@example.org`,
  ])('refuses %j with one message', (input) => {
    expect(messages(EmailSchema, input)).toEqual([
      'Enter an email address in the correct format, like name@example.com',
    ]);
  });
});

describe('National Insurance numbers', () => {
  it.each([
    ['AB 12 34 56 C', 'AB123456C'],
    ['ab123456c', 'AB123456C'],
    ['JG103759A', 'JG103759A'],
    ['  ce 12 34 56 d  ', 'CE123456D'],
    ['ZA123456B', 'ZA123456B'],
    ['TA123456A', 'TA123456A'],
  ])('normalises %j', (input, expected) => {
    expect(v.parse(NationalInsuranceSchema, input)).toBe(expected);
  });
  it.each([
    'QQ 12 34 56 C',
    'DA123456A',
    'FA123456A',
    'IA123456A',
    'QA123456A',
    'UA123456A',
    'VA123456A',
    'AD123456A',
    'AF123456A',
    'AI123456A',
    'AO123456A',
    'AQ123456A',
    'AU123456A',
    'AV123456A',
    'BG123456A',
    'GB123456A',
    'KN123456A',
    'NK123456A',
    'NT123456A',
    'TN123456A',
    'ZZ123456A',
    'AB123456E',
    'AB123456',
    'AB12345C',
    'AB1234567C',
    'A1123456C',
    '',
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
    expect(parseDateParts(parts('30', '4', '2024'))).toEqual({ ok: true, iso: '2024-04-30' });
    expect(parseDateParts(parts('28', '02', '2023'))).toEqual({ ok: true, iso: '2023-02-28' });
    expect(parseDateParts(parts('09', '9', '1950'))).toEqual({ ok: true, iso: '1950-09-09' });
  });

  it.each([
    [parts('', '', ''), 'missing'],
    [parts(' ', ' ', ' '), 'missing'],
    [parts('', '2', '2000'), 'missing-day'],
    [parts('', '', '2000'), 'missing-day'],
    [parts('1', '', '2000'), 'missing-month'],
    [parts('1', '2', ''), 'missing-year'],
    [parts('1a', '2', '2000'), 'not-a-number'],
    [parts('1', 'Feb', '2000'), 'not-a-number'],
    [parts('1', '2', 'twenty'), 'not-a-number'],
    [parts('1', '2', '-200'), 'not-a-number'],
    [parts('1.5', '2', '2000'), 'not-a-number'],
    [parts('1 2', '2', '2000'), 'not-a-number'],
    [parts('1', '2', '99'), 'year-not-four-digits'],
    [parts('1', '2', '02024'), 'year-not-four-digits'],
    [parts('29', '2', '2023'), 'not-real'],
    [parts('29', '2', '1900'), 'not-real'],
    [parts('31', '4', '2024'), 'not-real'],
    [parts('0', '4', '2024'), 'not-real'],
    [parts('00', '4', '2024'), 'not-real'],
    [parts('32', '1', '2024'), 'not-real'],
    [parts('31', '6', '2024'), 'not-real'],
    [parts('1', '0', '2024'), 'not-real'],
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
    expect(ageOn('2008-02-29', '2025-02-28')).toBe(16);
    expect(ageOn('2008-02-29', '2025-03-01')).toBe(17);
    expect(ageOn('2008-02-29', '2028-02-29')).toBe(20);
    expect(ageOn('2008-03-01', '2009-02-28')).toBe(0);
    expect(ageOn('2008-12-31', '2009-01-01')).toBe(0);
    expect(ageOn('2026-11-23', '2026-11-23')).toBe(0);
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
    expect(messages(today, dob('1', '1', '2030'))).toEqual(['Date of birth must be in the past']);
    expect(messages(today, dob('3', 'March', '1990'))).toEqual(['Date of birth must be a real date']);
    expect(messages(today, dob('3', '3', '90'))).toEqual(['Date of birth must be a real date']);
    expect(messages(today, dob('00', '3', '1990'))).toEqual(['Date of birth must be a real date']);
    expect(messages(today, dob('29', '2', '2023'))).toEqual(['Date of birth must be a real date']);
    expect(messages(today, dob('23', '11', '2026'))).toEqual(['They must be 16 or older to sign up']);
    expect(v.parse(today, dob(' 3 ', '3', '1990'))).toBe('1990-03-03');
  });

  it("uses the programme's minimum age in its message, and reads today() on each check", () => {
    const eighteen = dateOfBirthSchema({ minimumAge: 18, today: () => '2026-11-23' });
    expect(messages(eighteen, dob('24', '11', '2008'))).toEqual(['They must be 18 or older to sign up']);
    expect(v.parse(eighteen, dob('23', '11', '2008'))).toBe('2008-11-23');
    let now = '2026-11-22';
    const moving = dateOfBirthSchema({ minimumAge: 16, today: () => now });
    expect(messages(moving, dob('23', '11', '2010'))).toEqual(['They must be 16 or older to sign up']);
    now = '2026-11-23';
    expect(v.parse(moving, dob('23', '11', '2010'))).toBe('2010-11-23');
  });

  it('checks other past dates with their own label', () => {
    const received = pastDateSchema('Date received', () => '2026-11-23');
    expect(v.parse(received, dob('23', '11', '2026'))).toBe('2026-11-23');
    expect(messages(received, dob('24', '11', '2026'))).toEqual([
      'Date received must be today or in the past',
    ]);
    expect(v.parse(received, dob('1', '1', '2020'))).toBe('2020-01-01');
    expect(messages(received, dob('', '', ''))).toEqual(['Enter date received']);
    expect(messages(received, dob('1', '', '2026'))).toEqual(['Date received must include a month']);
    expect(messages(received, dob('31', '4', '2026'))).toEqual(['Date received must be a real date']);
    expect(messages(received, dob('1', '1', '26'))).toEqual(['Date received must be a real date']);
  });

  it('knows today in the UK, across midnight and the clock change', () => {
    expect(todayIso(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(todayIso(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(todayIso(new Date('2027-01-01T00:00:00Z'))).toBe('2027-01-01');
    // Clocks go forward at 01:00 UTC on 29 March 2026 and back at 01:00 UTC on 25 October 2026.
    expect(todayIso(new Date('2026-03-28T23:59:59Z'))).toBe('2026-03-28');
    expect(todayIso(new Date('2026-03-29T23:00:00Z'))).toBe('2026-03-30');
    expect(todayIso(new Date('2026-10-24T23:00:00Z'))).toBe('2026-10-25');
    expect(todayIso(new Date('2026-10-25T23:00:00Z'))).toBe('2026-10-25');
    expect(todayIso(new Date('2026-10-25T23:59:59Z'))).toBe('2026-10-25');
  });
});
