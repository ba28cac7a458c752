// Header: the NHS.UK header with the service name, navigation, the always-visible connectivity state and any
// actions the shell passes (such as Lock).
import type { ComponentChildren } from 'preact';
import { followLink } from '../shell/router';

export interface NavItem {
  href: string;
  text: string;
  current: boolean;
}

export function Header(props: {
  serviceName: string;
  items: NavItem[];
  status?: ComponentChildren;
  /** Buttons beside the status (the shell's Lock). */
  actions?: ComponentChildren;
  /** Where the service name leads (the coordinator console's own start); the app's home by default. */
  homeHref?: string;
}) {
  return (
    <header class="nhsuk-header">
      <div class="nhsuk-header__container nhsuk-width-container">
        <div class="nhsuk-header__service">
          <a
            class="nhsuk-header__service-logo"
            href={props.homeHref ?? '/'}
            onClick={followLink}
            aria-label={`${props.serviceName} home`}
          >
            <span class="nhsuk-header__service-name">{props.serviceName}</span>
          </a>
        </div>
        {props.status ? <div class="app-connectivity">{props.status}</div> : null}
        {props.actions ? <div class="app-header-actions">{props.actions}</div> : null}
      </div>
      {props.items.length === 0 ? null : (
        <nav class="nhsuk-header__navigation" aria-label="Menu">
          <div class="nhsuk-header__navigation-container nhsuk-width-container">
            <ul class="nhsuk-header__navigation-list">
              {props.items.map((item) => (
                <li
                  key={item.href}
                  class={`nhsuk-header__navigation-item${item.current ? ' nhsuk-header__navigation-item--current' : ''}`}
                >
                  <a
                    class="nhsuk-header__navigation-link"
                    href={item.href}
                    onClick={followLink}
                    aria-current={item.current ? 'page' : undefined}
                  >
                    {item.current ? (
                      <strong class="nhsuk-header__navigation-item-current-fallback">{item.text}</strong>
                    ) : (
                      item.text
                    )}
                  </a>
                </li>
              ))}
            </ul>
          </div>
        </nav>
      )}
    </header>
  );
}
