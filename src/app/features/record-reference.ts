// How a record is named to people: a short reference from its id, and its type and start time.
import { RECORD_TYPE_LABELS, type RecordType } from '../../shared/records';
import { formatDateTime } from '../shell/format';

/** The last 8 hex digits of the record's UUIDv7 (its random part), e.g. "4F2A-9C1B": quotable on the phone. */
export function recordReference(id: string): string {
  const tail = id.replace(/-/g, '').slice(-8).toUpperCase();
  return `${tail.slice(0, 4)}-${tail.slice(4)}`;
}

export function recordTitle(record: { type: RecordType; id: string; createdAt: string }): string {
  return `${RECORD_TYPE_LABELS[record.type].one} ${recordReference(record.id)}, started ${formatDateTime(record.createdAt)}`;
}

export const recordHref = (record: { type: RecordType; id: string }): string =>
  `/records/${record.type}/${record.id}`;
