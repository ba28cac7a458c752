// InsetText: the NHS.UK inset text, for a note that stands apart from the page's body text.
import type { ComponentChildren } from 'preact';

export function InsetText(props: { children: ComponentChildren }) {
  return (
    <div class="nhsuk-inset-text">
      <span class="nhsuk-u-visually-hidden">Information: </span>
      <p>{props.children}</p>
    </div>
  );
}
