// Radios and Checkboxes: NHS.UK choice lists inside a fieldset, with an optional "or" divider before an
// exclusive option (such as "None of these").
import { Fieldset, type QuestionText } from './form-group';

export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
}

interface ChoiceProps extends QuestionText {
  name: string;
  legend: string;
  legendIsHeading?: boolean;
  options: readonly ChoiceOption[];
  /** An option that stands apart ("or"); for checkboxes, choosing it clears the others and vice versa. */
  exclusive?: string;
}

function Items(
  props: ChoiceProps & {
    type: 'radio' | 'checkbox';
    checked: (value: string) => boolean;
    onToggle: (value: string, on: boolean) => void;
  },
) {
  const block = props.type === 'radio' ? 'radios' : 'checkboxes';
  return (
    <div class={`nhsuk-${block}`}>
      {props.options.map((option, index) => {
        const id = index === 0 ? props.id : `${props.id}-${index + 1}`;
        return (
          <>
            {option.value === props.exclusive ? <div class={`nhsuk-${block}__divider`}>or</div> : null}
            <div class={`nhsuk-${block}__item`} key={option.value}>
              <input
                class={`nhsuk-${block}__input`}
                id={id}
                name={props.name}
                type={props.type}
                value={option.value}
                checked={props.checked(option.value)}
                aria-describedby={option.hint ? `${id}-item-hint` : undefined}
                onChange={(event) =>
                  props.onToggle(option.value, (event.currentTarget as HTMLInputElement).checked)
                }
              />
              <label class={`nhsuk-label nhsuk-${block}__label`} for={id}>
                {option.label}
              </label>
              {option.hint ? (
                <div class={`nhsuk-hint nhsuk-${block}__hint`} id={`${id}-item-hint`}>
                  {option.hint}
                </div>
              ) : null}
            </div>
          </>
        );
      })}
    </div>
  );
}

export function Radios(props: ChoiceProps & { value: string; onValue: (value: string) => void }) {
  return (
    <Fieldset {...props}>
      <Items
        {...props}
        type="radio"
        checked={(value) => props.value === value}
        onToggle={(value, on) => on && props.onValue(value)}
      />
    </Fieldset>
  );
}

export function Checkboxes(
  props: ChoiceProps & { value: readonly string[]; onValue: (value: string[]) => void },
) {
  const toggle = (value: string, on: boolean) => {
    if (!on) return props.onValue(props.value.filter((v) => v !== value));
    if (value === props.exclusive) return props.onValue([value]);
    return props.onValue([...props.value.filter((v) => v !== props.exclusive), value]);
  };
  return (
    <Fieldset {...props}>
      <Items {...props} type="checkbox" checked={(value) => props.value.includes(value)} onToggle={toggle} />
    </Fieldset>
  );
}
