// Small pieces the console's records screens share: the NHS.UK select, and how types, states and dates read.
import { formatPence } from '../../../shared/eligibility/format';
import { OUTCOME_LABELS, type Outcome } from '../../../shared/eligibility/types';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../../shared/programmes';
import { describedBy, HintAndError } from '../../components/form-group';

export interface SelectOption {
  value: string;
  label: string;
}

export function Select(props: {
  id: string;
  label: string;
  value: string;
  options: readonly SelectOption[];
  /** Options in labelled groups after `options` (review states by record type). */
  groups?: readonly { label: string; options: readonly SelectOption[] }[];
  hint?: string | undefined;
  error?: string | undefined;
  onValue: (value: string) => void;
}) {
  const known =
    props.options.some((option) => option.value === props.value) ||
    (props.groups ?? []).some((group) => group.options.some((option) => option.value === props.value));
  return (
    <div class={`nhsuk-form-group${props.error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={props.id}>
        {props.label}
      </label>
      <HintAndError id={props.id} hint={props.hint} error={props.error} />
      <select
        class={`nhsuk-select${props.error ? ' nhsuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        value={props.value}
        aria-describedby={describedBy(props)}
        onChange={(event) => props.onValue((event.currentTarget as HTMLSelectElement).value)}
      >
        {props.options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
        {(props.groups ?? []).map((group) => (
          <optgroup key={group.label} label={group.label}>
            {group.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.label}
              </option>
            ))}
          </optgroup>
        ))}
        {/* A value from the address that is not offered (an account since removed) stays chosen, as itself. */}
        {known ? null : <option value={props.value}>{props.value}</option>}
      </select>
    </div>
  );
}

export const districtName = (code: string | null): string =>
  code === null ? 'Not known' : ((MID_AND_SOUTH_ESSEX_DISTRICTS as Record<string, string>)[code] ?? code);

export const outcomeText = (outcome: string | null): string =>
  outcome === null ? 'Not checked' : (OUTCOME_LABELS[outcome as Outcome] ?? outcome);

export const countText = (count: number): string => count.toLocaleString('en-GB');

export const moneyText = (pence: number | null): string => (pence === null ? '' : formatPence(pence));

const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });

/** "5 Dec 2026": a date in a table column. */
export const shortDate = (iso: string): string => day.format(new Date(iso));
