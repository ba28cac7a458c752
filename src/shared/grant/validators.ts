// Validators for the paper grant application: sort code, account number (typed twice), signatories, charity and
// company numbers, an itemised budget that adds up, and a start/end date pair. Messages follow NHS.UK style.
import * as v from 'valibot';
import { formatPence } from '../eligibility/format';
import { poundsToPence } from './money';

const digitsOnly = (typed: string) => typed.replace(/[\s-]/g, '');

/** "30-94-30", "30 94 30" or "309430" → "309430". */
export const SortCodeSchema = v.pipe(
  v.string(),
  v.trim(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (dataset.value === '') {
      addIssue({ message: 'Enter the sort code' });
      return NEVER;
    }
    const digits = digitsOnly(dataset.value);
    if (!/^\d{6}$/.test(digits)) {
      addIssue({ message: 'Enter a valid sort code like 309430' });
      return NEVER;
    }
    return digits;
  }),
);

/** 8 digits (spaces allowed as typed) → "12345678". */
export const AccountNumberSchema = v.pipe(
  v.string(),
  v.trim(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    if (dataset.value === '') {
      addIssue({ message: 'Enter the account number' });
      return NEVER;
    }
    const digits = digitsOnly(dataset.value);
    if (!/^\d{8}$/.test(digits)) {
      addIssue({ message: 'Account number must be 8 digits' });
      return NEVER;
    }
    return digits;
  }),
);

const name = (message: string) =>
  v.pipe(v.string(), v.trim(), v.minLength(1, message), v.maxLength(100, 'Must be 100 characters or fewer'));
const sameName = (a: string, b: string) =>
  a.trim().toLowerCase().replace(/\s+/g, ' ') === b.trim().toLowerCase().replace(/\s+/g, ' ');

/** Bank details for payment: the account number typed twice must match, and two unrelated signatories. */
export const BankDetailsSchema = v.pipe(
  v.object({
    accountName: name('Enter the name on the account'),
    sortCode: SortCodeSchema,
    accountNumber: AccountNumberSchema,
    accountNumberAgain: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter the account number again')),
    signatory1Name: name('Enter the first signatory’s name'),
    signatory2Name: name('Enter the second signatory’s name'),
    signatoriesUnrelated: v.picklist(['yes', 'no'], 'Select yes if the 2 signatories are unrelated'),
  }),
  v.forward(
    v.check(
      (input) =>
        input.accountNumberAgain === '' || digitsOnly(input.accountNumberAgain) === input.accountNumber,
      'The account numbers do not match',
    ),
    ['accountNumberAgain'],
  ),
  v.forward(
    v.check(
      (input) => !sameName(input.signatory1Name, input.signatory2Name),
      'The 2 signatories must be different people',
    ),
    ['signatory2Name'],
  ),
  v.forward(
    v.check(
      (input) => input.signatoriesUnrelated === 'yes',
      'The 2 signatories must not be related or live at the same address',
    ),
    ['signatoriesUnrelated'],
  ),
  v.transform(({ accountNumberAgain: _again, ...details }) => details),
);
export type BankDetails = v.InferOutput<typeof BankDetailsSchema>;

/** "****5678", "30-**-**": what the screens show once bank details are entered. */
export const maskAccountNumber = (digits: string) => `****${digits.slice(-4)}`;
export const maskSortCode = (digits: string) => `${digits.slice(0, 2)}-**-**`;

/**
 * Charity numbers: England and Wales (6 or 7 digits, "-1" style suffix for a linked charity), Scotland (SC and 6
 * digits), Northern Ireland (NIC and 6 digits, or 100000 to 199999). Output upper-case without spaces.
 */
export const CharityNumberSchema = v.pipe(
  v.string(),
  v.trim(),
  v.transform((typed) => typed.replace(/\s+/g, '').toUpperCase()),
  v.check(
    (value) => /^\d{6,7}(-\d{1,2})?$/.test(value) || /^SC\d{6}$/.test(value) || /^NIC\d{6}$/.test(value),
    'Enter a charity number like 1234567, SC012345 or NIC101234',
  ),
);

const COMPANY_PREFIXES = [
  'SC',
  'NI',
  'OC',
  'SO',
  'NC',
  'R0',
  'IP',
  'SP',
  'RC',
  'SR',
  'NP',
  'NO',
  'CE',
  'CS',
  'GE',
  'GS',
  'FC',
  'SF',
  'NF',
  'LP',
  'SL',
  'NL',
  'RS',
  'SA',
  'IC',
  'SI',
  'NR',
  'AC',
  'ZC',
  'SZ',
  'NZ',
];

/** Companies House numbers: 8 digits (shorter all-digit numbers padded with zeros), or 2 letters and 6 digits. */
export const CompanyNumberSchema = v.pipe(
  v.string(),
  v.trim(),
  v.transform((typed) => {
    const compact = typed.replace(/\s+/g, '').toUpperCase();
    return /^\d{1,8}$/.test(compact) ? compact.padStart(8, '0') : compact;
  }),
  v.check(
    (value) =>
      /^\d{8}$/.test(value) ||
      (COMPANY_PREFIXES.includes(value.slice(0, 2)) && /^\d{6}$/.test(value.slice(2))),
    'Enter a company number like 01234567 or SC123456',
  ),
);

export interface BudgetLine {
  item: string;
  amountPence: number;
}

export const budgetTotalPence = (lines: readonly BudgetLine[]) =>
  lines.reduce((sum, line) => sum + line.amountPence, 0);

export const MAX_BUDGET_LINES = 20;

/** The message for a budget that does not add up, with both figures. */
export const budgetMismatchMessage = (lines: readonly BudgetLine[], amountPence: number) =>
  `The budget adds up to ${formatPence(budgetTotalPence(lines))} but the amount requested is ${formatPence(amountPence)}`;
/**
 * The itemised budget as typed: each line's description and amount in pounds, and the amount requested. Lines
 * must add up exactly to the amount (in pence, so no rounding). Errors land on `lines.N.item`/`lines.N.amount`,
 * or on `total`.
 */
export const BudgetSchema = v.pipe(
  v.object({
    lines: v.pipe(
      v.array(
        v.object({
          item: v.pipe(
            v.string(),
            v.trim(),
            v.minLength(1, 'Enter what this line pays for'),
            v.maxLength(200, 'Must be 200 characters or fewer'),
          ),
          amount: v.pipe(
            v.string(),
            v.trim(),
            v.rawTransform(({ dataset, addIssue, NEVER }) => {
              const pence = poundsToPence(dataset.value);
              if (pence === null || pence === 0) {
                addIssue({ message: 'Enter the amount for this line in pounds, like 250 or 249.99' });
                return NEVER;
              }
              return pence;
            }),
          ),
        }),
      ),
      v.minLength(1, 'Add at least one budget line'),
      v.maxLength(MAX_BUDGET_LINES, `A budget can have at most ${MAX_BUDGET_LINES} lines`),
    ),
    amountRequestedPence: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  v.transform(({ lines, amountRequestedPence }) => ({
    lines: lines.map((line) => ({ item: line.item, amountPence: line.amount })),
    amountRequestedPence,
  })),
  v.forward(
    v.check(
      (budget) => budgetTotalPence(budget.lines) === budget.amountRequestedPence,
      (issue) => budgetMismatchMessage(issue.input.lines, issue.input.amountRequestedPence),
    ),
    ['lines'],
  ),
);
