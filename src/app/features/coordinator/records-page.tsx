// The console's records list: filters (type, review state, eligibility, worker, district, IMD decile, dates) and
// search, kept in the address; a page of the server's results at a time; rows selected for one bulk review; and
// the export of the filtered set as CSV.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { BulkReviewResponse, RecordListItem, RecordListResponse } from '../../../shared/console';
import { ELIGIBILITY_OUTCOMES } from '../../../shared/console';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../../shared/programmes';
import { RECORD_TYPE_LABELS, RECORD_TYPES, type RecordType } from '../../../shared/records';
import {
  GRANT_REVIEW_STATES,
  isReviewableType,
  REVIEW_MOVES,
  type ReviewableType,
  type ReviewState,
  reviewStateText,
  SIGNUP_REVIEW_STATES,
  statesFor,
} from '../../../shared/review';
import { type DateParts, parseDateParts } from '../../../shared/validation/uk';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';
import { DateInput } from '../../components/date-input';
import { type ErrorItem, ErrorSummary } from '../../components/error-summary';
import { Link } from '../../components/link';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { Pagination } from '../../components/pagination';
import { ReviewTag } from '../../components/tag';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { navigate, useLocation } from '../../shell/router';
import {
  bulkReview,
  filterParams,
  filtersFrom,
  listAccounts,
  listRecords,
  type RecordFilters,
} from '../../sync/console/records';
import { ConsoleError } from '../../sync/console-client';
import { recordReference } from '../record-reference';
import { countText, districtName, moneyText, outcomeText, Select, shortDate } from './console-fields';
import { ExportControls } from './export-controls';

export const RECORDS_PATH = '/coordinator/records';
/** Rows per page of the list (the server allows up to CONSOLE_PAGE_SIZE_MAX). */
export const RECORDS_PAGE_SIZE = 50;

const ANY = '';
const TYPE_OPTIONS = [
  { value: ANY, label: 'Any type' },
  ...RECORD_TYPES.map((type) => ({ value: type, label: RECORD_TYPE_LABELS[type].many })),
];
const stateOptions = (states: readonly ReviewState[]) =>
  states.map((state) => ({ value: state, label: reviewStateText(state) }));
const ELIGIBILITY_OPTIONS = [
  { value: ANY, label: 'Any result' },
  ...ELIGIBILITY_OUTCOMES.map((outcome) => ({ value: outcome, label: outcomeText(outcome) })),
];
const DISTRICT_OPTIONS = [
  { value: ANY, label: 'Any district' },
  ...Object.entries(MID_AND_SOUTH_ESSEX_DISTRICTS)
    .map(([code, name]) => ({ value: code, label: name }))
    .sort((a, b) => a.label.localeCompare(b.label)),
];
const DECILE_OPTIONS = [
  { value: ANY, label: 'Any decile' },
  ...Array.from({ length: 10 }, (_, i) => ({
    value: String(i + 1),
    label: i === 0 ? '1 (most deprived)' : i === 9 ? '10 (least deprived)' : String(i + 1),
  })),
];

/** The states some allowed move leads to (a type's initial state is never one): what a bulk review offers. */
const moveTargets = (type: ReviewableType): ReviewState[] => {
  const targets = new Set<ReviewState>(Object.values(REVIEW_MOVES[type]).flat());
  return statesFor(type).filter((state) => targets.has(state));
};

/** Cursors of the pages seen for each filter set in this page load, so Previous can go back a page. */
const seenCursors = new Map<string, Map<number, string | null>>();

function pageHref(filterQuery: string, page: number, cursor: string | null): string {
  const params = new URLSearchParams(filterQuery);
  if (page > 1 && cursor) {
    params.set('cursor', cursor);
    params.set('page', String(page));
  }
  const query = params.toString();
  return `${RECORDS_PATH}${query ? `?${query}` : ''}`;
}

const DATE_PROBLEMS: Record<string, string> = {
  'missing-day': 'must include a day',
  'missing-month': 'must include a month',
  'missing-year': 'must include a year',
  'not-a-number': 'must be numbers',
  'year-not-four-digits': 'must have a 4-digit year',
  'not-real': 'must be a real date',
};

function readDate(parts: DateParts, label: string): { iso?: string; error?: string } {
  const parsed = parseDateParts(parts);
  if (parsed.ok) return { iso: parsed.iso };
  if (parsed.problem === 'missing') return {};
  return { error: `${label} ${DATE_PROBLEMS[parsed.problem] ?? 'must be a real date'}` };
}

