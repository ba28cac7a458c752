// The grant application's shared validators, table by table: sort code, account numbers typed twice,
// signatories, charity and company numbers, money in pence, a budget that must add up, and the page schemas.
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import {
  GRANT_PAGE_SCHEMAS,
  GrantAnswersSchema,
  GrantPayloadSchema,
  grantPageSchema,
} from '../../../src/shared/grant/application';
import { PoundsToPenceSchema, poundsToPence } from '../../../src/shared/grant/money';
import {
  AccountNumberSchema,
  BankDetailsSchema,
  BudgetSchema,
  CharityNumberSchema,
  CompanyNumberSchema,
  maskAccountNumber,
  maskSortCode,
  SortCodeSchema,
} from '../../../src/shared/grant/validators';

const errors = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input);
  return result.success
    ? {}
    : Object.fromEntries(result.issues.map((i) => [v.getDotPath(i) ?? '', i.message]));
};
const parsed = (schema: v.GenericSchema, input: unknown) => {
  const result = v.safeParse(schema, input);
  return result.success ? result.output : result.issues[0]?.message;
};

describe('sort code and account number', () => {
  it.each([
    ['309430', '309430'],
    ['30-94-30', '309430'],
    [' 30 94 30 ', '309430'],
    ['30943', 'Enter a valid sort code like 309430'],
    ['3094301', 'Enter a valid sort code like 309430'],
    ['30-94-3O', 'Enter a valid sort code like 309430'],
    ['', 'Enter the sort code'],
  ])('sort code %j → %j', (typed, result) => expect(parsed(SortCodeSchema, typed)).toBe(result));

  it.each([
    ['12345678', '12345678'],
    ['1234 5678', '12345678'],
    ['1234567', 'Account number must be 8 digits'],
    ['123456789', 'Account number must be 8 digits'],
    ['1234567a', 'Account number must be 8 digits'],
    ['', 'Enter the account number'],
  ])('account number %j → %j', (typed, result) => expect(parsed(AccountNumberSchema, typed)).toBe(result));

  it('masks them once entered', () => {
    expect(maskSortCode('309430')).toBe('30-**-**');
    expect(maskAccountNumber('12345678')).toBe('****5678');
  });
});

describe('bank details', () => {
  const good = {
    accountName: 'Shoebury Seniors Lunch Club',
    sortCode: '30-94-30',
    accountNumber: '1234 5678',
    accountNumberAgain: '12345678',
    signatory1Name: 'Pat Jones',
    signatory2Name: 'Sam Patel',
    signatoriesUnrelated: 'yes',
  };

  it('accepts matching account numbers and keeps only one of them', () => {
    expect(v.parse(BankDetailsSchema, good)).toEqual({
      accountName: 'Shoebury Seniors Lunch Club',
      sortCode: '309430',
      accountNumber: '12345678',
      signatory1Name: 'Pat Jones',
      signatory2Name: 'Sam Patel',
      signatoriesUnrelated: 'yes',
    });
  });

  it.each([
    [
      'account numbers that do not match',
      { accountNumberAgain: '12345687' },
      'accountNumberAgain',
      'The account numbers do not match',
    ],
    [
      'the second account number missing',
      { accountNumberAgain: '' },
      'accountNumberAgain',
      'Enter the account number again',
    ],
    [
      'the same signatory twice',
      { signatory2Name: ' pat  JONES ' },
      'signatory2Name',
      'The 2 signatories must be different people',
    ],
    [
      'related signatories',
      { signatoriesUnrelated: 'no' },
      'signatoriesUnrelated',
      'The 2 signatories must not be related or live at the same address',
    ],
    [
      'no answer about the signatories',
      { signatoriesUnrelated: '' },
      'signatoriesUnrelated',
      'Select yes if the 2 signatories are unrelated',
    ],
  ])('refuses %s', (_case, change, path, message) => {
    expect(errors(BankDetailsSchema, { ...good, ...change })).toEqual({ [path]: message });
  });
});

