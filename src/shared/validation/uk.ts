// UK validators shared by the app and the server: postcodes, phone numbers (to E.164), email, National Insurance
// numbers, dates typed as day/month/year, and ages.
import * as v from 'valibot';

// The Royal Mail format: outward code A9, A99, A9A, AA9, AA99 or AA9A with the letters each position allows
// (never Q, V or X first; never I, J or Z second), then inward code 9AA (never C, I, K, M, O or V).
const POSTCODE =
  /^[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y])[0-9][ABD-HJLNP-UW-Z]{2}$/;

/** "ss11aa" or " Ss1  1aA " -> "SS1 1AA"; null when it is not a UK postcode's format. */
export function normalisePostcode(input: string): string | null {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (compact !== 'GIR0AA' && !POSTCODE.test(compact)) return null;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}

/** A postcode as typed -> its normalised form, e.g. "SS1 1AA". */
export const PostcodeSchema = v.pipe(
  v.string(),
  v.trim(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const postcode = normalisePostcode(dataset.value);
    if (!postcode) {
      addIssue({ message: 'Enter a full UK postcode, like SS1 1AA' });
      return NEVER;
    }
    return postcode;
  }),
);

// After the leading 0, ten digits: 01 and 02 geographic numbers, 03 non-geographic numbers, 07 mobiles.
const UK_NATIONAL = /^0[1237][0-9]{9}$/;
// +44, 0044 or (+44), then an optional "(0)" that people add for callers inside the UK.
const INTERNATIONAL_PREFIX = /^\(?(?:\+|00)44\)?(?:\(0\))?/;

/**
 * A UK number written any usual way (07…, 01…, 02…, 03…, +44 7…, 0044 7…, +44 (0)7…, with spaces, hyphens,
 * dots and brackets) -> E.164 "+447700900123"; null for anything else, including other countries' numbers.
 */
export function normaliseUkPhone(input: string): string | null {
  if (/[^0-9+\s().-]/.test(input)) return null;
  let number = input.replace(/[\s.-]/g, '');
  const international = INTERNATIONAL_PREFIX.exec(number);
  if (international) number = `0${number.slice(international[0].length)}`;
  number = number.replace(/[()]/g, '');
  return UK_NATIONAL.test(number) ? `+44${number.slice(1)}` : null;
}

/** Whether an E.164 number from `normaliseUkPhone` is a UK mobile: +447 and nine more digits. */
export function isUkMobile(e164: string): boolean {
  return /^\+447[0-9]{9}$/.test(e164);
}

const phoneSchema = (message: string, accept: (e164: string) => boolean) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const phone = normaliseUkPhone(dataset.value);
      if (!phone || !accept(phone)) {
        addIssue({ message });
        return NEVER;
      }
      return phone;
    }),
  );

/** Any UK phone number (landline or mobile) as typed -> E.164. */
export const UkPhoneSchema = phoneSchema(
  'Enter a UK phone number, like 01702 123456 or 07700 900123',
  () => true,
);
/** A UK mobile number as typed -> E.164. */
export const UkMobileSchema = phoneSchema('Enter a UK mobile number, like 07700 900123', isUkMobile);

// RFC 5322 "atext" dot-atoms before the @ (so O'Brien and first.last+tag are fine), then a domain name with at
// least two labels and a top-level domain of letters (or an xn-- international one).
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_DOMAIN =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** An email address: trimmed, at most 254 characters (64 before the @), with its domain lower-cased. */
export const EmailSchema = v.pipe(
  v.string(),
  v.trim(),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const email = dataset.value;
    const at = email.lastIndexOf('@');
    const local = email.slice(0, at);
    const domain = email.slice(at + 1);
    if (
      email.length > 254 ||
      at < 1 ||
      local.length > 64 ||
      !EMAIL_LOCAL.test(local) ||
      !EMAIL_DOMAIN.test(domain)
    ) {
      addIssue({ message: 'Enter an email address in the correct format, like name@example.com' });
      return NEVER;
    }
    return `${local}@${domain.toLowerCase()}`;
  }),
);

// Two prefix letters (first never D, F, I, Q, U or V; second never D, F, I, O, Q, U or V; never BG, GB, KN, NK,
// NT, TN or ZZ), six digits, and a suffix A to D.
const NINO = /^(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z][0-9]{6}[A-D]$/;

/**
 * A National Insurance number with spaces and any case -> "AB123456C". The error's example uses HMRC's
 * documented QQ prefix, which is deliberately not a valid one.
 */
export const NationalInsuranceSchema = v.pipe(
  v.string(),
  v.transform((input) => input.replace(/\s+/g, '').toUpperCase()),
  v.regex(NINO, 'Enter a National Insurance number in the correct format, like QQ 12 34 56 C'),
);