const isoToParts = (iso: string | undefined): DateParts => {
  const [year = '', month = '', day = ''] = (iso ?? '').split('-');
  return { day: day.replace(/^0/, ''), month: month.replace(/^0/, ''), year };
};

type Workers =
  | { state: 'loading' }
  | { state: 'ready'; names: { id: string; name: string }[] }
  | {
      state: 'failed';
      message: string;
    };

function useWorkers(): Workers {
  const [workers, setWorkers] = useState<Workers>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    listAccounts().then(
      (answer) =>
        live &&
        setWorkers({
          state: 'ready',
          names: answer.accounts
            .filter((account) => account.role === 'worker')
            .map((account) => ({ id: account.id, name: account.username }))
            .sort((a, b) => a.name.localeCompare(b.name)),
        }),
      (error) =>
        live &&
        setWorkers({
          state: 'failed',
          message: error instanceof ConsoleError ? error.message : 'The list could not be loaded.',
        }),
    );
    return () => {
      live = false;
    };
  }, []);
  return workers;
}

function FilterForm(props: { filters: RecordFilters }) {
  const { filters } = props;
  const [type, setType] = useState<string>(filters.type ?? ANY);
  const [review, setReview] = useState<string>(filters.review ?? ANY);
  const [eligibility, setEligibility] = useState<string>(filters.eligibility ?? ANY);
  const [worker, setWorker] = useState<string>(filters.worker ?? ANY);
  const [district, setDistrict] = useState<string>(filters.district ?? ANY);
  const [decile, setDecile] = useState<string>(filters.decile ?? ANY);
  const [from, setFrom] = useState<DateParts>(isoToParts(filters.from));
  const [to, setTo] = useState<DateParts>(isoToParts(filters.to));
  const [q, setQ] = useState(filters.q ?? '');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const workers = useWorkers();

  // A review state of another type than the one chosen no longer applies.
  const reviewStates: readonly ReviewState[] =
    type === ANY ? [] : isReviewableType(type as RecordType) ? statesFor(type as ReviewableType) : [];
  useEffect(() => {
    if (review !== ANY && type !== ANY && !reviewStates.includes(review as ReviewState)) setReview(ANY);
  }, [type]);

  function apply(event: Event) {
    event.preventDefault();
    const fromDate = readDate(from, 'The from date');
    const toDate = readDate(to, 'The to date');
    const found: ErrorItem[] = [];
    if (fromDate.error) found.push({ fieldId: 'filter-from', text: fromDate.error });
    if (toDate.error) found.push({ fieldId: 'filter-to', text: toDate.error });
    if (fromDate.iso && toDate.iso && fromDate.iso > toDate.iso)
      found.push({ fieldId: 'filter-to', text: 'The to date must be the same as or after the from date' });
    setErrors(found);
    if (found.length) return;
    const params = filterParams({
      type: (type || undefined) as RecordType | undefined,
      review: (review || undefined) as ReviewState | undefined,
      eligibility: (eligibility || undefined) as RecordFilters['eligibility'],
      worker,
      district,
      decile,
      from: fromDate.iso,
      to: toDate.iso,
      q,
    }).toString();
    navigate(`${RECORDS_PATH}${params ? `?${params}` : ''}`);
  }

  const errorFor = (id: string) => errors.find((error) => error.fieldId === id)?.text;
  return (
    <form onSubmit={apply} noValidate aria-labelledby="filters-heading" data-testid="record-filters">
      <h2 class="nhsuk-heading-m" id="filters-heading">
        Find records
      </h2>
      <ErrorSummary errors={errors} />
      <TextInput
        id="filter-q"
        label="Search"
        hint="A name, postcode, organisation or reference"
        value={q}
        onValue={setQ}
        spellcheck={false}
        widthClass="nhsuk-input--width-20"
      />
      <div class="app-console-filters">
        <Select id="filter-type" label="Type" value={type} options={TYPE_OPTIONS} onValue={setType} />
        <Select
          id="filter-review"
          label="Review state"
          value={review}
          options={[{ value: ANY, label: 'Any state' }, ...stateOptions(reviewStates)]}
          groups={
            type === ANY
              ? [
                  { label: 'Sign-ups', options: stateOptions(SIGNUP_REVIEW_STATES) },
                  { label: 'Grant applications', options: stateOptions(GRANT_REVIEW_STATES) },
                ]
              : []
          }
          onValue={setReview}
        />
        <Select
          id="filter-eligibility"
          label="Eligibility on the tablet"
          value={eligibility}
          options={ELIGIBILITY_OPTIONS}
          onValue={setEligibility}
        />
        <Select
          id="filter-worker"
          label="Worker"
          value={worker}
          options={[
            { value: ANY, label: 'Any worker' },
            ...(workers.state === 'ready'
              ? workers.names.map((account) => ({ value: account.id, label: account.name }))
              : []),
          ]}
          hint={
            workers.state === 'failed' ? `Workers’ names could not be loaded: ${workers.message}` : undefined
          }
          onValue={setWorker}
        />
        <Select
          id="filter-district"
          label="District"
          value={district}
          options={DISTRICT_OPTIONS}
          onValue={setDistrict}
        />
        <Select
          id="filter-decile"
          label="IMD 2025 decile"
          value={decile}
          options={DECILE_OPTIONS}
          onValue={setDecile}
        />
      </div>
      <div class="app-console-filters">
        <DateInput
          id="filter-from"
          legend="Made on or after"
          hint="For example, 1 4 2026"
          value={from}
          onValue={setFrom}
          error={errorFor('filter-from')}
        />
        <DateInput
          id="filter-to"
          legend="Made on or before"
          hint="For example, 30 4 2026"
          value={to}
          onValue={setTo}
          error={errorFor('filter-to')}
        />
      </div>
      <div class="app-console-actions">
        <Button type="submit">Apply filters</Button>
        <p class="nhsuk-body app-standalone-link">
          <Link href={RECORDS_PATH}>Clear filters</Link>
        </p>
      </div>
    </form>
  );
}

