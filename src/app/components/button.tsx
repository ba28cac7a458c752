// Button: the NHS.UK button, as a <button> or as a link styled as one.
import type { ButtonHTMLAttributes, ComponentChildren } from 'preact';
import { followLink } from '../shell/router';

type Variant = 'primary' | 'secondary' | 'reverse' | 'warning';

const classes = (variant: Variant, small?: boolean) =>
  `nhsuk-button${variant === 'primary' ? '' : ` nhsuk-button--${variant}`}${small ? ' nhsuk-button--small' : ''}`;

export function Button(
  props: ButtonHTMLAttributes<HTMLButtonElement> & {
    variant?: Variant;
    small?: boolean;
    children: ComponentChildren;
  },
) {
  const { variant = 'primary', small, type = 'button', ...rest } = props;
  return <button {...rest} type={type} class={classes(variant, small)} data-module="nhsuk-button" />;
}

export function ButtonLink(props: {
  href: string;
  variant?: Variant;
  children: ComponentChildren;
  download?: string;
}) {
  const { variant = 'primary', href, children, download } = props;
  return (
    <a href={href} draggable={false} class={classes(variant)} onClick={followLink} download={download}>
      {children}
    </a>
  );
}
