// Link: an <a> that navigates inside the app without a page load.
import type { ComponentChildren } from 'preact';
import { followLink } from '../shell/router';

export function Link(props: { href: string; class?: string; children: ComponentChildren }) {
  return (
    <a href={props.href} class={props.class} onClick={followLink}>
      {props.children}
    </a>
  );
}
