// The check answers page's eligibility section: the latest organisation check started from this application, its
// outcome in plain words with a link to it, or a prompt to run one; and the button that starts a check.
import type { ComponentChildren } from 'preact';
import { formatIsoDate } from '../../../shared/eligibility/format';
import { effectiveOutcome, OUTCOME_LABELS, type Outcome } from '../../../shared/eligibility/types';
import { Button } from '../../components/button';
import { Link } from '../../components/link';
import { SummaryList } from '../../components/summary-list';
import { Tag, type TagColour } from '../../components/tag';
import { useLiveQuery } from '../../db/live-query';
import { formatDateTime } from '../../shell/format';
import { type CheckRecord, latestOrganisationCheckFor } from '../eligibility/check-store';
import { checkHref } from '../eligibility/resident-check-pages';
import type { GrantRecord } from './grant-store';

const COLOURS: Record<Outcome, TagColour> = {
  eligible: 'green',
  'not-eligible': 'red',
  'needs-review': 'yellow',
};

const IN_WORDS: Record<Outcome, string> = {
  eligible: 'The organisation meets every rule of the micro-grant.',
  'not-eligible': 'The organisation does not meet every rule of the micro-grant.',
  'needs-review': 'Some rules could not be decided from the answers. The central team will review it.',
};

function Finding(props: { check: CheckRecord }) {
  const { payload } = props.check;
  const result = payload.result;
  if (!result) {
    return (
      <>
        <p class="nhsuk-body">
          An organisation check was started on {formatDateTime(props.check.createdAt)} but not finished.
        </p>
        <p class="nhsuk-body app-standalone-link">
          <Link href={checkHref(props.check.id, payload.resumeAt)}>Finish the organisation check</Link>
        </p>
      </>
    );
  }
  const outcome = effectiveOutcome(result, payload.override);
  const notMet = result.reasons.filter((reason) => reason.status === 'not-met').length;
  const value: ComponentChildren = (
    <>
      <Tag colour={COLOURS[outcome]}>{OUTCOME_LABELS[outcome]}</Tag>
      <p class="nhsuk-body nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0">
        {payload.override
          ? `${payload.override.by} recorded this result: ${payload.override.reason}.`
          : outcome === 'not-eligible'
            ? `${notMet === 1 ? 'One rule is' : `${notMet} rules are`} not met.`
            : IN_WORDS[outcome]}
      </p>
    </>
  );
  return (
    <>
      <SummaryList
        rows={[
          { key: 'Organisation check', value },
          { key: 'Checked on', value: formatIsoDate(result.checkedOn) },
        ]}
      />
      <p class="nhsuk-body app-standalone-link">
        <Link href={checkHref(props.check.id, 'result')}>See the organisation check and why</Link>
      </p>
    </>
  );
}

export function EligibilitySection(props: { record: GrantRecord; pending: boolean; onCheck: () => void }) {
  const { record } = props;
  const latest = useLiveQuery(() => latestOrganisationCheckFor(record), [record.id, record.createdAt]);
  const check = latest.state === 'ready' ? latest.value : undefined;
  return (
    <>
      <h2 class="nhsuk-heading-m" id="section-eligibility" tabIndex={-1}>
        Organisation eligibility
      </h2>
      {latest.state === 'loading' ? null : latest.state === 'failed' ? (
        <p class="nhsuk-body">{latest.error.message}</p>
      ) : check ? (
        <Finding check={check} />
      ) : (
        <p class="nhsuk-body" data-testid="no-eligibility-check">
          The organisation’s eligibility has not been checked yet. Check it against the micro-grant’s rules
          with these answers before submitting.
        </p>
      )}
      {latest.state === 'loading' ? null : (
        <Button variant="secondary" onClick={props.onCheck} disabled={props.pending}>
          {check ? 'Check the organisation’s eligibility again' : 'Check the organisation’s eligibility'}
        </Button>
      )}
    </>
  );
}
