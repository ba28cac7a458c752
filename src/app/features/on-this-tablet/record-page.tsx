// One record on this tablet: its envelope (status, times, who and where), the central team's review, its
// attachments, and its answers as its flow's check-answers page shows them (or the receipt left after purging).
import { CHECK_KIND_LABELS, type EligibilityCheckPayload } from '../../../shared/eligibility/check-record';
import { effectiveOutcome, OUTCOME_LABELS } from '../../../shared/eligibility/types';
import type { GrantPayload } from '../../../shared/grant/application';
import { RECORD_TYPE_LABELS, type RecordType } from '../../../shared/records';
import type { SignupPayload } from '../../../shared/signup';
import { BackLink } from '../../components/back-link';
import { ButtonLink } from '../../components/button';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { ReviewTag, reviewDecisionText, StatusTag } from '../../components/tag';
import { listAttachments } from '../../db/attachments';
import { useLiveQuery } from '../../db/live-query';
import { getRecord, type LocalRecord } from '../../db/records';
import { readSession, type Session } from '../../db/session';
import { formatBytes, formatDateTime } from '../../shell/format';
import { StartCheckFromSignup } from '../eligibility/start-check-button';
import { grantAnswerSections } from '../grants/grant-summary';
import { recordReference } from '../record-reference';
import { signupAnswerSections } from '../signup/answer-text';
import { StoreProblem } from '../store-problem';
import { ConflictChoice } from './conflict-choice';
import { displayName } from './display-name';

/** Who made the record: the tablet knows only its own session's username. */
function madeBy(workerId: string | null, session: Session | undefined): string {
  if (workerId === null) return 'Nobody was signed in';
  return session?.user.id === workerId ? session.user.username : 'Another worker';
}

function Answers(props: { record: LocalRecord }) {
  const { record } = props;
  if (record.status === 'purged') {
    const sentAt = (record.payload as { receipt?: { sentAt?: string | null } } | null)?.receipt?.sentAt;
    const sent = sentAt ?? record.acknowledgedAt;
    return (
      <p class="nhsuk-body">
        {sent ? `Sent to the central team on ${formatDateTime(sent)}. ` : 'Sent to the central team. '}
        Its answers {record.type === 'grant-application' ? 'and photos ' : ''}were removed from this tablet
        {record.purgedAt ? ` on ${formatDateTime(record.purgedAt)}` : ''}.
      </p>
    );
  }
  const sections =
    record.type === 'signup'
      ? signupAnswerSections((record.payload as Partial<SignupPayload> | null)?.answers ?? {}, 'worker').map(
          (section) => ({ id: section.pageId, title: section.title, rows: section.rows }),
        )
      : record.type === 'grant-application'
        ? grantAnswerSections({ answers: {}, ...(record.payload as Partial<GrantPayload>) })
        : checkSections(record.payload as EligibilityCheckPayload);
  return (
    <>
      {sections.map((section) => (
        <section key={section.id}>
          <h3 class="nhsuk-heading-s">{section.title}</h3>
          <SummaryList rows={section.rows} />
        </section>
      ))}
    </>
  );
}

/** An eligibility check: which check, whose, and its result (the result page shows every rule's finding). */
function checkSections(payload: EligibilityCheckPayload | null) {
  if (!payload?.kind) return [];
  const result = payload.result;
  return [
    {
      id: 'check',
      title: CHECK_KIND_LABELS[payload.kind],
      rows: [
        {
          key: payload.kind === 'resident' ? 'Postcode' : 'Organisation',
          value: displayName({ type: 'eligibility-check', payload }),
        },
        {
          key: 'Result',
          value: result ? OUTCOME_LABELS[effectiveOutcome(result, payload.override)] : 'Not worked out yet',
        },
        ...(payload.override
          ? [{ key: 'Changed by a worker', value: `${payload.override.by}: ${payload.override.reason}` }]
          : []),
      ],
    },
  ];
}

