// The grant pot page: each round (newest first) with its pot, requested, approved, paid and remaining, a bar of
// what is approved, and the same by the applicant's district; and the form that opens a new round.
import { useState } from 'preact/hooks';
import type { PotResponse, PotTotals } from '../../../shared/console';
import type { GrantProgramme } from '../../../shared/programmes';
import { ErrorSummary } from '../../components/error-summary';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { fetchPot, GRANT_PROGRAMME_ID } from '../../sync/console/pot';
import { fetchProgrammes } from '../../sync/console/settings';
import { type FieldErrors, summaryItems } from './admin/form-errors';
import { districtName, formatCount, formatDay, formatMoney } from './admin/format';
import { LoadFailed, Loading } from './admin/load-state';
import { NewRoundForm, ROUND_FIELDS } from './admin/new-round-form';
import { useLoaded } from './admin/use-loaded';

type PotRound = PotResponse['rounds'][number];

async function loadPotPage(): Promise<{ pot: PotResponse; grant: GrantProgramme | null }> {
  const [pot, programmes] = await Promise.all([fetchPot(), fetchProgrammes()]);
  const grant = programmes.find(
    (programme): programme is GrantProgramme => programme.id === GRANT_PROGRAMME_ID,
  );
  return { pot, grant: grant ?? null };
}

/** Whole percent of the pot approved, for the bar's words (0 when the pot is empty). */
const percentOf = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

function Totals(props: { totals: PotTotals; id: string }) {
  const { totals } = props;
  return (
    <>
      <SummaryList
        rows={[
          { key: 'Total pot', value: formatMoney(totals.potPence) },
          { key: 'Requested', value: formatMoney(totals.requestedPence) },
          { key: 'Approved (including paid)', value: formatMoney(totals.approvedPence) },
          { key: 'Paid', value: formatMoney(totals.paidPence) },
          { key: 'Remaining', value: formatMoney(totals.remainingPence) },
          { key: 'Applications', value: formatCount(totals.applications) },
        ]}
      />
      <p class="nhsuk-body nhsuk-u-margin-bottom-1" id={`${props.id}-bar-label`}>
        {`Approved: ${formatMoney(totals.approvedPence)} of ${formatMoney(totals.potPence)} (${percentOf(totals.approvedPence, totals.potPence)}%)`}
      </p>
      <meter
        class="app-meter nhsuk-u-margin-bottom-5"
        min={0}
        max={Math.max(totals.potPence, 1)}
        value={Math.min(totals.approvedPence, Math.max(totals.potPence, 1))}
        aria-labelledby={`${props.id}-bar-label`}
      />
    </>
  );
}

/** Districts by name, "Not known" last. */
function byDistrictName(rows: PotRound['byDistrict']): PotRound['byDistrict'] {
  return [...rows].sort((a, b) => {
    if (a.districtCode === null) return 1;
    if (b.districtCode === null) return -1;
    return districtName(a.districtCode).localeCompare(districtName(b.districtCode), 'en-GB');
  });
}

function DistrictTable(props: { round: PotRound }) {
  const rows = byDistrictName(props.round.byDistrict);
  if (rows.length === 0) {
    return <p class="nhsuk-body">No applications have been received in this round yet.</p>;
  }
  return (
    <div class="nhsuk-table-container">
      <table class="nhsuk-table" data-testid={`districts-${props.round.round.id}`}>
        <caption class="nhsuk-table__caption nhsuk-table__caption--s">
          {`${props.round.round.name} by district`}
        </caption>
        <thead class="nhsuk-table__head">
          <tr class="nhsuk-table__row">
            <th scope="col" class="nhsuk-table__header">
              District
            </th>
            <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
              Applications
            </th>
            <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
              Requested
            </th>
            <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
              Approved
            </th>
            <th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">
              Paid
            </th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {rows.map((row) => (
            <tr class="nhsuk-table__row" key={row.districtCode ?? 'unknown'}>
              <th scope="row" class="nhsuk-table__header">
                {districtName(row.districtCode)}
              </th>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{formatCount(row.applications)}</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{formatMoney(row.requestedPence)}</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{formatMoney(row.approvedPence)}</td>
              <td class="nhsuk-table__cell nhsuk-table__cell--numeric">{formatMoney(row.paidPence)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RoundSection(props: { round: PotRound; newest: boolean }) {
  const { round } = props.round;
  const id = `round-${round.id}`;
  return (
    <section aria-labelledby={`${id}-heading`} data-testid={id}>
      <h2 class="nhsuk-heading-m" id={`${id}-heading`}>
        {round.name}
        <span class="nhsuk-caption-m">{`Round ${round.id}${props.newest ? ' (newest)' : ''}`}</span>
      </h2>
      <p class="nhsuk-body">
        {`Paper forms received from ${formatDay(round.applicationWindow.opens)} to ${formatDay(round.applicationWindow.closes)}. Money spent from ${formatDay(round.spendWindow.from)} to ${formatDay(round.spendWindow.to)}.`}
      </p>
      <Totals totals={props.round} id={id} />
      <DistrictTable round={props.round} />
    </section>
  );
}

export function PotPage() {
  const [loaded, reload] = useLoaded(loadPotPage);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [opened, setOpened] = useState<string | null>(null);
  const summary = summaryItems(errors, ROUND_FIELDS);

  return (
    <Page title="Grant pot and rounds" hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      {opened ? (
        <NotificationBanner success title="Round opened">
          <p class="nhsuk-notification-banner__heading">{`${opened} is open.`}</p>
          <p class="nhsuk-body">
            Tablets get it on their next sync. Paper forms received in its window are judged against it.
          </p>
        </NotificationBanner>
      ) : null}
      {loaded.state === 'loading' ? <Loading what="grant pot" /> : null}
      {loaded.state === 'failed' ? (
        <LoadFailed what="grant pot" message={loaded.message} onRetry={() => void reload()} />
      ) : null}
      {loaded.state === 'ready' ? (
        <>
          {loaded.value.pot.rounds.length === 0 ? (
            <p class="nhsuk-body">The micro-grant has no rounds yet. Open the first below.</p>
          ) : (
            loaded.value.pot.rounds.map((round, index) => (
              <RoundSection key={round.round.id} round={round} newest={index === 0} />
            ))
          )}
          <h2 class="nhsuk-heading-m" id="new-round">
            Open a new round
          </h2>
          {loaded.value.grant ? (
            <>
              <p class="nhsuk-body">
                Opening a round saves a new version of the micro-grant settings. Earlier rounds and their pots
                stay as they are.
              </p>
              <NewRoundForm
                version={loaded.value.grant.version}
                errors={errors}
                onErrors={(found) => {
                  setErrors(found);
                  if (Object.keys(found).length > 0) setOpened(null);
                }}
                onOpened={(round) => {
                  setOpened(round.name);
                  void reload();
                }}
                onStale={() => void reload()}
              />
            </>
          ) : (
            <p class="nhsuk-body">There is no grant programme to open a round in.</p>
          )}
        </>
      ) : null}
    </Page>
  );
}
