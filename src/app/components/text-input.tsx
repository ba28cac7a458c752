// TextInput: the NHS.UK text input with its label, hint and inline error message.
import type { InputHTMLAttributes } from 'preact';
import { describedBy, HintAndError } from './form-group';

type InputExtras = Pick<
  InputHTMLAttributes<HTMLInputElement>,
  'autocomplete' | 'inputMode' | 'spellcheck' | 'maxLength' | 'name' | 'autoCapitalize'
>;

export interface TextInputProps extends InputExtras {
  type?: 'text' | 'email' | 'tel' | 'number' | 'password';
  id: string;
  label: string;
  value: string;
  hint?: string;
  error?: string | undefined;
  onValue: (value: string) => void;
  widthClass?: string;
  /** Shown before the box and hidden from screen readers (the label says the unit), e.g. "£". */
  prefix?: string;
}

export function TextInput(props: TextInputProps) {
  const { id, label, hint, error, onValue, widthClass, value, prefix, ...rest } = props;
  // Preact types <input> as a union keyed on `type`; ours is one of the text-like types.
  const inputProps = {
    ...rest,
    type: rest.type ?? 'text',
    id,
    name: rest.name ?? id,
    value,
    class: `nhsuk-input${widthClass ? ` ${widthClass}` : ''}${error ? ' nhsuk-input--error' : ''}`,
    'aria-describedby': describedBy({ id, hint, error }),
    onInput: (event: Event) => onValue((event.currentTarget as HTMLInputElement).value),
  } as InputHTMLAttributes<HTMLInputElement>;
  return (
    <div class={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={id}>
        {label}
      </label>
      <HintAndError id={id} hint={hint} error={error} />
      {prefix ? (
        <div class="nhsuk-input-wrapper">
          <div class="nhsuk-input-wrapper__prefix" aria-hidden="true">
            {prefix}
          </div>
          <input {...inputProps} />
        </div>
      ) : (
        <input {...inputProps} />
      )}
    </div>
  );
}
