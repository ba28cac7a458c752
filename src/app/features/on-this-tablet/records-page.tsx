// "On this tablet": counts by type and status, a paged list of one type's records, newest first, each named by
// its resident or organisation and filtered by that name, and the records of every type that need a person
// (/records?status=needs-attention with no type).

import { useEffect, useState } from 'preact/hooks';
import {
  isRecordStatus,
  isRecordType,
  RECORD_STATUS_LABELS,
  RECORD_STATUSES,
  RECORD_TYPE_LABELS,
  RECORD_TYPES,
  type RecordStatus,
  type RecordType,
} from '../../../shared/records';
import { Button } from '../../components/button';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { Pagination } from '../../components/pagination';
import { ReviewTag, StatusTag } from '../../components/tag';
import { TextInput } from '../../components/text-input';
import { useLiveQuery } from '../../db/live-query';
import { countRecords, listNeedingAttention, listRecords, searchRecords } from '../../db/records';
import { formatDateTime } from '../../shell/format';
import { navigate, useLocation } from '../../shell/router';
import { recordHref, recordReference } from '../record-reference';
import { StoreProblem } from '../store-problem';
import { displayName, nameMatcher } from './display-name';
import { RecordCountsTable } from './record-counts';

export const PAGE_SIZE = 20;

/** The list of every type's records that need a person: refused by the server, or changed in two places. */
export const NEEDS_ATTENTION_HREF = '/records?status=needs-attention';

const listHref = (type: RecordType | undefined, status: RecordStatus | undefined, page = 1, name = '') => {
  const query = [
    ...(type ? [`type=${type}`] : []),
    ...(status ? [`status=${status}`] : []),
    ...(name.trim() ? [`name=${encodeURIComponent(name.trim())}`] : []),
    ...(page > 1 ? [`page=${page}`] : []),
  ];
  return `/records?${query.join('&')}`;
};

function FilterLinks<T extends string>(props: {
  label: string;
  options: readonly { value: T | undefined; text: string; href: string }[];
  current: T | undefined;
}) {
  return (
    <nav aria-label={props.label}>
      <ul class="nhsuk-list nhsuk-u-margin-bottom-3 app-filter-links">
        {props.options.map((option) => (
          <li key={option.text}>
            {option.value === props.current ? (
              <strong aria-current="page">{option.text}</strong>
            ) : (
              <Link href={option.href}>{option.text}</Link>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The search box: finds the chosen type's records (of the chosen status) by their display name. */
function NameSearch(props: { type: RecordType; status: RecordStatus | undefined; name: string }) {
  const [typed, setTyped] = useState(props.name);
  useEffect(() => setTyped(props.name), [props.name]);
  const search = (event: Event) => {
    event.preventDefault();
    navigate(listHref(props.type, props.status, 1, typed));
  };
  return (
    <form onSubmit={search} noValidate aria-label="Find by name">
      <TextInput
        id="record-name"
        name="name"
        label={`Find ${RECORD_TYPE_LABELS[props.type].many.toLowerCase()} by name`}
        hint={
          props.type === 'signup'
            ? 'The resident’s first or last name'
            : props.type === 'grant-application'
              ? 'The organisation’s name'
              : 'The resident’s postcode or the organisation’s name'
        }
        value={typed}
        onValue={setTyped}
        spellcheck={false}
        autocomplete="off"
      />
      <Button type="submit" variant="secondary" small>
        Search
      </Button>
      {props.name ? (
        <p class="nhsuk-body">
          <Link href={listHref(props.type, props.status)}>Clear the search</Link>
        </p>
      ) : null}
    </form>
  );
}

export function RecordsPage() {
  const { query } = useLocation();
  const typeParam = query.get('type');
  const statusParam = query.get('status');
  const status = isRecordStatus(statusParam) ? statusParam : undefined;
  // Needing attention with no type chosen: every type's, conflicts included.
  const everyType = !isRecordType(typeParam) && status === 'needs-attention';
  const type: RecordType | undefined = isRecordType(typeParam) ? typeParam : everyType ? undefined : 'signup';
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);
  const name = type ? (query.get('name') ?? '').trim() : '';

  const counts = useLiveQuery(countRecords, []);
  const list = useLiveQuery(() => {
    const window = { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE };
    const matches = nameMatcher(name);
    if (type && matches) return searchRecords({ type, status, matches, ...window });
    return type ? listRecords({ type, status, ...window }) : listNeedingAttention(window);
  }, [type, status, page, name]);

  const heading = type
    ? `${RECORD_TYPE_LABELS[type].many}${status ? `: ${RECORD_STATUS_LABELS[status].toLowerCase()}` : ''}${name ? ` named “${name}”` : ''}`
    : 'Records that need attention';
  return (
    <Page title="On this tablet">
      {counts.state === 'ready' ? <RecordCountsTable counts={counts.value} /> : null}
      {counts.state === 'failed' ? <StoreProblem error={counts.error} /> : null}
      <FilterLinks
        label="Record type"
        current={type}
        options={RECORD_TYPES.map((value) => ({
          value,
          text: RECORD_TYPE_LABELS[value].many,
          href: listHref(value, status),
        }))}
      />
      <FilterLinks
        label="Status"
        current={status}
        options={[
          { value: undefined, text: 'All statuses', href: listHref(type ?? 'signup', undefined) },
          ...RECORD_STATUSES.map((value) => ({
            value,
            text: RECORD_STATUS_LABELS[value],
            href: listHref(type ?? (value === 'needs-attention' ? undefined : 'signup'), value),
          })),
        ]}
      />
      {type ? <NameSearch type={type} status={status} name={name} /> : null}
      <h2 class="nhsuk-heading-m">{heading}</h2>
      {list.state === 'failed' ? <StoreProblem error={list.error} /> : null}
      {list.state === 'ready' && list.value.total === 0 ? (
        <p class="nhsuk-body">There are no {heading.toLowerCase()} on this tablet.</p>
      ) : null}
      {list.state === 'ready' && list.value.total > 0 ? (
        <>
          <p class="nhsuk-body" aria-live="polite">
            Showing {(page - 1) * PAGE_SIZE + 1} to {(page - 1) * PAGE_SIZE + list.value.records.length} of{' '}
            {list.value.total}, most recently changed first.
          </p>
          <table class="nhsuk-table app-record-list" data-testid="record-list">
            <thead class="nhsuk-table__head">
              <tr>
                {type ? null : <th scope="col">Type</th>}
                <th scope="col">Name</th>
                <th scope="col">Reference</th>
                <th scope="col">Status</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              {list.value.records.map((record) => (
                <tr key={record.id}>
                  {type ? null : <td>{RECORD_TYPE_LABELS[record.type].one}</td>}
                  <td>
                    <Link href={recordHref(record)}>{displayName(record)}</Link>
                  </td>
                  <td>{recordReference(record.id)}</td>
                  <td>
                    <StatusTag status={record.status} />
                    {record.review ? (
                      <>
                        {' '}
                        <ReviewTag decision={record.review.decision} />
                      </>
                    ) : null}
                  </td>
                  <td>{formatDateTime(record.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            previous={
              page > 1 ? { href: listHref(type, status, page - 1, name), label: `Page ${page - 1}` } : null
            }
            next={
              page * PAGE_SIZE < list.value.total
                ? { href: listHref(type, status, page + 1, name), label: `Page ${page + 1}` }
                : null
            }
          />
        </>
      ) : null}
    </Page>
  );
}
