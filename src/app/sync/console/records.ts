// The console's records API calls (typed, through consoleJson/consoleRequest): the filtered list, one record, bank
// details revealed, review and bulk review, photos, the worker names for the filter, and the streamed CSV export.
import type { ServerRecord } from '../../../shared/api';
import type {
  AccountsResponse,
  BankDetails,
  BulkReviewResponse,
  EligibilityOutcomeFilter,
  RecordDetail,
  RecordListResponse,
} from '../../../shared/console';
import type { RecordType } from '../../../shared/records';
import type { ReviewState } from '../../../shared/review';
import { consoleJson, consoleRequest } from '../console-client';

/** The list's filters as the address and the API both carry them (every one optional, combined with AND). */
export interface RecordFilters {
  type?: RecordType | undefined;
  review?: ReviewState | undefined;
  eligibility?: EligibilityOutcomeFilter | undefined;
  worker?: string | undefined;
  district?: string | undefined;
  decile?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  q?: string | undefined;
}

/** The filter names, in the order they go into a query string (the list, the export and the address agree). */
export const FILTER_KEYS = [
  'type',
  'review',
  'eligibility',
  'worker',
  'district',
  'decile',
  'from',
  'to',
  'q',
] as const satisfies readonly (keyof RecordFilters)[];

/** The filters as query parameters: empty ones left out, search text trimmed. */
export function filterParams(filters: RecordFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = filters[key]?.trim();
    if (value) params.set(key, value);
  }
  return params;
}

/** The filters read back from query parameters (the console's address). Unknown values are left to the server. */
export function filtersFrom(query: URLSearchParams): RecordFilters {
  const filters: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = query.get(key);
    if (value) filters[key] = value;
  }
  return filters as RecordFilters;
}

export function listRecords(
  filters: RecordFilters,
  page: { cursor?: string | null; limit?: number } = {},
): Promise<RecordListResponse> {
  const params = filterParams(filters);
  if (page.cursor) params.set('cursor', page.cursor);
  if (page.limit) params.set('limit', String(page.limit));
  const query = params.toString();
  return consoleJson<RecordListResponse>(`/records${query ? `?${query}` : ''}`);
}

export const getRecordDetail = (id: string): Promise<RecordDetail> =>
  consoleJson<RecordDetail>(`/records/${encodeURIComponent(id)}`);

/** The unmasked bank details; the server records who asked and when in the record's history. */
export const revealBankDetails = (id: string): Promise<BankDetails> =>
  consoleJson<BankDetails>(`/records/${encodeURIComponent(id)}/reveal-bank`, { method: 'POST' });

export interface ReviewInput {
  state: ReviewState;
  /** The state the coordinator saw (null: never reviewed). */
  expected: ReviewState | null;
  note?: string;
  reason?: string;
}

export const reviewRecord = (id: string, input: ReviewInput): Promise<ServerRecord> =>
  consoleJson<ServerRecord>(`/records/${encodeURIComponent(id)}/review`, { method: 'POST', body: input });

export const bulkReview = (input: {
  ids: string[];
  state: ReviewState;
  note?: string;
}): Promise<BulkReviewResponse> =>
  consoleJson<BulkReviewResponse>('/records/review', { method: 'POST', body: input });

/** A photo of the paper form, as bytes (coordinators may read any attachment). */
export async function fetchAttachment(sha256: string): Promise<Blob> {
  return (await consoleRequest(`/attachments/${encodeURIComponent(sha256)}`)).blob();
}

export const listAccounts = (): Promise<AccountsResponse> => consoleJson<AccountsResponse>('/accounts');

const LINE_FEED = 0x0a;
const QUOTE = 0x22;

/**
 * Counts the records in CSV bytes as they stream: line feeds outside quoted fields (RFC 4180 doubles a quote
 * inside a field, so toggling on every quote keeps track), less the header line. Holds one flag between chunks.
 */
export class CsvRowCounter {
  private inQuotes = false;
  private lines = 0;

  push(chunk: Uint8Array): void {
    for (const byte of chunk) {
      if (byte === QUOTE) this.inQuotes = !this.inQuotes;
      else if (byte === LINE_FEED && !this.inQuotes) this.lines++;
    }
  }

  /** Records seen so far (the first line is the header). */
  get rows(): number {
    return Math.max(0, this.lines - 1);
  }
}

export interface ExportProgress {
  rows: number;
  bytes: number;
  /** From the X-Total-Rows header; null when the server did not say. */
  totalRows: number | null;
}

export interface ExportedFile {
  blob: Blob;
  filename: string;
  rows: number;
}

const FILENAME = /filename="?([^";]+)"?/;

/**
 * Downloads the filtered records of one type as CSV, reading the body as it streams and reporting rows counted
 * against X-Total-Rows. The file is returned as one Blob to save (the bytes as sent, BOM included).
 */
export async function exportRecordsCsv(
  type: RecordType,
  filters: RecordFilters,
  onProgress: (progress: ExportProgress) => void,
  signal?: AbortSignal,
): Promise<ExportedFile> {
  const params = filterParams({ ...filters, type });
  const response = await consoleRequest(`/records/export.csv?${params}`, signal ? { signal } : {});
  const totalHeader = response.headers.get('x-total-rows');
  const totalRows = totalHeader !== null && /^\d+$/.test(totalHeader) ? Number(totalHeader) : null;
  const filename =
    FILENAME.exec(response.headers.get('content-disposition') ?? '')?.[1] ??
    `anchor-outreach-${type}-${new Date().toISOString().slice(0, 10)}.csv`;
  const counter = new CsvRowCounter();
  const parts: Uint8Array[] = [];
  let bytes = 0;
  onProgress({ rows: 0, bytes: 0, totalRows });
  const reader = response.body?.getReader();
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parts.push(value);
      bytes += value.byteLength;
      counter.push(value);
      onProgress({ rows: counter.rows, bytes, totalRows });
    }
  } else {
    // No stream (an old browser): the whole body at once.
    const whole = new Uint8Array(await response.arrayBuffer());
    parts.push(whole);
    bytes = whole.byteLength;
    counter.push(whole);
    onProgress({ rows: counter.rows, bytes, totalRows });
  }
  return {
    blob: new Blob(parts as BlobPart[], { type: 'text/csv;charset=utf-8' }),
    filename,
    rows: counter.rows,
  };
}
