// A check's result page: the answer in plain English with every rule's finding, what it rests on (programme and
// data versions), any override beside it, and the override form.
import { CHECK_KIND_LABELS } from '../../../shared/eligibility/check-record';
import { formatIsoDate } from '../../../shared/eligibility/format';
import { type EligibilityResult, effectiveOutcome, OUTCOME_LABELS } from '../../../shared/eligibility/types';
import { Button, ButtonLink } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { InsetText } from '../../components/inset-text';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { FINDING, OUTCOME_COLOURS, StatusTag, Tag } from '../../components/tag';
import { formatDateTime } from '../../shell/format';
import { grantHref } from '../grants/grant-pages';
import { recordReference } from '../record-reference';
import { useStoreAction } from '../signup/use-signup';
import { type CheckRecord, queueFinishedCheck } from './check-store';
import type { EligibilityData } from './eligibility-data';
import { OverrideForm } from './override-form';

export const RULE_LABELS: Record<string, string> = {
  'home-area': 'Where they live',
  deprivation: 'Neighbourhood deprivation',
  age: 'Age',
  'employment-status': 'Employment status',
  'right-to-work': 'Right to work in the UK',
  'organisation-type': 'Type of organisation',
  'annual-income': 'Annual income',
  area: 'Where it works',
  amount: 'Amount requested',
  'spend-dates': 'When the money is spent',
  'received-date': 'When the application was received',
  funds: 'Funds remaining',
};

function summaryOf(result: EligibilityResult, programmeName: string): string {
  if (result.outcome === 'eligible') return `They meet every rule of ${programmeName}.`;
  if (result.outcome === 'not-eligible') {
    const failed = result.reasons.filter((reason) => reason.status === 'not-met').length;
    return `${failed === 1 ? 'One rule is' : `${failed} rules are`} not met, so they are not eligible for ${programmeName}.`;
  }
  return `Some rules cannot be decided from what is known. The central team will review this check.`;
}

const DATA_LABELS: Record<string, string> = {
  imd: 'Deprivation data',
  postcodes: 'Postcode lookup',
  funds: 'Grant funds last heard',
};

/** A data version as people read it: a timestamp (when the funds were last heard) as a UK date and time. */
const readableVersion = (version: string): string =>
  /^\d{4}-\d{2}-\d{2}T/.test(version) && !Number.isNaN(Date.parse(version))
    ? formatDateTime(version)
    : version;

/**
 * Finishing a check is one transaction now, but an older version of the app could leave a finished check as a
 * draft (a crash between its two writes). The worker queues it here, with the result it holds.
 */
function NotQueued(props: { record: CheckRecord }) {
  const { pending, error, run } = useStoreAction();
  return (
    <InsetText>
      <ErrorSummary errors={error ? [{ text: error.message }] : []} />
      <p class="nhsuk-body">This check is finished but was not queued to send to the central team.</p>
      <Button disabled={pending} onClick={() => run(() => queueFinishedCheck(props.record.id))}>
        Send this check
      </Button>
    </InsetText>
  );
}

export function ResultPage(props: { record: CheckRecord; data: EligibilityData; workerName: string }) {
  const { record, data } = props;
  const { payload } = record;
  const result = payload.result;
  if (!result) return null;
  const programmeName =
    payload.kind === 'resident' ? data.programmes.resident.name : data.programmes.grant.name;
  const outcome = effectiveOutcome(result, payload.override);
  return (
    <Page title={`${OUTCOME_LABELS[outcome]}: ${programmeName}`} caption={CHECK_KIND_LABELS[payload.kind]}>
      <p class="nhsuk-body-l">
        <Tag colour={OUTCOME_COLOURS[outcome]}>{OUTCOME_LABELS[outcome]}</Tag>{' '}
        {payload.override ? 'Result recorded by a worker.' : summaryOf(result, programmeName)}
      </p>
      {record.status === 'draft' ? <NotQueued record={record} /> : null}
      {payload.override ? (
        <InsetText>
          {payload.override.by} changed the result to “{OUTCOME_LABELS[payload.override.outcome]}” on{' '}
          {formatDateTime(payload.override.at)}: {payload.override.reason}. The rules’ own answer was “
          {OUTCOME_LABELS[result.outcome]}” and is kept below.
        </InsetText>
      ) : null}
      <h2 class="nhsuk-heading-m">Why</h2>
      <SummaryList
        rows={result.reasons.map((reason) => ({
          key: RULE_LABELS[reason.rule] ?? reason.rule,
          value: (
            <>
              <Tag colour={FINDING[reason.status].colour}>{FINDING[reason.status].text}</Tag>
              <p class="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">{reason.text}</p>
            </>
          ),
        }))}
      />
      <h2 class="nhsuk-heading-m">What this answer rests on</h2>
      <SummaryList
        rows={[
          { key: 'Programme', value: `${programmeName}, settings version ${result.programmeVersion}` },
          { key: 'Checked on', value: formatIsoDate(result.checkedOn) },
          ...Object.entries(result.dataVersions).map(([name, version]) => ({
            key: DATA_LABELS[name] ?? name,
            value: version === null ? 'None on this tablet' : readableVersion(version),
          })),
          { key: 'Reference', value: recordReference(record.id) },
          { key: 'Status', value: <StatusTag status={record.status} /> },
        ]}
      />
      <details class="nhsuk-details">
        <summary class="nhsuk-details__summary">
          <span class="nhsuk-details__summary-text">Record a different result (override)</span>
        </summary>
        <div class="nhsuk-details__text">
          <p class="nhsuk-body">
            Use this when you know something the rules cannot, for example evidence of an address. The rules’
            answer is kept beside yours, with your name and reason.
          </p>
          <OverrideForm record={record} workerName={props.workerName} />
        </div>
      </details>
      <ButtonLink href="/check">Start another check</ButtonLink>
      {payload.source ? (
        <p class="nhsuk-body app-standalone-link">
          <Link
            href={
              payload.source.type === 'grant-application'
                ? grantHref(payload.source.id, 'check-answers')
                : `/records/${payload.source.type}/${payload.source.id}`
            }
          >
            Back to the {payload.source.type === 'signup' ? 'sign-up' : 'grant application'}
          </Link>
        </p>
      ) : null}
    </Page>
  );
}