/** What was typed into the three boxes of a date input, as raw strings. */
export interface DateParts {
  day: string;
  month: string;
  year: string;
}

/** Why `parseDateParts` could not read a typed date. */
export type DateProblem =
  | 'missing'
  | 'missing-day'
  | 'missing-month'
  | 'missing-year'
  | 'not-a-number'
  | 'year-not-four-digits'
  | 'not-real';

const isLeapYear = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
const daysInMonth = (year: number, month: number) =>
  month === 2 ? (isLeapYear(year) ? 29 : 28) : [4, 6, 9, 11].includes(month) ? 30 : 31;

/**
 * Checks a typed date strictly (no rollover: 31 April is not 1 May) and returns it as "YYYY-MM-DD". Problems are
 * reported in this order: all boxes empty, the first empty box, a box that is not digits, a year that is not four
 * digits, then a day or month that does not exist.
 */
export function parseDateParts(
  parts: DateParts,
): { ok: true; iso: string } | { ok: false; problem: DateProblem } {
  const day = parts.day.trim();
  const month = parts.month.trim();
  const year = parts.year.trim();
  if (!day && !month && !year) return { ok: false, problem: 'missing' };
  if (!day) return { ok: false, problem: 'missing-day' };
  if (!month) return { ok: false, problem: 'missing-month' };
  if (!year) return { ok: false, problem: 'missing-year' };
  if (![day, month, year].every((part) => /^[0-9]+$/.test(part)))
    return { ok: false, problem: 'not-a-number' };
  if (year.length !== 4) return { ok: false, problem: 'year-not-four-digits' };
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return { ok: false, problem: 'not-real' };
  return { ok: true, iso: `${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/**
 * Completed years from `birthIso` to `onIso`. Someone born on 29 February has their birthday on 1 March in a
 * year that is not a leap year, as UK law treats it.
 */
export function ageOn(birthIso: string, onIso: string): number {
  const [by, bm, bd] = birthIso.split('-').map(Number) as [number, number, number];
  const [oy, om, od] = onIso.split('-').map(Number) as [number, number, number];
  let age = oy - by;
  const [birthdayMonth, birthdayDay] = bm === 2 && bd === 29 && !isLeapYear(oy) ? [3, 1] : [bm, bd];
  if (om < birthdayMonth || (om === birthdayMonth && od < birthdayDay)) age -= 1;
  return age;
}

/** Today's date in the UK (Europe/London), as "YYYY-MM-DD". */
export function todayIso(now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const DatePartsSchema = v.object({ day: v.string(), month: v.string(), year: v.string() });

function dateMessages(label: string): Record<DateProblem, string> {
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  return {
    missing: `Enter ${lower}`,
    'missing-day': `${label} must include a day`,
    'missing-month': `${label} must include a month`,
    'missing-year': `${label} must include a year`,
    'not-a-number': `${label} must be a real date`,
    'year-not-four-digits': `${label} must be a real date`,
    'not-real': `${label} must be a real date`,
  };
}

function typedDateSchema(label: string, check: (iso: string) => string | null) {
  const messages = dateMessages(label);
  return v.pipe(
    DatePartsSchema,
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      const parsed = parseDateParts(dataset.value);
      if (!parsed.ok) {
        addIssue({ message: messages[parsed.problem] });
        return NEVER;
      }
      const problem = check(parsed.iso);
      if (problem) {
        addIssue({ message: problem });
        return NEVER;
      }
      return parsed.iso;
    }),
  );
}

/** A typed date of birth: real, in the past, and at least `minimumAge` years ago on today(). Outputs ISO. */
export const dateOfBirthSchema = (options: { minimumAge: number; today: () => string }) =>
  typedDateSchema('Date of birth', (iso) => {
    const today = options.today();
    if (iso > today) return 'Date of birth must be in the past';
    if (ageOn(iso, today) < options.minimumAge)
      return `They must be ${options.minimumAge} or older to sign up`;
    return null;
  });

/** Any real typed date (past or future), e.g. when a project starts. Outputs ISO. */
export const dateSchema = (label: string) => typedDateSchema(label, () => null);

/** Any typed date that is today or earlier, e.g. when a paper form was received. Outputs ISO. */
export const pastDateSchema = (label: string, today: () => string) =>
  typedDateSchema(label, (iso) => (iso > today() ? `${label} must be today or in the past` : null));

/** "07700 900123" for a stored "+447700900123" (the tablet's record page and the console's export show this). */
export function ukPhoneForDisplay(e164: string): string {
  if (!e164.startsWith('+44')) return e164;
  const national = `0${e164.slice(3)}`;
  return `${national.slice(0, 5)} ${national.slice(5)}`;
}
