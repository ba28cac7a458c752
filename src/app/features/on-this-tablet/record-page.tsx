// One record on this tablet: its envelope (status, times, who and where), its attachments and its answers.
import { RECORD_TYPE_LABELS, type RecordType } from '../../../shared/records';
import type { SignupPayload } from '../../../shared/signup';
import { BackLink } from '../../components/back-link';
import { ButtonLink } from '../../components/button';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { StatusTag } from '../../components/tag';
import { listAttachments } from '../../db/attachments';
import { useLiveQuery } from '../../db/live-query';
import { getRecord, type LocalRecord } from '../../db/records';
import { formatBytes, formatDateTime } from '../../shell/format';
import { StartCheckFromSignup } from '../eligibility/start-check-button';
import { recordReference } from '../record-reference';
import { StoreProblem } from '../store-problem';
import { ConflictChoice } from './conflict-choice';

function answerText(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'Not given';
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return JSON.stringify(value, null, 2);
}

export function RecordPage(props: { type: RecordType; id: string }) {
  const record = useLiveQuery(() => getRecord(props.type, props.id), [props.type, props.id]);
  const attachments = useLiveQuery(() => listAttachments(props.id), [props.id]);
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
      <Page title={`${label} ${recordReference(value.id)}`}>
        <SummaryList
          rows={[
            { key: 'Status', value: <StatusTag status={value.status} /> },
            ...(value.problem ? [{ key: 'Problem', value: value.problem.message }] : []),
            { key: 'Started', value: formatDateTime(value.createdAt) },
            { key: 'Last changed', value: formatDateTime(value.updatedAt) },
            { key: 'Made by', value: value.workerId ?? 'Nobody was signed in' },
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
        {Object.keys(payload).length === 0 ? (
          <p class="nhsuk-body">No answers yet.</p>
        ) : (
          <SummaryList
            rows={Object.entries(payload).map(([key, answer]) => ({
              key,
              value: <span class="app-payload">{answerText(answer)}</span>,
            }))}
          />
        )}
      </Page>
    </>
  );
}
