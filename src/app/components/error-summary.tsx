// ErrorSummary: the NHS.UK "There is a problem" box; it takes focus when shown so screen readers announce it.
import { useEffect, useRef } from 'preact/hooks';
import { followLink } from '../shell/router';

export interface ErrorItem {
  /** The id of the field the error is about, or omitted for a problem with no field (a failed save). */
  fieldId?: string;
  /** Where the problem is fixed when that is another page (a section not answered yet): the link goes there. */
  href?: string;
  text: string;
}

export function ErrorSummary(props: { errors: ErrorItem[]; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const key = props.errors.map((error) => error.text).join('|');
  useEffect(() => {
    if (props.errors.length) ref.current?.focus();
  }, [key]);
  if (!props.errors.length) return null;
  return (
    <div
      class="nhsuk-error-summary"
      aria-labelledby="error-summary-title"
      role="alert"
      tabIndex={-1}
      ref={ref}
    >
      <h2 class="nhsuk-error-summary__title" id="error-summary-title">
        {props.title ?? 'There is a problem'}
      </h2>
      <div class="nhsuk-error-summary__body">
        <ul class="nhsuk-list nhsuk-error-summary__list">
          {props.errors.map((error) => (
            <li key={error.text}>
              {error.href ? (
                <a href={error.href} onClick={followLink}>
                  {error.text}
                </a>
              ) : error.fieldId ? (
                <a
                  href={`#${error.fieldId}`}
                  onClick={(event) => {
                    event.preventDefault();
                    document.getElementById(error.fieldId as string)?.focus();
                  }}
                >
                  {error.text}
                </a>
              ) : (
                error.text
              )}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}
