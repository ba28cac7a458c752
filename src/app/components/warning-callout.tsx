// WarningCallout: the NHS.UK warning callout ("Important" box).
import type { ComponentChildren } from 'preact';

export function WarningCallout(props: { heading: string; children: ComponentChildren }) {
  return (
    <div class="nhsuk-warning-callout">
      <h3 class="nhsuk-warning-callout__label">
        <span>
          <span class="nhsuk-u-visually-hidden">Important: </span>
          {props.heading}
        </span>
      </h3>
      {props.children}
    </div>
  );
}
