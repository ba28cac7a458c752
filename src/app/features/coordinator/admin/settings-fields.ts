// The programme settings a coordinator edits on the settings page, as data: each field's label, hint and the words
// for a value the programme schema refuses; and reading the typed form back into whole settings.
import * as v from 'valibot';
import { poundsToPence } from '../../../../shared/grant/money';
import { AUTO_LOCK_MINUTES_DEFAULT, type Programme, ProgrammeSchema } from '../../../../shared/programmes';
import { type FieldErrors, FORM_PROBLEM } from './form-errors';
import { penceToTyped } from './format';

type ResidentNumberKey = 'maxImdDecile' | 'minimumAge' | 'retentionDays' | 'autoLockMinutes';
type GrantNumberKey = 'minAmountPence' | 'maxAmountPence' | 'incomeLimitPence' | 'retentionDays';

export interface NumberField {
  key: ResidentNumberKey | GrantNumberKey;
  label: string;
  hint: string;
  /** Whole pounds and pence typed (shown with "£"), stored in pence; otherwise a whole number. */
  money: boolean;
  /** May be left empty (the built-in default applies). */
  optional?: boolean;
  /** Said when ProgrammeSchema refuses the value. */
  outOfRange: string;
}

export const RESIDENT_FIELDS: readonly NumberField[] = [
  {
    key: 'maxImdDecile',
    label: 'Highest eligible IMD decile',
    hint: 'Residents whose neighbourhood is in this decile of the Index of Multiple Deprivation 2025 or a lower one are eligible. Decile 1 is the most deprived 10% of neighbourhoods in England.',
    money: false,
    outOfRange: 'The highest eligible IMD decile must be a whole number from 1 to 10',
  },
  {
    key: 'minimumAge',
    label: 'Minimum age, in years',
    hint: 'Residents younger than this on the day they sign up are not eligible.',
    money: false,
    outOfRange: 'The minimum age must be a whole number of years, 0 or more',
  },
  {
    key: 'retentionDays',
    label: 'Days a tablet keeps personal details after sending',
    hint: 'Counted from when the central service has the record. 0 removes them at the next sync.',
    money: false,
    outOfRange: 'The days a tablet keeps personal details must be a whole number, 0 or more',
  },
  {
    key: 'autoLockMinutes',
    label: 'Minutes before an unused tablet locks',
    hint: `From 1 to 60. Leave empty for the built-in ${AUTO_LOCK_MINUTES_DEFAULT} minutes.`,
    money: false,
    optional: true,
    outOfRange: 'The minutes before an unused tablet locks must be a whole number from 1 to 60',
  },
];

export const GRANT_FIELDS: readonly NumberField[] = [
  {
    key: 'minAmountPence',
    label: 'Smallest grant',
    hint: 'In pounds, for example 500',
    money: true,
    outOfRange: 'The smallest grant must be £0 or more',
  },
  {
    key: 'maxAmountPence',
    label: 'Largest grant',
    hint: 'In pounds, for example 1,500',
    money: true,
    outOfRange: 'The largest grant must be £0 or more',
  },
  {
    key: 'incomeLimitPence',
    label: 'Income limit',
    hint: 'Organisations with an annual income of this or more are not eligible. In pounds, for example 100,000',
    money: true,
    outOfRange: 'The income limit must be £0 or more',
  },
  {
    key: 'retentionDays',
    label: 'Days a tablet keeps personal details after sending',
    hint: 'Counted from when the central service has the record. 0 removes them at the next sync.',
    money: false,
    outOfRange: 'The days a tablet keeps personal details must be a whole number, 0 or more',
  },
];

export const STATUSES_FIELD = 'acceptedEmploymentStatuses';

/** A field's element id on the page: the programme's id then the setting's key (two forms share the page). */
export const fieldId = (programmeId: string, key: string): string => `${programmeId}-${key}`;

export const fieldsOf = (programme: Programme): readonly NumberField[] =>
  programme.kind === 'resident' ? RESIDENT_FIELDS : GRANT_FIELDS;

/** The form's field ids in the order it shows them. */
export function fieldOrder(programme: Programme): string[] {
  const keys = fieldsOf(programme).map((field) => field.key as string);
  if (programme.kind === 'resident') keys.splice(2, 0, STATUSES_FIELD);
  return keys.map((key) => fieldId(programme.id, key));
}

/** What the form shows for a programme's current settings. */
export interface TypedSettings {
  numbers: Record<string, string>;
  statuses: string[];
}

export function typedFrom(programme: Programme): TypedSettings {
  const numbers: Record<string, string> = {};
  for (const field of fieldsOf(programme)) {
    const value = (programme as unknown as Record<string, number | undefined>)[field.key];
    numbers[field.key] = value === undefined ? '' : field.money ? penceToTyped(value) : String(value);
  }
  return {
    numbers,
    statuses: programme.kind === 'resident' ? [...programme.acceptedEmploymentStatuses] : [],
  };
}

const WHOLE_NUMBER = /^\d{1,9}$/;

/**
 * The whole settings to send (the programme as loaded, with the typed values), checked with ProgrammeSchema, or
 * the message for each field that is not right.
 */
export function readSettings(
  programme: Programme,
  typed: TypedSettings,
): { settings: Programme } | { errors: FieldErrors } {
  const errors: FieldErrors = {};
  const values: Record<string, number | undefined> = {};
  for (const field of fieldsOf(programme)) {
    const id = fieldId(programme.id, field.key);
    const text = (typed.numbers[field.key] ?? '').trim();
    const lower = field.label.charAt(0).toLowerCase() + field.label.slice(1);
    if (!text) {
      if (field.optional) values[field.key] = undefined;
      else errors[id] = `Enter the ${lower}`;
      continue;
    }
    if (field.money) {
      const pence = poundsToPence(text);
      if (pence === null) errors[id] = `The ${lower} must be an amount in pounds, like 1,500 or 1,500.50`;
      else values[field.key] = pence;
    } else if (!WHOLE_NUMBER.test(text)) {
      errors[id] = `The ${lower} must be a whole number, like 7`;
    } else values[field.key] = Number(text);
  }
  const candidate: Record<string, unknown> = { ...programme, ...values };
  for (const [key, value] of Object.entries(values)) if (value === undefined) delete candidate[key];
  if (programme.kind === 'resident') {
    candidate[STATUSES_FIELD] = typed.statuses;
    // An empty list would make every resident ineligible: never what a coordinator means.
    if (typed.statuses.length === 0)
      errors[fieldId(programme.id, STATUSES_FIELD)] =
        'Select at least one employment status that is eligible';
  }
  const parsed = v.safeParse(ProgrammeSchema, candidate);
  if (!parsed.success) {
    for (const issue of parsed.issues) {
      const key = (v.getDotPath(issue) ?? '').split('.')[0] ?? '';
      const field = fieldsOf(programme).find((f) => f.key === key);
      const id = field ? fieldId(programme.id, key) : FORM_PROBLEM;
      errors[id] ??= field?.outOfRange ?? `The settings could not be checked: ${issue.message}`;
    }
  }
  if (programme.kind === 'grant') {
    const min = values.minAmountPence;
    const max = values.maxAmountPence;
    // Checked only when both amounts could be read.
    if (min !== undefined && max !== undefined && max < min)
      errors[fieldId(programme.id, 'maxAmountPence')] ??=
        'The largest grant must be the same as or more than the smallest';
  }
  if (Object.keys(errors).length > 0 || !parsed.success) return { errors };
  return { settings: parsed.output };
}