function BulkReview(props: { selected: RecordListItem[]; onDone: (result: BulkReviewResponse) => void }) {
  const { selected } = props;
  const [state, setState] = useState('');
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [pending, setPending] = useState(false);
  const types = new Set(selected.map((item) => item.type));
  const type = types.size === 1 ? ([...types][0] ?? null) : null;
  const count = selected.length;
  const what = `${count} ${count === 1 ? 'record' : 'records'}`;

  async function submit(event: Event) {
    event.preventDefault();
    if (!state) {
      setErrors([{ fieldId: 'bulk-state', text: 'Choose the review state to move them to' }]);
      return;
    }
    setErrors([]);
    setPending(true);
    try {
      const result = await bulkReview({
        ids: selected.map((item) => item.id),
        state: state as ReviewState,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setState('');
      setNote('');
      props.onDone(result);
    } catch (error) {
      setErrors([
        { fieldId: 'bulk-state', text: error instanceof Error ? error.message : 'The change was not saved' },
      ]);
    } finally {
      setPending(false);
    }
  }

  return (
    <section class="app-console-bulk" aria-labelledby="bulk-heading" data-testid="bulk-review">
      <h2 class="nhsuk-heading-m" id="bulk-heading">
        Change the review of {what} selected
      </h2>
      {type === null || !isReviewableType(type) ? (
        <p class="nhsuk-body">
          Select records of one type (sign-ups or grant applications) to change them together.
        </p>
      ) : (
        <form onSubmit={submit} noValidate>
          <ErrorSummary errors={errors} />
          <Radios
            id="bulk-state"
            name="bulk-state"
            legend="Move them to"
            hint="Each record moves only if that move is allowed from its current state; the others are listed."
            options={stateOptions(moveTargets(type))}
            value={state}
            onValue={setState}
            error={errors.find((error) => error.fieldId === 'bulk-state')?.text}
          />
          <Textarea id="bulk-note" label="Note (optional)" value={note} onValue={setNote} rows={3} />
          <Button type="submit" disabled={pending}>
            Change {what}
          </Button>
        </form>
      )}
    </section>
  );
}

function BulkResult(props: { result: BulkReviewResponse; references: Map<string, string> }) {
  const { saved, failed } = props.result;
  return (
    <div data-testid="bulk-result">
      {saved.length ? (
        <NotificationBanner success title="Review saved">
          <p class="nhsuk-notification-banner__heading">
            {saved.length === 1 ? '1 record was moved.' : `${countText(saved.length)} records were moved.`}
          </p>
        </NotificationBanner>
      ) : null}
      {failed.length ? (
        <div class="nhsuk-error-summary" role="alert" aria-labelledby="bulk-failed-title" tabIndex={-1}>
          <h2 class="nhsuk-error-summary__title" id="bulk-failed-title">
            {failed.length === 1
              ? '1 record was not moved'
              : `${countText(failed.length)} records were not moved`}
          </h2>
          <div class="nhsuk-error-summary__body">
            <ul class="nhsuk-list nhsuk-error-summary__list" data-testid="bulk-failed">
              {failed.map((failure) => (
                <li key={failure.id}>
                  <Link href={`${RECORDS_PATH}/${failure.id}`}>
                    {props.references.get(failure.id) ?? recordReference(failure.id)}
                  </Link>
                  : {failure.message}
                </li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}
    </div>
  );
}

type Listing =
  | { state: 'loading' }
  | { state: 'ready'; answer: RecordListResponse }
  | { state: 'failed'; message: string };

function RecordTable(props: {
  records: RecordListItem[];
  showAmount: boolean;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
}) {
  const selectable = props.records.filter((item) => isReviewableType(item.type));
  const allOn = selectable.length > 0 && selectable.every((item) => props.selected.has(item.id));
  return (
    <div class="app-console-table">
      <table class="nhsuk-table" data-testid="console-record-list">
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th class="nhsuk-table__header" scope="col">
              {selectable.length ? (
                <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                  <div class="nhsuk-checkboxes__item">
                    <input
                      class="nhsuk-checkboxes__input"
                      id="select-all"
                      type="checkbox"
                      checked={allOn}
                      onChange={(event) =>
                        props.onSelect(
                          selectable.map((item) => item.id),
                          (event.currentTarget as HTMLInputElement).checked,
                        )
                      }
                    />
                    <label class="nhsuk-label nhsuk-checkboxes__label" for="select-all">
                      <span class="nhsuk-u-visually-hidden">Select every record on this page</span>
                    </label>
                  </div>
                </div>
              ) : (
                <span class="nhsuk-u-visually-hidden">Select</span>
              )}
            </th>
            <th class="nhsuk-table__header" scope="col">
              Reference
            </th>
            <th class="nhsuk-table__header" scope="col">
              Name
            </th>
            <th class="nhsuk-table__header" scope="col">
              Type
            </th>
            <th class="nhsuk-table__header" scope="col">
              Made by
            </th>
            <th class="nhsuk-table__header" scope="col">
              Made on
            </th>
            <th class="nhsuk-table__header" scope="col">
              Review
            </th>
            <th class="nhsuk-table__header" scope="col">
              Eligibility
            </th>
            <th class="nhsuk-table__header" scope="col">
              District
            </th>
            <th class="nhsuk-table__header" scope="col">
              Decile
            </th>
            {props.showAmount ? (
              <th class="nhsuk-table__header" scope="col">
                Amount
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {props.records.map((item) => (
            <tr class="nhsuk-table__row" key={item.id} data-record-id={item.id}>
              <td class="nhsuk-table__cell">
                {isReviewableType(item.type) ? (
                  <div class="nhsuk-checkboxes nhsuk-checkboxes--small">
                    <div class="nhsuk-checkboxes__item">
                      <input
                        class="nhsuk-checkboxes__input"
                        id={`select-${item.id}`}
                        type="checkbox"
                        checked={props.selected.has(item.id)}
                        onChange={(event) =>
                          props.onSelect([item.id], (event.currentTarget as HTMLInputElement).checked)
                        }
                      />
                      <label class="nhsuk-label nhsuk-checkboxes__label" for={`select-${item.id}`}>
                        <span class="nhsuk-u-visually-hidden">Select {item.reference}</span>
                      </label>
                    </div>
                  </div>
                ) : null}
              </td>
              <td class="nhsuk-table__cell app-record-list">
                <Link href={`${RECORDS_PATH}/${item.id}`}>{item.reference}</Link>
              </td>
              <td class="nhsuk-table__cell">{item.displayName ?? 'No name'}</td>
              <td class="nhsuk-table__cell">{RECORD_TYPE_LABELS[item.type].one}</td>
              <td class="nhsuk-table__cell">{item.workerName}</td>
              <td class="nhsuk-table__cell">{shortDate(item.createdAt)}</td>
              <td class="nhsuk-table__cell">
                {item.reviewState ? <ReviewTag decision={item.reviewState} /> : 'Not reviewed'}
              </td>
              <td class="nhsuk-table__cell">{outcomeText(item.eligibility)}</td>
              <td class="nhsuk-table__cell">{districtName(item.districtCode)}</td>
              <td class="nhsuk-table__cell">{item.imdDecile ?? 'Not known'}</td>
              {props.showAmount ? <td class="nhsuk-table__cell">{moneyText(item.amountPence)}</td> : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function RecordsPage() {
  const { query } = useLocation();
  const filters = filtersFrom(query);
  const filterQuery = filterParams(filters).toString();
  const cursor = query.get('cursor');
  const pageNumber = cursor ? Math.max(2, Number(query.get('page')) || 2) : 1;
  const [listing, setListing] = useState<Listing>({ state: 'loading' });
  const [reloads, setReloads] = useState(0);
  const shownPage = useRef<string | null>(null);
  const [selected, setSelected] = useState<Map<string, RecordListItem>>(new Map());
  const [bulkResult, setBulkResult] = useState<BulkReviewResponse | null>(null);

  useEffect(() => {
    let live = true;
    // Read again after a bulk review: the rows stay until the new answer replaces them.
    const pageKey = `${filterQuery}|${cursor}`;
    if (shownPage.current !== pageKey) setListing({ state: 'loading' });
    shownPage.current = pageKey;
    listRecords(filters, { cursor, limit: RECORDS_PAGE_SIZE }).then(
      (answer) => {
        if (!live) return;
        const cursors = seenCursors.get(filterQuery) ?? new Map<number, string | null>();
        cursors.set(pageNumber, cursor);
        seenCursors.set(filterQuery, cursors);
        setListing({ state: 'ready', answer });
      },
      (error) =>
        live &&
        setListing({
          state: 'failed',
          message: error instanceof ConsoleError ? error.message : 'The records could not be loaded.',
        }),
    );
    return () => {
      live = false;
    };
  }, [filterQuery, cursor, reloads]);

  // Another filter set starts a fresh selection.
  useEffect(() => {
    setSelected(new Map());
    setBulkResult(null);
  }, [filterQuery]);

  const references = useMemo(
    () => new Map([...selected.values()].map((item) => [item.id, item.reference])),
    [selected],
  );

  function select(ids: string[], on: boolean) {
    if (listing.state !== 'ready') return;
    const next = new Map(selected);
    for (const id of ids) {
      const item = listing.answer.records.find((record) => record.id === id);
      if (on && item) next.set(id, item);
      else next.delete(id);
    }
    setSelected(next);
  }

  function bulkDone(result: BulkReviewResponse) {
    setBulkResult(result);
    const next = new Map(selected);
    for (const id of result.saved) next.delete(id);
    setSelected(next);
    setReloads((n) => n + 1);
  }

  const answer = listing.state === 'ready' ? listing.answer : null;
  const first = (pageNumber - 1) * RECORDS_PAGE_SIZE + 1;
  const previousCursor = seenCursors.get(filterQuery)?.get(pageNumber - 1);
  return (
    <Page title="Records">
      <FilterForm key={filterQuery} filters={filters} />
      <h2 class="nhsuk-heading-m">Results</h2>
      {bulkResult ? <BulkResult result={bulkResult} references={references} /> : null}
      <p class="nhsuk-body" role="status" data-testid="records-summary">
        {listing.state === 'loading'
          ? 'Loading records…'
          : listing.state === 'failed'
            ? ''
            : answer && answer.total === 0
              ? 'No records match these filters.'
              : answer
                ? `Showing ${countText(first)} to ${countText(first + answer.records.length - 1)} of ${countText(answer.total)} records, newest first.`
                : ''}
      </p>
      {listing.state === 'failed' ? (
        <ErrorSummary title="The records could not be loaded" errors={[{ text: listing.message }]} />
      ) : null}
      {answer?.records.length ? (
        <>
          <RecordTable
            records={answer.records}
            showAmount={filters.type === 'grant-application'}
            selected={new Set(selected.keys())}
            onSelect={select}
          />
          <Pagination
            previous={
              pageNumber > 1
                ? {
                    href: pageHref(filterQuery, pageNumber - 1, previousCursor ?? null),
                    label:
                      previousCursor === undefined && pageNumber > 2
                        ? 'First page'
                        : `Page ${pageNumber - 1}`,
                  }
                : null
            }
            next={
              answer.nextCursor
                ? {
                    href: pageHref(filterQuery, pageNumber + 1, answer.nextCursor),
                    label: `Page ${pageNumber + 1}`,
                  }
                : null
            }
          />
        </>
      ) : null}
      {selected.size ? <BulkReview selected={[...selected.values()]} onDone={bulkDone} /> : null}
      <ExportControls filters={filters} />
    </Page>
  );
}
