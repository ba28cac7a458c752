// Pagination: the NHS.UK previous/next pagination between pages of a list.
import { followLink } from '../shell/router';

interface PageLink {
  href: string;
  label: string;
}

export function Pagination(props: { previous?: PageLink | null; next?: PageLink | null }) {
  if (!props.previous && !props.next) return null;
  return (
    <nav class="nhsuk-pagination" aria-label="Pagination">
      <ul class="nhsuk-list nhsuk-pagination__list">
        {props.previous ? (
          <li class="nhsuk-pagination-item--previous">
            <a
              class="nhsuk-pagination__link nhsuk-pagination__link--prev"
              href={props.previous.href}
              onClick={followLink}
            >
              <span class="nhsuk-pagination__title">Previous</span>
              <span class="nhsuk-u-visually-hidden">:</span>
              <span class="nhsuk-pagination__page">{props.previous.label}</span>
            </a>
          </li>
        ) : null}
        {props.next ? (
          <li class="nhsuk-pagination-item--next">
            <a
              class="nhsuk-pagination__link nhsuk-pagination__link--next"
              href={props.next.href}
              onClick={followLink}
            >
              <span class="nhsuk-pagination__title">Next</span>
              <span class="nhsuk-u-visually-hidden">:</span>
              <span class="nhsuk-pagination__page">{props.next.label}</span>
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
