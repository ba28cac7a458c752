// NotificationBanner: the NHS.UK notification banner, plain (information) or success.
import type { ComponentChildren } from 'preact';

export function NotificationBanner(props: {
  title?: string;
  success?: boolean;
  children: ComponentChildren;
}) {
  const { success = false } = props;
  const content = (
    <>
      <div class="nhsuk-notification-banner__header">
        <h2 class="nhsuk-notification-banner__title" id="notification-banner-title">
          {props.title ?? (success ? 'Success' : 'Important')}
        </h2>
      </div>
      <div class="nhsuk-notification-banner__content">{props.children}</div>
    </>
  );
  return success ? (
    <div
      class="nhsuk-notification-banner nhsuk-notification-banner--success"
      role="alert"
      aria-labelledby="notification-banner-title"
    >
      {content}
    </div>
  ) : (
    <section class="nhsuk-notification-banner" aria-labelledby="notification-banner-title">
      {content}
    </section>
  );
}
