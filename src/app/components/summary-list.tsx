// SummaryList: the NHS.UK summary list of key/value rows, each with an optional action link.
import type { ComponentChildren } from 'preact';
import { Link } from './link';

export interface SummaryRow {
  key: string;
  value: ComponentChildren;
  action?: { href: string; text: string; visuallyHidden: string };
}

export function SummaryList(props: { rows: SummaryRow[] }) {
  return (
    <dl class="nhsuk-summary-list">
      {props.rows.map((row) => (
        <div class="nhsuk-summary-list__row" key={row.key}>
          <dt class="nhsuk-summary-list__key">{row.key}</dt>
          <dd class="nhsuk-summary-list__value">{row.value}</dd>
          {row.action ? (
            <dd class="nhsuk-summary-list__actions">
              <Link href={row.action.href}>
                {row.action.text}
                <span class="nhsuk-u-visually-hidden"> {row.action.visuallyHidden}</span>
              </Link>
            </dd>
          ) : null}
        </div>
      ))}
    </dl>
  );
}
