// Pagination: the NHS.UK previous/next pagination between pages of a list.
import { followLink } from '../shell/router';

interface PageLink {
  href: string;
  label: string;
}

function PaginationItem(props: { link: PageLink; direction: 'previous' | 'next' }) {
  const { link, direction } = props;
  return (
    <li class={`nhsuk-pagination-item--${direction}`}>
      <a
        class={`nhsuk-pagination__link nhsuk-pagination__link--${direction === 'previous' ? 'prev' : 'next'}`}
        href={link.href}
        onClick={followLink}
      >
        <span class="nhsuk-pagination__title">{direction === 'previous' ? 'Previous' : 'Next'}</span>
        <span class="nhsuk-u-visually-hidden">:</span>
        <span class="nhsuk-pagination__page">{link.label}</span>
      </a>
    </li>
  );
}

export function Pagination(props: { previous?: PageLink | null; next?: PageLink | null }) {
  if (!props.previous && !props.next) return null;
  return (
    <nav class="nhsuk-pagination" aria-label="Pagination">
      <ul class="nhsuk-list nhsuk-pagination__list">
        {props.previous ? <PaginationItem link={props.previous} direction="previous" /> : null}
        {props.next ? <PaginationItem link={props.next} direction="next" /> : null}
      </ul>
    </nav>
  );
}
