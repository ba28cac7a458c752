// One record in the console: what it is and who made it, the review form (the allowed moves, a note, and a reason
// when approving against the server's re-check), the tablet's eligibility result beside the server's re-check, every
// answer labelled as on the tablet (bank details masked until revealed, which the server records), the photos of
// the paper form, and the record's history.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { BankDetails, RecordDetail, RecordEvent } from '../../../shared/console';
import { CHECK_KIND_LABELS, type EligibilityCheckPayload } from '../../../shared/eligibility/check-record';
import { formatIsoDate } from '../../../shared/eligibility/format';
import { type EligibilityResult, OUTCOME_LABELS } from '../../../shared/eligibility/types';
import type { GrantPayload } from '../../../shared/grant/application';
import { RECORD_TYPE_LABELS } from '../../../shared/records';
import { isReviewableType, type ReviewState, reviewStateText } from '../../../shared/review';
import type { SignupPayload } from '../../../shared/signup';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';
import { type ErrorItem, ErrorSummary } from '../../components/error-summary';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { SummaryList, type SummaryRow } from '../../components/summary-list';
import { FINDING, OUTCOME_COLOURS, ReviewTag, Tag } from '../../components/tag';
import { Textarea } from '../../components/textarea';
import { WarningCallout } from '../../components/warning-callout';
import { formatDateTime } from '../../shell/format';
import {
  fetchAttachment,
  getRecordDetail,
  revealBankDetails,
  reviewRecord,
} from '../../sync/console/records';
import { ConsoleError } from '../../sync/console-client';
import { grantAnswerSections } from '../grants/grant-summary';
import { signupAnswerSections } from '../signup/answer-text';
import { districtName, moneyText } from './console-fields';

const RECORDS_PATH = '/coordinator/records';

type Loaded =
  | { state: 'loading' }
  | { state: 'ready'; detail: RecordDetail }
  | { state: 'failed'; error: unknown };

