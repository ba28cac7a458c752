// DateInput: the NHS.UK day/month/year date input inside a fieldset.
import type { DateParts } from '../../shared/validation/uk';
import { Fieldset, type QuestionText } from './form-group';

const PARTS = [
  { key: 'day', label: 'Day', width: 2 },
  { key: 'month', label: 'Month', width: 2 },
  { key: 'year', label: 'Year', width: 4 },
] as const;

export function DateInput(
  props: QuestionText & {
    legend: string;
    legendIsHeading?: boolean;
    value: DateParts;
    onValue: (value: DateParts) => void;
    autocompletePrefix?: string;
  },
) {
  return (
    <Fieldset {...props}>
      <div class="nhsuk-date-input">
        {PARTS.map((part, index) => (
          <div class="nhsuk-date-input__item" key={part.key}>
            <div class="nhsuk-form-group">
              <label
                class="nhsuk-label nhsuk-date-input__label"
                for={index === 0 ? props.id : `${props.id}-${part.key}`}
              >
                {part.label}
              </label>
              <input
                class={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${part.width}${props.error ? ' nhsuk-input--error' : ''}`}
                id={index === 0 ? props.id : `${props.id}-${part.key}`}
                name={`${props.id}-${part.key}`}
                type="text"
                inputMode="numeric"
                autocomplete="off"
                value={props.value[part.key]}
                onInput={(event) =>
                  props.onValue({
                    ...props.value,
                    [part.key]: (event.currentTarget as HTMLInputElement).value,
                  })
                }
              />
            </div>
          </div>
        ))}
      </div>
    </Fieldset>
  );
}