describe('charity and company numbers', () => {
  it.each([
    ['1234567', '1234567'],
    ['123456', '123456'],
    ['1234567-1', '1234567-1'],
    ['sc 012345', 'SC012345'],
    ['NIC101234', 'NIC101234'],
    ['12345', 'Enter a charity number like 1234567, SC012345 or NIC101234'],
    ['CH123456', 'Enter a charity number like 1234567, SC012345 or NIC101234'],
  ])('charity number %j → %j', (typed, result) => expect(parsed(CharityNumberSchema, typed)).toBe(result));

  it.each([
    ['01234567', '01234567'],
    ['1234567', '01234567'],
    ['sc123456', 'SC123456'],
    ['IP012345', 'IP012345'],
    ['XX123456', 'Enter a company number like 01234567 or SC123456'],
    ['123456789', 'Enter a company number like 01234567 or SC123456'],
  ])('company number %j → %j', (typed, result) => expect(parsed(CompanyNumberSchema, typed)).toBe(result));
});

describe('money in pence', () => {
  it.each([
    ['1500', 150_000],
    ['1,500', 150_000],
    ['£1,500.50', 150_050],
    ['1500.5', 150_050],
    ['0.01', 1],
    ['100,000', 10_000_000],
    ['-5', null],
    ['1500.505', null],
    ['1,50', null],
    ['lots', null],
    ['', null],
  ])('%j → %j', (typed, pence) => expect(poundsToPence(typed)).toBe(pence));

  it('has no floating point drift on awkward amounts', () => {
    for (const [typed, pence] of [
      ['0.29', 29],
      ['1.15', 115],
      ['4.35', 435],
      ['1234.57', 123_457],
    ] as const)
      expect(poundsToPence(typed)).toBe(pence);
  });

  it('names the field in its messages', () => {
    expect(parsed(PoundsToPenceSchema('Amount requested'), '')).toBe('Enter amount requested');
    expect(parsed(PoundsToPenceSchema('Amount requested'), 'ten')).toBe(
      'Amount requested must be an amount in pounds, like 1,500 or 1,500.50',
    );
  });
});

describe('budget', () => {
  const budget = (lines: { item: string; amount: string }[], amountRequestedPence: number) => ({
    lines,
    amountRequestedPence,
  });

  it('accepts lines that add up exactly, in pence', () => {
    expect(
      v.parse(
        BudgetSchema,
        budget(
          [
            { item: 'Hall hire', amount: '450.10' },
            { item: 'Food', amount: '1,049.90' },
          ],
          150_000,
        ),
      ),
    ).toEqual({
      lines: [
        { item: 'Hall hire', amountPence: 45_010 },
        { item: 'Food', amountPence: 104_990 },
      ],
      amountRequestedPence: 150_000,
    });
  });

  it.each([
    [
      'lines that add up to less',
      [{ item: 'Hall hire', amount: '1450' }],
      150_000,
      { lines: 'The budget adds up to £1,450 but the amount requested is £1,500' },
    ],
    [
      'lines that add up to more',
      [
        { item: 'A', amount: '1000' },
        { item: 'B', amount: '500.01' },
      ],
      150_000,
      { lines: 'The budget adds up to £1,500.01 but the amount requested is £1,500' },
    ],
    [
      'a line without a description',
      [{ item: ' ', amount: '1500' }],
      150_000,
      { 'lines.0.item': 'Enter what this line pays for' },
    ],
    [
      'a line without an amount',
      [{ item: 'Hall hire', amount: '' }],
      150_000,
      { 'lines.0.amount': 'Enter the amount for this line in pounds, like 250 or 249.99' },
    ],
    ['no lines', [], 150_000, { lines: 'Add at least one budget line' }],
  ])('refuses %s', (_case, lines, amount, expected) => {
    expect(errors(BudgetSchema, budget(lines, amount))).toEqual(expected);
  });
});

