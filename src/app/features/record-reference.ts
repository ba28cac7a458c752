// How a record is named to people: a short reference from its id, and its type and start time.
import { RECORD_TYPE_LABELS, type RecordType } from '../../shared/records';
import { recordReference } from '../../shared/reference';
import { formatDateTime } from '../shell/format';

export { recordReference };

export function recordTitle(record: { type: RecordType; id: string; createdAt: string }): string {
  return `${RECORD_TYPE_LABELS[record.type].one} ${recordReference(record.id)}, started ${formatDateTime(record.createdAt)}`;
}

export const recordHref = (record: { type: RecordType; id: string }): string =>
  `/records/${record.type}/${record.id}`;
