// Textarea: the NHS.UK textarea with its label, hint and error message.
import { describedBy, HintAndError, type QuestionText } from './form-group';

export function Textarea(
  props: QuestionText & { label: string; value: string; onValue: (value: string) => void; rows?: number },
) {
  return (
    <div class={`nhsuk-form-group${props.error ? ' nhsuk-form-group--error' : ''}`}>
      <label class="nhsuk-label" for={props.id}>
        {props.label}
      </label>
      <HintAndError id={props.id} hint={props.hint} error={props.error} />
      <textarea
        class={`nhsuk-textarea${props.error ? ' nhsuk-textarea--error' : ''}`}
        id={props.id}
        name={props.id}
        rows={props.rows ?? 4}
        autocomplete="off"
        aria-describedby={describedBy(props)}
        value={props.value}
        onInput={(event) => props.onValue((event.currentTarget as HTMLTextAreaElement).value)}
      />
    </div>
  );
}
