// "On this tablet": counts by type and status, and a paged list of one type's records, newest first.
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
import { countRecords, listRecords } from '../../db/records';
import { formatDateTime } from '../../shell/format';
import { useLocation } from '../../shell/router';
import { recordHref, recordReference } from '../record-reference';
import { StoreProblem } from '../store-problem';
import { RecordCountsTable } from './record-counts';

export const PAGE_SIZE = 20;

const listHref = (type: RecordType, status: RecordStatus | undefined, page = 1) =>
  `/records?type=${type}${status ? `&status=${status}` : ''}${page > 1 ? `&page=${page}` : ''}`;

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
  const type: RecordType = isRecordType(typeParam) ? typeParam : 'signup';
  const status = isRecordStatus(statusParam) ? statusParam : undefined;
  const page = Math.max(1, Number.parseInt(query.get('page') ?? '1', 10) || 1);

  const counts = useLiveQuery(countRecords, []);
  const list = useLiveQuery(
    () => listRecords({ type, status, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    [type, status, page],
  );

  const heading = `${RECORD_TYPE_LABELS[type].many}${status ? `: ${RECORD_STATUS_LABELS[status].toLowerCase()}` : ''}`;
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
          { value: undefined, text: 'All statuses', href: listHref(type, undefined) },
          ...RECORD_STATUSES.map((value) => ({
            value,
            text: RECORD_STATUS_LABELS[value],
            href: listHref(type, value),
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
                <th scope="col">Reference</th>
                <th scope="col">Status</th>
                <th scope="col">Last changed</th>
              </tr>
            </thead>
            <tbody class="nhsuk-table__body">
              {list.value.records.map((record) => (
                <tr key={record.id}>
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
