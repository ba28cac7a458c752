// BackLink: the NHS.UK back link.
import { followLink } from '../shell/router';

export function BackLink(props: { href: string; text?: string }) {
  return (
    <a class="nhsuk-back-link" href={props.href} onClick={followLink}>
      {props.text ?? 'Back'}
    </a>
  );
}