function EligibilityColumn(props: {
  title: string;
  result: EligibilityResult | null;
  none: string;
  testId: string;
}) {
  const { result } = props;
  return (
    <div class="nhsuk-grid-column-one-half" data-testid={props.testId}>
      <h3 class="nhsuk-heading-s">{props.title}</h3>
      {result ? (
        <>
          <p class="nhsuk-body">
            <Tag colour={OUTCOME_COLOURS[result.outcome]}>{OUTCOME_LABELS[result.outcome]}</Tag>
          </p>
          <p class="nhsuk-body-s">
            Checked on {formatIsoDate(result.checkedOn)} with settings version {result.programmeVersion}.
          </p>
          <ul class="nhsuk-list">
            {result.reasons.map((reason) => (
              <li key={`${reason.rule}-${reason.code}`}>
                <Tag colour={FINDING[reason.status].colour}>{FINDING[reason.status].text}</Tag> {reason.text}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <p class="nhsuk-body">{props.none}</p>
      )}
    </div>
  );
}

/** The review codes whose message belongs next to the state's radios (the reason's has its own field). */
const STATE_FIELD_CODES = new Set([
  'review-stale',
  'review-move-refused',
  'pot-exceeded',
  'outside-round',
  'not-reviewable',
]);

function ReviewForm(props: {
  detail: RecordDetail;
  onSaved: (state: ReviewState) => void;
  onStale: () => void;
}) {
  const { detail } = props;
  const [state, setState] = useState('');
  const [note, setNote] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const [pending, setPending] = useState(false);
  // The server may say a reason is needed when this page did not know yet (the re-check changed since loading).
  const [reasonAsked, setReasonAsked] = useState(false);
  const needsReason = state === 'approved' && (detail.approvalNeedsReason || reasonAsked);
  const current = detail.item.reviewState;

  async function submit(event: Event) {
    event.preventDefault();
    const found: ErrorItem[] = [];
    if (!state) found.push({ fieldId: 'review-state', text: 'Choose what to move it to' });
    if (needsReason && !reason.trim())
      found.push({
        fieldId: 'review-reason',
        text: 'Enter why you are approving it when the server’s check does not find it eligible',
      });
    setErrors(found);
    if (found.length) return;
    setPending(true);
    try {
      await reviewRecord(detail.item.id, {
        state: state as ReviewState,
        expected: detail.record.review?.decision ?? null,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(needsReason ? { reason: reason.trim() } : {}),
      });
      setState('');
      setNote('');
      setReason('');
      props.onSaved(state as ReviewState);
    } catch (error) {
      if (!(error instanceof ConsoleError)) {
        setErrors([{ text: 'The review was not saved. Try again.' }]);
      } else if (error.code === 'reason-required') {
        setReasonAsked(true);
        setErrors([{ fieldId: 'review-reason', text: error.message }]);
      } else if (error.code !== null && STATE_FIELD_CODES.has(error.code)) {
        setErrors([{ fieldId: 'review-state', text: error.message }]);
        // Someone else moved it: show the moves allowed from where it is now.
        if (error.code === 'review-stale') props.onStale();
      } else {
        setErrors([{ text: error.message }]);
      }
    } finally {
      setPending(false);
    }
  }

  const errorFor = (id: string) => errors.find((error) => error.fieldId === id)?.text;
  if (detail.allowedMoves.length === 0 && errors.length === 0) {
    return (
      <p class="nhsuk-body" data-testid="review-final">
        {current ? `${reviewStateText(current)} is final: it cannot be moved on.` : 'It cannot be reviewed.'}
      </p>
    );
  }
  return (
    <form onSubmit={submit} noValidate data-testid="review-form">
      <ErrorSummary errors={errors} />
      <Radios
        id="review-state"
        name="review-state"
        legend="Move it to"
        options={detail.allowedMoves.map((move) => ({ value: move, label: reviewStateText(move) }))}
        value={state}
        onValue={setState}
        error={errorFor('review-state')}
      />
      {needsReason ? (
        <Textarea
          id="review-reason"
          label="Why approve it?"
          hint="The server’s eligibility check does not find this application eligible. Say why it should be approved anyway; the reason is kept in its history."
          value={reason}
          onValue={setReason}
          rows={3}
          error={errorFor('review-reason')}
        />
      ) : null}
      <Textarea
        id="review-note"
        label="Note (optional)"
        hint="The worker sees the note on their tablet with the decision."
        value={note}
        onValue={setNote}
        rows={3}
        error={errorFor('review-note')}
      />
      <Button type="submit" disabled={pending}>
        Save review
      </Button>
    </form>
  );
}

/** The paper form's photos: fetched with the coordinator's sign-in, shown from object URLs released on leaving. */
function Photos(props: { photos: RecordDetail['photos'] }) {
  const [urls, setUrls] = useState<(string | null | 'failed')[]>(() => props.photos.map(() => null));
  const key = props.photos.map((photo) => photo.sha256).join();
  useEffect(() => {
    let live = true;
    const made: string[] = [];
    setUrls(props.photos.map(() => null));
    props.photos.forEach((photo, index) => {
      fetchAttachment(photo.sha256).then(
        (blob) => {
          const url = URL.createObjectURL(blob);
          made.push(url);
          if (!live) return URL.revokeObjectURL(url);
          setUrls((now) => now.map((value, i) => (i === index ? url : value)));
        },
        () => live && setUrls((now) => now.map((value, i) => (i === index ? 'failed' : value))),
      );
    });
    return () => {
      live = false;
      for (const url of made) URL.revokeObjectURL(url);
    };
  }, [key]);
  if (props.photos.length === 0) return <p class="nhsuk-body">No photos.</p>;
  return (
    <ol class="app-photos" data-testid="record-photos">
      {props.photos.map((photo, index) => {
        const url = urls[index];
        return (
          <li class="app-photo" key={photo.sha256}>
            <div class="app-photo__image">
              {url && url !== 'failed' ? <img src={url} alt={`Page ${index + 1} of the paper form`} /> : null}
            </div>
            <div>
              <p class="nhsuk-body">Page {index + 1}</p>
              {url === 'failed' ? (
                <p class="nhsuk-body">This photo could not be loaded.</p>
              ) : url ? (
                <p class="nhsuk-body app-standalone-link">
                  <a href={url} target="_blank" rel="noopener">
                    Open page {index + 1} full size
                  </a>
                </p>
              ) : (
                <p class="nhsuk-body">Loading…</p>
              )}
            </div>
          </li>
        );
      })}
    </ol>
  );
}

const EVENT_TEXT: Record<RecordEvent['kind'], (event: RecordEvent) => string> = {
  received: (event) => `Received from the tablet${event.version ? ` (version ${event.version})` : ''}`,
  updated: (event) =>
    `A new version came from the tablet${event.version ? ` (version ${event.version})` : ''}`,
  review: (event) => {
    const to = event.toState ? reviewStateText(event.toState) : 'not reviewed';
    return event.fromState
      ? `Review: ${reviewStateText(event.fromState)} to ${to}`
      : `Review: moved to ${to}`;
  },
  'bank-revealed': () => 'Bank details revealed',
};

function History(props: { events: RecordEvent[] }) {
  if (props.events.length === 0) return <p class="nhsuk-body">Nothing yet.</p>;
  return (
    <table class="nhsuk-table" data-testid="record-history">
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          <th class="nhsuk-table__header" scope="col">
            When
          </th>
          <th class="nhsuk-table__header" scope="col">
            Who
          </th>
          <th class="nhsuk-table__header" scope="col">
            What
          </th>
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {props.events.map((event, index) => (
          <tr class="nhsuk-table__row" key={`${event.at}-${index}`}>
            <td class="nhsuk-table__cell">{formatDateTime(event.at)}</td>
            <td class="nhsuk-table__cell">{event.actorName}</td>
            <td class="nhsuk-table__cell">
              {EVENT_TEXT[event.kind]?.(event) ?? event.kind}
              {event.reason ? (
                <>
                  <br />
                  Reason: {event.reason}
                </>
              ) : null}
              {event.note ? (
                <>
                  <br />
                  Note: {event.note}
                </>
              ) : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

interface Section {
  id: string;
  title: string;
  rows: SummaryRow[];
}

function checkSections(payload: EligibilityCheckPayload | null, name: string | null): Section[] {
  if (!payload?.kind) return [];
  return [
    {
      id: 'check',
      title: CHECK_KIND_LABELS[payload.kind],
      rows: [
        { key: payload.kind === 'resident' ? 'Postcode' : 'Organisation', value: name ?? 'Not given' },
        {
          key: 'Result on the tablet',
          value: payload.result ? OUTCOME_LABELS[payload.result.outcome] : 'Not worked out',
        },
        ...(payload.override
          ? [
              {
                key: 'Changed by a worker',
                value: `${OUTCOME_LABELS[payload.override.outcome]}: ${payload.override.reason} (${payload.override.by})`,
              },
            ]
          : []),
      ],
    },
  ];
}

function answerSections(detail: RecordDetail): Section[] {
  const payload = (detail.record.payload ?? {}) as Record<string, unknown>;
  if (detail.item.type === 'signup') {
    return signupAnswerSections((payload as Partial<SignupPayload>).answers ?? {}, 'worker').map(
      (section) => ({
        id: section.pageId,
        title: section.title,
        rows: section.rows,
      }),
    );
  }
  if (detail.item.type === 'grant-application')
    return grantAnswerSections({ answers: {}, ...(payload as Partial<GrantPayload>) });
  return checkSections(payload as unknown as EligibilityCheckPayload, detail.item.displayName);
}

const BANK_ROWS: { key: keyof BankDetails; label: string }[] = [
  { key: 'accountName', label: 'Name on the account' },
  { key: 'sortCode', label: 'Sort code' },
  { key: 'accountNumber', label: 'Account number' },
  { key: 'buildingSocietyRoll', label: 'Building society roll number' },
];

function BankReveal(props: { id: string; onRevealed: () => void }) {
  const [bank, setBank] = useState<BankDetails | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function reveal() {
    setPending(true);
    setError(null);
    try {
      setBank(await revealBankDetails(props.id));
      props.onRevealed();
    } catch (problem) {
      setError(problem instanceof ConsoleError ? problem.message : 'The bank details could not be shown.');
    } finally {
      setPending(false);
    }
  }
  if (bank) {
    return (
      <div data-testid="bank-revealed">
        <WarningCallout heading="Bank details shown">
          <p>Your name and the time are kept in this record’s history. Do not copy them anywhere else.</p>
        </WarningCallout>
        <SummaryList
          rows={BANK_ROWS.filter((row) => row.key !== 'buildingSocietyRoll' || bank.buildingSocietyRoll).map(
            (row) => ({ key: row.label, value: bank[row.key] ?? 'Not given' }),
          )}
        />
      </div>
    );
  }
  return (
    <div class={error ? 'nhsuk-form-group nhsuk-form-group--error' : 'nhsuk-form-group'}>
      <p class="nhsuk-body">Bank details are masked. Reveal them only to pay the grant; this is recorded.</p>
      {error ? (
        <p class="nhsuk-error-message" id="reveal-bank-error">
          <span class="nhsuk-u-visually-hidden">Error:</span> {error}
        </p>
      ) : null}
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => void reveal()}
        aria-describedby={error ? 'reveal-bank-error' : undefined}
      >
        Reveal bank details
      </Button>
    </div>
  );
}

function Answers(props: { detail: RecordDetail; onRevealed: () => void }) {
  const sections = answerSections(props.detail);
  return (
    <>
      {sections.map((section) => (
        <section key={section.id} data-section={section.id}>
          <h3 class="nhsuk-heading-s">{section.title}</h3>
          <SummaryList rows={section.rows} />
          {section.id === 'bank' ? (
            <BankReveal id={props.detail.item.id} onRevealed={props.onRevealed} />
          ) : null}
        </section>
      ))}
    </>
  );
}

function detailRows(detail: RecordDetail): SummaryRow[] {
  const { item } = detail;
  const rows: (SummaryRow | null)[] = [
    isReviewableType(item.type)
      ? {
          key: 'Review',
          value: item.reviewState ? <ReviewTag decision={item.reviewState} /> : 'Not reviewed',
        }
      : null,
    detail.record.review?.note ? { key: 'Last review note', value: detail.record.review.note } : null,
    { key: 'Made by', value: item.workerName },
    { key: 'Made on the tablet', value: formatDateTime(item.createdAt) },
    { key: 'Received', value: formatDateTime(item.receivedAt) },
    item.type === 'grant-application'
      ? { key: 'Amount requested', value: moneyText(item.amountPence) || 'Not given' }
      : null,
    detail.round ? { key: 'Round', value: detail.round.name } : null,
    { key: 'District', value: districtName(item.districtCode) },
    { key: 'IMD 2025 decile', value: item.imdDecile === null ? 'Not known' : String(item.imdDecile) },
    { key: 'Version', value: String(detail.record.version) },
    { key: 'Record id', value: <code>{item.id}</code> },
  ];
  return rows.filter((row): row is SummaryRow => row !== null);
}

export function RecordPage(props: { id: string }) {
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const [reloads, setReloads] = useState(0);
  const [saved, setSaved] = useState<ReviewState | null>(null);
  useEffect(() => {
    let live = true;
    getRecordDetail(props.id).then(
      (detail) => live && setLoaded({ state: 'ready', detail }),
      (error) => live && setLoaded({ state: 'failed', error }),
    );
    return () => {
      live = false;
    };
  }, [props.id, reloads]);
  const reload = () => setReloads((n) => n + 1);
  const back = <BackLink href={RECORDS_PATH} text="Back to records" />;

  if (loaded.state === 'loading') {
    return (
      <>
        {back}
        <p class="nhsuk-body" role="status">
          Loading the record…
        </p>
      </>
    );
  }
  if (loaded.state === 'failed') {
    const notFound = loaded.error instanceof ConsoleError && [400, 404].includes(loaded.error.status);
    return (
      <>
        {back}
        <Page title={notFound ? 'Record not found' : 'The record could not be loaded'}>
          <p class="nhsuk-body">
            {notFound
              ? 'There is no record with this address on the central service.'
              : loaded.error instanceof ConsoleError
                ? loaded.error.message
                : 'Something went wrong. Try again.'}
          </p>
        </Page>
      </>
    );
  }
  const { detail } = loaded;
  const { item } = detail;
  const label = RECORD_TYPE_LABELS[item.type].one;
  const reviewable = isReviewableType(item.type);
  let review: ComponentChildren = null;
  if (reviewable) {
    review = (
      <section aria-labelledby="review-heading">
        <h2 class="nhsuk-heading-m" id="review-heading">
          Review
        </h2>
        <ReviewForm
          key={item.id}
          detail={detail}
          onSaved={(state) => {
            setSaved(state);
            reload();
          }}
          onStale={reload}
        />
      </section>
    );
  }
  return (
    <>
      {back}
      <Page title={`${label} ${item.reference}`} caption={item.displayName ?? undefined}>
        {saved ? (
          <NotificationBanner success title="Review saved">
            <p class="nhsuk-notification-banner__heading" data-testid="review-saved">
              Moved to {reviewStateText(saved)}. The worker’s tablet shows it after its next sync.
            </p>
          </NotificationBanner>
        ) : null}
        <SummaryList rows={detailRows(detail)} />
        {review}
        <section aria-labelledby="eligibility-heading">
          <h2 class="nhsuk-heading-m" id="eligibility-heading">
            Eligibility
          </h2>
          <div class="nhsuk-grid-row">
            <EligibilityColumn
              title="On the tablet"
              result={detail.tabletEligibility}
              none="No check was recorded on the tablet."
              testId="tablet-eligibility"
            />
            <EligibilityColumn
              title="Checked again by the server now"
              result={detail.serverEligibility}
              none="There is nothing for the server to check."
              testId="server-eligibility"
            />
          </div>
        </section>
        <section aria-labelledby="answers-heading">
          <h2 class="nhsuk-heading-m" id="answers-heading">
            Answers
          </h2>
          <Answers detail={detail} onRevealed={reload} />
        </section>
        {item.type === 'grant-application' || detail.photos.length ? (
          <section aria-labelledby="photos-heading">
            <h2 class="nhsuk-heading-m" id="photos-heading">
              Photos of the paper form
            </h2>
            <Photos photos={detail.photos} />
          </section>
        ) : null}
        <section aria-labelledby="history-heading">
          <h2 class="nhsuk-heading-m" id="history-heading">
            History
          </h2>
          <History events={detail.history} />
        </section>
      </Page>
    </>
  );
}
