// Question fields as data (text, money, textarea, date, radios, checkboxes) and the renderer every flow's form
// pages share, with the helpers that turn stored answers into form values and schema issues into field errors.
import type * as v from 'valibot';
import { isoToParts } from '../../../shared/signup';
import type { DateParts } from '../../../shared/validation/uk';
import { Checkboxes, type ChoiceOption, Radios } from '../../components/choices';
import { DateInput } from '../../components/date-input';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';

export type Voice = 'worker' | 'resident';
/** Text for both voices: the worker reads questions about "the resident"; a resident reads them about "you". */
export type Copy = string | { worker: string; resident: string };
export const say = (copy: Copy | undefined, voice: Voice = 'worker'): string | undefined =>
  copy === undefined ? undefined : typeof copy === 'string' ? copy : copy[voice];

export type FormValue = string | string[] | DateParts;
export type FormValues = Record<string, FormValue>;

interface Base<N extends string> {
  name: N;
  label: Copy;
  hint?: Copy;
  /** Shown only when this returns true for the values on screen (e.g. "Tell us more" after "Something else"). */
  showWhen?: (values: FormValues) => boolean;
}

export type FieldDef<N extends string = string> =
  | (Base<N> & {
      kind: 'text';
      type?: 'text' | 'email' | 'tel';
      inputMode?: 'text' | 'email' | 'tel' | 'numeric';
      width?: string;
      spellcheck?: boolean;
    })
  /** Pounds typed as text ("1,500.50"); stored as integer pence. */
  | (Base<N> & { kind: 'money' })
  | (Base<N> & { kind: 'textarea' })
  | (Base<N> & { kind: 'date' })
  | (Base<N> & { kind: 'radios'; options: readonly ChoiceOption[] })
  | (Base<N> & { kind: 'checkboxes'; options: readonly ChoiceOption[]; exclusive?: string });

/** Pence as a person would type them back: 150000 → "1500", 150050 → "1500.50". */
export function penceToTyped(pence: number): string {
  const pounds = Math.trunc(pence / 100);
  const rest = Math.abs(pence % 100);
  return rest ? `${pounds}.${String(rest).padStart(2, '0')}` : String(pounds);
}

/** The form's starting values from what is stored (ISO dates become day/month/year, pence become pounds). */
export function initialValues(fields: readonly FieldDef[], stored: Record<string, unknown>): FormValues {
  const values: FormValues = {};
  for (const field of fields) {
    const answer = stored[field.name];
    if (field.kind === 'date') values[field.name] = isoToParts(answer as string | undefined);
    else if (field.kind === 'checkboxes') values[field.name] = (answer as string[] | undefined) ?? [];
    else if (field.kind === 'money')
      values[field.name] = typeof answer === 'number' ? penceToTyped(answer) : '';
    else values[field.name] = answer === undefined || answer === null ? '' : String(answer);
  }
  return values;
}

export const emptyOf = (field: FieldDef): FormValue => (field.kind === 'checkboxes' ? [] : '');

/** What a page submits: the visible fields' values, and hidden ones emptied so stale answers do not linger. */
export function submittedValues(fields: readonly FieldDef[], values: FormValues): FormValues {
  return Object.fromEntries(
    fields.map((field) => [
      field.name,
      !field.showWhen || field.showWhen(values) ? (values[field.name] as FormValue) : emptyOf(field),
    ]),
  );
}

/** The first message for each field, in the order the fields appear. */
export function errorsByField(
  fields: readonly FieldDef[],
  issues: readonly v.BaseIssue<unknown>[],
): Record<string, string> {
  const found: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path?.[0]?.key ?? '');
    if (key && !(key in found)) found[key] = issue.message;
  }
  const ordered: Record<string, string> = {};
  for (const field of fields) if (found[field.name]) ordered[field.name] = found[field.name] as string;
  return ordered;
}

/** A page with a single choice or date question uses that question's legend as its heading. */
export const legendIsHeading = (fields: readonly FieldDef[]): boolean =>
  fields.length === 1 &&
  fields[0]?.kind !== 'text' &&
  fields[0]?.kind !== 'textarea' &&
  fields[0]?.kind !== 'money';

export function Field(props: {
  field: FieldDef;
  voice?: Voice;
  value: FormValue;
  error: string | undefined;
  legendIsHeading: boolean;
  onValue: (value: FormValue) => void;
}) {
  const { field, error } = props;
  const voice = props.voice ?? 'worker';
  const common = { id: field.name, hint: say(field.hint, voice), error };
  const label = say(field.label, voice) as string;
  switch (field.kind) {
    case 'text':
      return (
        <TextInput
          {...common}
          label={label}
          value={props.value as string}
          onValue={props.onValue}
          autocomplete="off"
          type={field.type ?? 'text'}
          inputMode={field.inputMode}
          spellcheck={field.spellcheck}
          widthClass={field.width}
        />
      );
    case 'money':
      return (
        <TextInput
          {...common}
          label={label}
          value={props.value as string}
          onValue={props.onValue}
          autocomplete="off"
          inputMode="decimal"
          spellcheck={false}
          prefix="£"
          widthClass="nhsuk-input--width-10"
        />
      );
    case 'textarea':
      return <Textarea {...common} label={label} value={props.value as string} onValue={props.onValue} />;
    case 'date':
      return (
        <DateInput
          {...common}
          legend={label}
          legendIsHeading={props.legendIsHeading}
          value={props.value as DateParts}
          onValue={props.onValue}
        />
      );
    case 'radios':
      return (
        <Radios
          {...common}
          name={field.name}
          legend={label}
          legendIsHeading={props.legendIsHeading}
          options={field.options}
          value={props.value as string}
          onValue={props.onValue}
        />
      );
    case 'checkboxes':
      return (
        <Checkboxes
          {...common}
          name={field.name}
          legend={label}
          legendIsHeading={props.legendIsHeading}
          options={field.options}
          exclusive={field.exclusive}
          value={props.value as string[]}
          onValue={props.onValue}
        />
      );
  }
}
