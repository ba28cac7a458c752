// The table of how many records of each type are in each status, each count linking to that list.
import {
  RECORD_STATUS_LABELS,
  RECORD_STATUSES,
  RECORD_TYPE_LABELS,
  RECORD_TYPES,
} from '../../../shared/records';
import { Link } from '../../components/link';
import type { RecordCounts } from '../../db/records';

export function RecordCountsTable(props: { counts: RecordCounts }) {
  return (
    <table class="nhsuk-table app-record-counts">
      <caption class="nhsuk-table__caption">Records by type and status</caption>
      <thead class="nhsuk-table__head">
        <tr>
          <th scope="col">Type</th>
          {RECORD_STATUSES.map((status) => (
            <th scope="col" key={status}>
              {RECORD_STATUS_LABELS[status]}
            </th>
          ))}
          <th scope="col">Total</th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {RECORD_TYPES.map((type) => {
          const byStatus = props.counts[type];
          const total = RECORD_STATUSES.reduce((sum, status) => sum + byStatus[status], 0);
          return (
            <tr key={type} data-testid={`counts-${type}`}>
              <th scope="row">{RECORD_TYPE_LABELS[type].many}</th>
              {RECORD_STATUSES.map((status) => (
                <td key={status} data-status={status}>
                  {byStatus[status] ? (
                    <Link href={`/records?type=${type}&status=${status}`}>{byStatus[status]}</Link>
                  ) : (
                    0
                  )}
                </td>
              ))}
              <td data-status="total">{total}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
