// "On this tablet": counts by type and status, a paged list of one type's records, newest first, and the records
// of every type that need a person (/records?status=needs-attention with no type).
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
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { Pagination } from '../../components/pagination';
import { StatusTag } from '../../components/tag';
import { useLiveQuery } from '../../db/live-query';
import { countRecords, listNeedingAttention, listRecords } from '../../db/records';
import { formatDateTime } from '../../shell/format';
import { useLocation } from '../../shell/router';
import { recordHref, recordReference } from '../record-reference';
import { StoreProblem } from '../store-problem';
import { RecordCountsTable } from './record-counts';

export const PAGE_SIZE = 20;

/** The list of every type's records that need a person: refused by the server, or changed in two places. */
export const NEEDS_ATTENTION_HREF = '/records?status=needs-attention';

const listHref = (type: RecordType | undefined, status: RecordStatus | undefined, page = 1) => {
  const query = [
    ...(type ? [`type=${type}`] : []),
    ...(status ? [`status=${status}`] : []),
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

export function RecordsPage() {
  const { query } = useLocation();
  const typeParam = query.get('type');
  const statusParam = query.get('status');
  const status = isRecordStatus(statusParam) ? statusParam : undefined;
  // Needing attention with no type chosen: every type's, conflicts included.
  const everyType = !isRecordType(typeParam) && status === 'needs-attention';
  const type: RecordType | undefined = isRecordType(typeParam) ? typeParam : everyType ? undefined : 'signup';
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);

  const counts = useLiveQuery(countRecords, []);
  const list = useLiveQuery(() => {
    const window = { offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE };
    return type ? listRecords({ type, status, ...window }) : listNeedingAttention(window);
  }, [type, status, page]);

  const heading = type
    ? `${RECORD_TYPE_LABELS[type].many}${status ? `: ${RECORD_STATUS_LABELS[status].toLowerCase()}` : ''}`
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
                    <Link href={recordHref(record)}>{recordReference(record.id)}</Link>
                  </td>
                  <td>
                    <StatusTag status={record.status} />
                  </td>
                  <td>{formatDateTime(record.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <Pagination
            previous={page > 1 ? { href: listHref(type, status, page - 1), label: `Page ${page - 1}` } : null}
            next={
              page * PAGE_SIZE < list.value.total
                ? { href: listHref(type, status, page + 1), label: `Page ${page + 1}` }
                : null
            }
          />
        </>
      ) : null}
    </Page>
  );
}
