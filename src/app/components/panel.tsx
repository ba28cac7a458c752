// Panel: the NHS.UK confirmation panel.
import type { ComponentChildren } from 'preact';

export function Panel(props: { title: string; children: ComponentChildren }) {
  return (
    <div class="nhsuk-panel">
      <h1 class="nhsuk-panel__title">{props.title}</h1>
      <div class="nhsuk-panel__body">{props.children}</div>
    </div>
  );
}