describe('grant page schemas', () => {
  it('needs a charity number for a charity, and checks its form', () => {
    const organisation = {
      organisationName: 'Friends of Priory Park',
      organisationType: 'charity',
      charityNumber: '',
      companyNumber: '',
      addressLine1: '1 Park Road',
      addressLine2: '',
      town: 'Southend-on-Sea',
      postcode: 'ss2 6el',
      areasServed: ['E06000033'],
      annualIncomePence: '12,000',
      governingDocument: 'constitution',
    };
    expect(errors(GRANT_PAGE_SCHEMAS.organisation, organisation)).toEqual({
      charityNumber: 'Enter the charity number from the form',
    });
    expect(errors(GRANT_PAGE_SCHEMAS.organisation, { ...organisation, charityNumber: '12' })).toEqual({
      charityNumber: 'Enter a charity number like 1234567, SC012345 or NIC101234',
    });
    expect(
      v.parse(GRANT_PAGE_SCHEMAS.organisation, { ...organisation, charityNumber: '1234567' }),
    ).toMatchObject({
      postcode: 'SS2 6EL',
      annualIncomePence: 1_200_000,
      charityNumber: '1234567',
    });
  });

  it('needs the project to end on or after it starts', () => {
    const project = {
      projectTitle: 'Lunch club',
      projectDescription: 'Weekly lunches',
      inequality: 'wider-determinants',
      inequalityDetail: 'Isolation',
      beneficiaries: 'Older residents',
      beneficiaryCount: '40',
      projectStart: { day: '1', month: '6', year: '2023' },
      projectEnd: { day: '31', month: '5', year: '2023' },
      outcomes: 'Fewer lonely people',
      measurement: 'A survey',
    };
    expect(errors(GRANT_PAGE_SCHEMAS.project, project)).toEqual({
      projectEnd: 'The end date must be the same as or after the start date',
    });
    expect(errors(GRANT_PAGE_SCHEMAS.project, { ...project, beneficiaryCount: 'forty' })).toMatchObject({
      beneficiaryCount: 'Enter how many people will benefit, as a number like 40',
    });
  });

  it('the server refuses a pushed application whose budget does not add up or whose amounts are not whole pence', () => {
    const payload = {
      amountRequestedPence: 150_000,
      budget: [{ item: 'Hall', amountPence: 100_000 }],
      answers: {},
      resumeAt: 'done',
    };
    expect(errors(GrantPayloadSchema, payload)).toEqual({
      budget: 'The budget lines must add up to the amount requested',
    });
    expect(
      errors(GrantPayloadSchema, { ...payload, amountRequestedPence: 1000.5, budget: undefined }),
    ).toHaveProperty('amountRequestedPence');
    expect(
      errors(GrantPayloadSchema, {
        ...payload,
        budget: [{ item: 'Hall', amountPence: 150_000 }],
        answers: { accountNumber: '1234' },
      }),
    ).toEqual({
      'answers.accountNumber': 'Account number must be 8 digits',
    });
    expect(v.is(GrantPayloadSchema, { ...payload, budget: [{ item: 'Hall', amountPence: 150_000 }] })).toBe(
      true,
    );
  });
});

describe('the two contacts', () => {
  const second = {
    secondContactName: 'pat  JONES.',
    secondContactRole: 'Treasurer',
    secondContactPhone: '01702 123456',
    secondContactEmail: '',
  };
  const main = {
    mainContactName: 'Pat Jones',
    mainContactRole: 'Chair',
    mainContactPhone: '01702 123456',
    mainContactEmail: '',
  };

  it('refuses a second contact with the main contact’s name (case, spacing and punctuation ignored), next to the name', () => {
    expect(errors(grantPageSchema('second-contact', { mainContactName: 'Pat Jones' }), second)).toEqual({
      secondContactName: 'The second contact must be a different person from the main contact, Pat Jones',
    });
    expect(errors(grantPageSchema('main-contact', { secondContactName: 'Pat Jones' }), main)).toEqual({
      mainContactName: 'The main contact must be a different person from the second contact, Pat Jones',
    });
  });

  it('accepts a different person sharing the organisation’s phone, and a second contact before the main one', () => {
    expect(
      errors(grantPageSchema('second-contact', { mainContactName: 'Pat Jones' }), {
        ...second,
        secondContactName: 'Sam Patel',
      }),
    ).toEqual({});
    expect(errors(grantPageSchema('second-contact', {}), second)).toEqual({});
  });

  it('is checked by the server too: pushed answers naming the same person twice are refused', () => {
    const answers = {
      mainContactName: 'Pat Jones',
      mainContactPhone: '01702123456',
      secondContactName: 'Pat Jones',
    };
    expect(errors(GrantAnswersSchema, answers)).toEqual({
      secondContactName: 'The second contact must be a different person from the main contact',
    });
    expect(errors(GrantAnswersSchema, { ...answers, secondContactName: 'Sam Patel' })).toEqual({});
  });
});
