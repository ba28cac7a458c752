// FormGroup and Fieldset: the NHS.UK wrappers that carry a question's label or legend, hint and error message.
import type { ComponentChildren } from 'preact';

export interface QuestionText {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}

/** The ids a control lists in aria-describedby: its hint and its error, when shown. */
export const describedBy = (q: QuestionText): string | undefined =>
  [q.hint ? `${q.id}-hint` : '', q.error ? `${q.id}-error` : ''].filter(Boolean).join(' ') || undefined;

export function HintAndError(props: QuestionText) {
  return (
    <>
      {props.hint ? (
        <div class="nhsuk-hint" id={`${props.id}-hint`}>
          {props.hint}
        </div>
      ) : null}
      {props.error ? (
        <span class="nhsuk-error-message" id={`${props.id}-error`}>
          <span class="nhsuk-u-visually-hidden">Error:</span> {props.error}
        </span>
      ) : null}
    </>
  );
}

/** A fieldset whose legend is either the page's heading (one question on the page) or a plain legend. */
export function Fieldset(
  props: QuestionText & { legend: string; legendIsHeading?: boolean; children: ComponentChildren },
) {
  return (
    <div class={`nhsuk-form-group${props.error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset class="nhsuk-fieldset" aria-describedby={describedBy(props)}>
        <legend
          class={`nhsuk-fieldset__legend ${props.legendIsHeading ? 'nhsuk-fieldset__legend--l' : 'nhsuk-fieldset__legend--s'}`}
        >
          {props.legendIsHeading ? <h1 class="nhsuk-fieldset__heading">{props.legend}</h1> : props.legend}
        </legend>
        <HintAndError id={props.id} hint={props.hint} error={props.error} />
        {props.children}
      </fieldset>
    </div>
  );
}
