// Page: one screen's <h1> and document title; moves focus to the heading when the screen changes.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { hasNavigatedInApp } from '../shell/router';

export function Page(props: {
  title: string;
  caption?: string | undefined;
  /** false when the page's heading is a question's legend, rendered by the form itself. */
  heading?: boolean;
  /** Prefixes the document title with "Error: ", as the NHS.UK pattern asks while a form shows errors. */
  hasErrors?: boolean;
  children: ComponentChildren;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.hasErrors ? 'Error: ' : ''}${props.title} – Anchor Outreach`;
  }, [props.title, props.hasErrors]);
  useEffect(() => {
    // Move focus only after in-app navigation, not on the first load (the skip link comes first then).
    if (!hasNavigatedInApp()) return;
    const target = heading.current ?? document.querySelector<HTMLElement>('main h1');
    if (target) {
      target.tabIndex = -1;
      target.focus();
    }
  }, [props.title]);
  return (
    <>
      {props.heading === false ? null : (
        <h1 class="nhsuk-heading-l" tabIndex={-1} ref={heading}>
          {props.caption ? (
            <span class="nhsuk-caption-l">
              {props.caption}
              <span class="nhsuk-u-visually-hidden"> - </span>
            </span>
          ) : null}
          {props.title}
        </h1>
      )}
      {props.children}
    </>
  );
}
