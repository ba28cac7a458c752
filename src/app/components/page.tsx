// Page: one screen's <h1> and document title; moves focus to the heading when the screen changes.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { hasNavigatedInApp } from '../shell/router';

export function Page(props: { title: string; caption?: string; children: ComponentChildren }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${props.title} – Anchor Outreach`;
    // Move focus only after in-app navigation, not on the first load (the skip link comes first then).
    if (hasNavigatedInApp()) heading.current?.focus();
  }, [props.title]);
  return (
    <>
      <h1 class="nhsuk-heading-l" tabIndex={-1} ref={heading}>
        {props.caption ? <span class="nhsuk-caption-l">{props.caption}</span> : null}
        {props.title}
      </h1>
      {props.children}
    </>
  );
}