export function RecordPage(props: { type: RecordType; id: string }) {
  const record = useLiveQuery(() => getRecord(props.type, props.id), [props.type, props.id]);
  const attachments = useLiveQuery(() => listAttachments(props.id), [props.id]);
  const session = useLiveQuery(readSession, []);
  const label = RECORD_TYPE_LABELS[props.type].one;
  const back = (
    <BackLink
      href={`/records?type=${props.type}`}
      text={`Back to ${RECORD_TYPE_LABELS[props.type].many.toLowerCase()}`}
    />
  );
  if (record.state === 'loading') return back;
  if (record.state === 'failed')
    return (
      <>
        {back}
        <StoreProblem error={record.error} />
      </>
    );
  if (!record.value) {
    return (
      <>
        {back}
        <Page title={`${label} not found`}>
          <p class="nhsuk-body">
            This record is not on this tablet. It may have been removed after it was sent.
          </p>
        </Page>
      </>
    );
  }
  const value = record.value;
  const payload =
    value.payload && typeof value.payload === 'object' ? (value.payload as Record<string, unknown>) : {};
  return (
    <>
      {back}
      <Page title={`${label} ${recordReference(value.id)}`} caption={displayName(value)}>
        <SummaryList
          rows={[
            { key: 'Status', value: <StatusTag status={value.status} /> },
            ...(value.review
              ? [{ key: 'Central team’s review', value: <ReviewTag decision={value.review.decision} /> }]
              : []),
            ...(value.problem ? [{ key: 'Problem', value: value.problem.message }] : []),
            { key: 'Started', value: formatDateTime(value.createdAt) },
            { key: 'Last changed', value: formatDateTime(value.updatedAt) },
            {
              key: 'Made by',
              value: session.state === 'ready' ? madeBy(value.workerId, session.value) : '…',
            },
            { key: 'Made on tablet', value: recordReference(value.deviceId) },
            { key: 'Version', value: String(value.version) },
            { key: 'Record id', value: <code>{value.id}</code> },
            {
              key: 'Attachments',
              value:
                attachments.state === 'ready'
                  ? attachments.value.length === 0
                    ? 'None'
                    : `${attachments.value.length} (${formatBytes(attachments.value.reduce((sum, a) => sum + a.size, 0))})`
                  : '…',
            },
          ]}
        />
        {value.review ? (
          <section aria-labelledby="review-heading">
            <h2 class="nhsuk-heading-m" id="review-heading">
              The central team’s review
            </h2>
            <SummaryList
              rows={[
                { key: 'Decision', value: reviewDecisionText(value.review.decision) },
                { key: 'Note', value: value.review.note?.trim() ? value.review.note : 'No note' },
                { key: 'Decided', value: formatDateTime(value.review.decidedAt) },
              ]}
            />
          </section>
        ) : null}
        {value.conflict ? <ConflictChoice record={value} /> : null}
        {value.type === 'signup' && value.status === 'draft' ? (
          <ButtonLink href={`/signup/${value.id}/${(payload as { resumeAt?: string }).resumeAt ?? 'name'}`}>
            Continue this sign-up
          </ButtonLink>
        ) : null}
        {value.type === 'eligibility-check' ? (
          <ButtonLink href={`/check/${value.id}/${(payload as { resumeAt?: string }).resumeAt ?? 'home'}`}>
            {(payload as { result?: unknown }).result ? 'See the result' : 'Continue this check'}
          </ButtonLink>
        ) : null}
        {value.type === 'grant-application' &&
        (value.status === 'draft' || value.status === 'needs-attention') &&
        !value.conflict ? (
          <ButtonLink
            href={`/grants/${value.id}/${value.status === 'draft' ? ((payload as { resumeAt?: string }).resumeAt ?? 'received') : 'check-answers'}`}
          >
            {value.status === 'draft' ? 'Continue this application' : 'Correct this application'}
          </ButtonLink>
        ) : null}
        {value.type === 'signup' && value.status !== 'draft' ? (
          <StartCheckFromSignup signup={value as LocalRecord<SignupPayload>} secondary />
        ) : null}
        {value.type === 'signup' && value.status === 'needs-attention' && !value.conflict ? (
          <ButtonLink href={`/signup/${value.id}/check-answers`}>Correct this sign-up</ButtonLink>
        ) : null}
        <h2 class="nhsuk-heading-m">Answers</h2>
        <Answers record={value} />
      </Page>
    </>
  );
}
