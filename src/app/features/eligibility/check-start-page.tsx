// /check: start a resident or organisation eligibility check, with each programme's current settings on screen.

import { formatIsoDate, formatPence } from '../../../shared/eligibility/format';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../../shared/programmes';
import { EMPLOYMENT_STATUSES } from '../../../shared/signup';
import { Button } from '../../components/button';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { useLiveQuery } from '../../db/live-query';
import { readProgrammes } from '../../db/reference';
import { formatDateTime } from '../../shell/format';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { StoreProblem } from '../store-problem';
import { startOrganisationCheck, startResidentCheck } from './check-store';

const statusLabel = (value: string) =>
  EMPLOYMENT_STATUSES.find((option) => option.value === value)?.label ?? value;
const districtName = (code: string) =>
  MID_AND_SOUTH_ESSEX_DISTRICTS[code as keyof typeof MID_AND_SOUTH_ESSEX_DISTRICTS] ?? code;

export function CheckStartPage() {
  const programmes = useLiveQuery(readProgrammes, []);
  const { pending, error, run } = useStoreAction();
  if (programmes.state === 'loading') return null;
  if (programmes.state === 'failed') return <StoreProblem error={programmes.error} />;
  const { resident, grant, receivedAt } = programmes.value;
  const start = async (kind: 'resident' | 'organisation') => {
    const record = await run(() => (kind === 'resident' ? startResidentCheck() : startOrganisationCheck()));
    if (record) navigate(`/check/${record.id}/${kind === 'resident' ? 'home' : 'organisation'}`);
  };
  return (
    <Page title="Check eligibility">
      <p class="nhsuk-body">
        Checks work without a connection. Each one is saved on this tablet with the rules and data that gave
        its answer, and sent to the central team.
      </p>
      <p class="nhsuk-body">
        {receivedAt
          ? `Settings from the central team, received ${formatDateTime(receivedAt)}.`
          : 'This tablet has not synced yet, so these are the settings the app was released with.'}
      </p>
      {error ? <p class="nhsuk-error-message">{error.message}</p> : null}

      <h2 class="nhsuk-heading-m">{resident.name}: residents</h2>
      <SummaryList
        rows={[
          { key: 'Lives in', value: districtName(resident.localAuthorityCode) },
          {
            key: 'Neighbourhood',
            value: `In deciles 1 to ${resident.maxImdDecile} of the English Indices of Deprivation 2025 (the most deprived ${resident.maxImdDecile * 10}% in England)`,
          },
          { key: 'Age', value: `${resident.minimumAge} or over on the day of the check` },
          {
            key: 'Employment status',
            value: resident.acceptedEmploymentStatuses.map(statusLabel).join('; '),
          },
          { key: 'Right to work', value: 'Declared, with the type of evidence seen and the date' },
          { key: 'Settings version', value: String(resident.version) },
        ]}
      />
      <Button onClick={() => start('resident')} disabled={pending}>
        Check a resident
      </Button>

      <h2 class="nhsuk-heading-m">{grant.name}: organisations</h2>
      <SummaryList
        rows={[
          { key: 'Organisation', value: 'Voluntary, community, faith or social enterprise' },
          { key: 'Annual income', value: `Under ${formatPence(grant.incomeLimitPence)}` },
          { key: 'Works in', value: grant.districtCodes.map(districtName).join(', ') },
          {
            key: 'Amount',
            value: `${formatPence(grant.minAmountPence)} to ${formatPence(grant.maxAmountPence)}`,
          },
          {
            key: 'Applications received',
            value: `${formatIsoDate(grant.applicationWindow.opens)} to ${formatIsoDate(grant.applicationWindow.closes)}`,
          },
          {
            key: 'Money spent',
            value: `${formatIsoDate(grant.spendWindow.from)} to ${formatIsoDate(grant.spendWindow.to)}`,
          },
          { key: 'Pot', value: formatPence(grant.potPence) },
          { key: 'Settings version', value: String(grant.version) },
        ]}
      />
      <Button onClick={() => start('organisation')} disabled={pending}>
        Check an organisation
      </Button>
    </Page>
  );
}
