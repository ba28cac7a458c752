// Footer: the NHS.UK footer with the app's own links.
import { followLink } from '../shell/router';

export function Footer(props: { links: { href: string; text: string }[]; meta: string }) {
  return (
    <footer class="nhsuk-footer" role="contentinfo">
      <div class="nhsuk-width-container">
        <div class="nhsuk-footer__meta">
          <h2 class="nhsuk-u-visually-hidden">Support links</h2>
          <ul class="nhsuk-footer__list">
            {props.links.map((link) => (
              <li class="nhsuk-footer__list-item" key={link.href}>
                <a class="nhsuk-footer__list-item-link" href={link.href} onClick={followLink}>
                  {link.text}
                </a>
              </li>
            ))}
          </ul>
          <p class="nhsuk-body-s">{props.meta}</p>
        </div>
      </div>
    </footer>
  );
}
