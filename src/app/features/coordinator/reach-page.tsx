// The coordinator console's reach page: who the programme reaches, as charts with the same numbers in tables
// beneath, for a date range taken from the address (?from=&to=), and the tables as a CSV download.
import { useEffect, useState } from 'preact/hooks';
import type { ReachResponse } from '../../../shared/console';
import { formatIsoDate } from '../../../shared/eligibility/format';
import { type DateParts, type DateProblem, parseDateParts, todayIso } from '../../../shared/validation/uk';
import { Button } from '../../components/button';
import { DateInput } from '../../components/date-input';
import { type ErrorItem, ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { navigate, useLocation } from '../../shell/router';
import { fetchReach } from '../../sync/console/reach';
import { ConsoleError } from '../../sync/console-client';
import { saveFile } from '../backup/save-file';
import { BarChart } from './reach/bar-chart';
import {
  DECILE_AXIS_TITLE,
  DECILE_GROUPS,
  decileLabel,
  decileTick,
  districtLabel,
  type FigureTable,
  formatCell,
  grantTotal,
  NHS_COLOURS,
  partnerLabel,
  reachTables,
  signupShares,
  summaries,
  weeklyGroups,
} from './reach/figures';
import { figuresCsv } from './reach/figures-csv';

type Load =
  | { state: 'loading' }
  | { state: 'loaded'; figures: ReachResponse }
  | { state: 'failed'; message: string; fieldId?: string };

const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

function partsOf(iso: string | null): DateParts {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso) : null;
  return match
    ? { day: match[3] as string, month: match[2] as string, year: match[1] as string }
    : EMPTY_DATE;
}

const DATE_MESSAGES: Record<Exclude<DateProblem, 'missing'>, (label: string) => string> = {
  'missing-day': (label) => `${label} must include a day`,
  'missing-month': (label) => `${label} must include a month`,
  'missing-year': (label) => `${label} must include a year`,
  'not-a-number': (label) => `${label} must be a real date`,
  'year-not-four-digits': (label) => `${label} must be a real date`,
  'not-real': (label) => `${label} must be a real date`,
};

/** A typed date: ISO, nothing (every box empty: no limit), or the problem to show. */
function readDate(parts: DateParts, label: string): { iso: string | null } | { error: string } {
  const parsed = parseDateParts(parts);
  if (parsed.ok) return { iso: parsed.iso };
  if (parsed.problem === 'missing') return { iso: null };
  return { error: DATE_MESSAGES[parsed.problem](label) };
}

function periodText(from: string | null, to: string | null): string {
  if (from && to) return `Records made from ${formatIsoDate(from)} to ${formatIsoDate(to)}.`;
  if (from) return `Records made from ${formatIsoDate(from)} onwards.`;
  if (to) return `Records made up to ${formatIsoDate(to)}.`;
  return 'Every record so far.';
}

const shortDay = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
const weekLabel = (weekStart: string) => shortDay.format(new Date(`${weekStart}T00:00:00Z`));

type DateErrors = { from?: string; to?: string };

/** The errors of the date form, for the page's one error summary. */
const dateErrorItems = (errors: DateErrors): ErrorItem[] => [
  ...(errors.from ? [{ fieldId: 'reach-from', text: errors.from }] : []),
  ...(errors.to ? [{ fieldId: 'reach-to', text: errors.to }] : []),
];

function DateRangeForm(props: {
  from: string | null;
  to: string | null;
  path: string;
  errors: DateErrors;
  onErrors: (errors: DateErrors) => void;
}) {
  const [from, setFrom] = useState(partsOf(props.from));
  const [to, setTo] = useState(partsOf(props.to));
  const { errors, onErrors } = props;
  useEffect(() => {
    setFrom(partsOf(props.from));
    setTo(partsOf(props.to));
    onErrors({});
  }, [props.from, props.to]);

  const submit = (event: Event) => {
    event.preventDefault();
    const start = readDate(from, 'The start date');
    const end = readDate(to, 'The end date');
    const found: DateErrors = {};
    if ('error' in start) found.from = start.error;
    if ('error' in end) found.to = end.error;
    if ('iso' in start && 'iso' in end && start.iso && end.iso && end.iso < start.iso) {
      found.to = 'The end date must be the same as or after the start date';
    }
    onErrors(found);
    if (!('iso' in start) || !('iso' in end) || found.to) return;
    const query = new URLSearchParams();
    if (start.iso) query.set('from', start.iso);
    if (end.iso) query.set('to', end.iso);
    const search = query.toString();
    navigate(`${props.path}${search ? `?${search}` : ''}`);
  };

  return (
    <form class="nhsuk-u-margin-bottom-6" onSubmit={submit} noValidate>
      <h2 class="nhsuk-heading-m">Choose the dates</h2>
      <p class="nhsuk-body">
        Count the records made on tablets between two dates. Leave a date empty to count from the first record
        or up to today ({formatIsoDate(todayIso())}).
      </p>
      <DateInput
        id="reach-from"
        legend="From"
        hint="For example, 1 11 2026"
        value={from}
        onValue={setFrom}
        error={errors.from}
      />
      <DateInput
        id="reach-to"
        legend="To"
        hint="For example, 30 11 2026"
        value={to}
        onValue={setTo}
        error={errors.to}
      />
      <Button type="submit">Show the figures</Button>{' '}
      {props.from || props.to ? (
        <a
          class="nhsuk-link nhsuk-body"
          href={props.path}
          onClick={(event) => {
            event.preventDefault();
            navigate(props.path);
          }}
        >
          Show every record
        </a>
      ) : null}
    </form>
  );
}

function FigureTableView(props: { table: FigureTable }) {
  const { table } = props;
  return (
    <table class="nhsuk-table" data-testid={`reach-table-${table.id}`}>
      <caption class="nhsuk-table__caption nhsuk-table__caption--s">{table.caption}</caption>
      <thead class="nhsuk-table__head">
        <tr class="nhsuk-table__row">
          {table.columns.map((column) => (
            <th
              key={column.label}
              scope="col"
              class={`nhsuk-table__header${column.kind === 'text' ? '' : ' nhsuk-table__header--numeric'}`}
            >
              {column.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody class="nhsuk-table__body">
        {table.rows.map((row) => (
          <tr class="nhsuk-table__row" key={String(row[0])}>
            {row.map((cell, index) => {
              const column = table.columns[index] ?? { label: '', kind: 'text' as const };
              const text = formatCell(cell, column.kind);
              const content =
                cell === null ? (
                  <>
                    <span aria-hidden="true">{text}</span>
                    <span class="nhsuk-u-visually-hidden">not applicable</span>
                  </>
                ) : (
                  text
                );
              return index === 0 ? (
                <th key={column.label} scope="row" class="nhsuk-table__header">
                  {content}
                </th>
              ) : (
                <td
                  key={column.label}
                  class={`nhsuk-table__cell${column.kind === 'text' ? '' : ' nhsuk-table__cell--numeric'}`}
                >
                  {content}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Figures(props: { figures: ReachResponse }) {
  const { figures } = props;
  const tables = Object.fromEntries(reachTables(figures).map((table) => [table.id, table])) as Record<
    string,
    FigureTable
  >;
  const table = (id: string) => (tables[id] ? <FigureTableView table={tables[id]} /> : null);
  const shares = signupShares(figures);
  const knownDeciles = figures.signups.byDecile.filter((row) => row.decile !== null);
  const grantsByDistrict = figures.grants.byDistrict.map((row) => ({
    ...row,
    label: districtLabel(row.districtCode),
  }));
  const grantsByDecile = figures.grants.byDecile.map((row) => ({ ...row, label: decileLabel(row.decile) }));
  const hasSignups = figures.signups.total > 0;
  return (
    <>
      {hasSignups ? (
        <>
          <h2 class="nhsuk-heading-m">Sign-ups by how deprived their neighbourhood is</h2>
          <p class="nhsuk-body">
            Decile 1 is the 10% most deprived neighbourhoods in England (English Indices of Deprivation 2025).
            The population is that of the nine districts of Mid and South Essex (mid-2022 estimates), so each
            pair of bars shows whether sign-ups come from a decile more often than its people do.
          </p>
          <BarChart
            label={summaries.deciles(figures)}
            categories={knownDeciles.map((row) => decileTick(row.decile))}
            categoryTitle={DECILE_AXIS_TITLE}
            series={[
              {
                label: 'Sign-ups with a known neighbourhood (%)',
                values: knownDeciles.map((_, index) => (shares[index] ?? 0) * 100),
                colour: NHS_COLOURS.blue,
              },
              {
                label: 'Population of Mid and South Essex (%)',
                values: knownDeciles.map((row) => (row.populationShare ?? 0) * 100),
                colour: NHS_COLOURS.grey,
              },
            ]}
            format="percent"
          />
          {table('deciles')}

          <h2 class="nhsuk-heading-m">Sign-ups per week</h2>
          <BarChart
            label={summaries.weeks(figures)}
            categories={weeklyGroups(figures).map((week) => weekLabel(week.weekStart))}
            series={DECILE_GROUPS.map((group, index) => ({
              label: group.label,
              values: weeklyGroups(figures).map((week) => week.counts[index] ?? 0),
              colour: group.colour,
            }))}
            format="count"
            stacked
          />
          {table('weeks')}

          <h2 class="nhsuk-heading-m">Sign-ups by district</h2>
          <BarChart
            label={summaries.districts(figures)}
            categories={figures.signups.byDistrict.map((row) => districtLabel(row.districtCode))}
            series={[
              {
                label: 'Sign-ups',
                values: figures.signups.byDistrict.map((row) => row.count),
                colour: NHS_COLOURS.blue,
              },
            ]}
            format="count"
            horizontal
            aspectRatio={1.5}
          />
          {table('districts')}

          <h2 class="nhsuk-heading-m">Referrals to partners</h2>
          <BarChart
            label={summaries.referrals(figures)}
            categories={figures.referrals.map((row) => partnerLabel(row.partner))}
            series={[
              {
                label: 'Sign-ups asking for support',
                values: figures.referrals.map((row) => row.count),
                colour: NHS_COLOURS.purple,
              },
            ]}
            format="count"
            horizontal
            aspectRatio={1.8}
          />
          {table('referrals')}
        </>
      ) : (
        <p class="nhsuk-body">No sign-ups yet in this period.</p>
      )}

      <h2 class="nhsuk-heading-m">Grant applications</h2>
      {grantTotal(figures) > 0 ? (
        <>
          <p class="nhsuk-body">By where the organisation is (its address’s postcode).</p>
          <h3 class="nhsuk-heading-s">By district</h3>
          <BarChart
            label={summaries.grants(grantsByDistrict, 'district')}
            categories={grantsByDistrict.map((row) => row.label)}
            series={[
              {
                label: 'Requested',
                values: grantsByDistrict.map((row) => row.requestedPence),
                colour: NHS_COLOURS.blue,
              },
              {
                label: 'Approved',
                values: grantsByDistrict.map((row) => row.approvedPence),
                colour: NHS_COLOURS.green,
              },
            ]}
            format="money"
            horizontal
            aspectRatio={1.5}
          />
          {table('grant-districts')}
          <h3 class="nhsuk-heading-s">By deprivation decile</h3>
          <BarChart
            label={summaries.grants(grantsByDecile, 'IMD 2025 decile')}
            categories={grantsByDecile.map((row) => decileTick(row.decile))}
            categoryTitle={DECILE_AXIS_TITLE}
            series={[
              {
                label: 'Requested',
                values: grantsByDecile.map((row) => row.requestedPence),
                colour: NHS_COLOURS.blue,
              },
              {
                label: 'Approved',
                values: grantsByDecile.map((row) => row.approvedPence),
                colour: NHS_COLOURS.green,
              },
            ]}
            format="money"
          />
          {table('grant-deciles')}
        </>
      ) : (
        <p class="nhsuk-body">No grant applications in this period.</p>
      )}
    </>
  );
}

/** The figures not read: the server's words, linked to the date it refused (its details name `from` or `to`). */
function failure(error: unknown): Load {
  if (!(error instanceof ConsoleError)) {
    return { state: 'failed', message: 'The figures could not be read. Reload the page to try again.' };
  }
  const path = Array.isArray(error.details) ? (error.details[0] as { path?: unknown })?.path : undefined;
  return {
    state: 'failed',
    message: error.message,
    ...(path === 'from' || path === 'to' ? { fieldId: `reach-${path}` } : {}),
  };
}

export function ReachPage() {
  const location = useLocation();
  const from = location.query.get('from');
  const to = location.query.get('to');
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [downloadProblem, setDownloadProblem] = useState<string | null>(null);
  const [dateErrors, setDateErrors] = useState<DateErrors>({});

  useEffect(() => {
    let live = true;
    setLoad({ state: 'loading' });
    fetchReach({ from: from ?? undefined, to: to ?? undefined }).then(
      (figures) => live && setLoad({ state: 'loaded', figures }),
      (error: unknown) => live && setLoad(failure(error)),
    );
    return () => {
      live = false;
    };
  }, [from, to]);

  const download = async (figures: ReachResponse) => {
    setDownloadProblem(null);
    try {
      const blob = await figuresCsv(
        `Anchor Outreach reach figures. ${periodText(figures.from, figures.to)}`,
        reachTables(figures),
      );
      saveFile(blob, `reach-${figures.from ?? 'start'}-to-${figures.to ?? todayIso()}.csv`);
    } catch {
      setDownloadProblem('The CSV file could not be made. Reload the page and try again.');
    }
  };

  const empty = load.state === 'loaded' && load.figures.signups.total === 0 && grantTotal(load.figures) === 0;
  // One error summary for the page: the dates typed, the figures not read, the file not made.
  const problems: ErrorItem[] = [
    ...dateErrorItems(dateErrors),
    ...(load.state === 'failed' ? [{ text: load.message, fieldId: load.fieldId }] : []),
    ...(downloadProblem ? [{ text: downloadProblem }] : []),
  ];
  return (
    <Page title="Reach" caption="Coordinator console" hasErrors={problems.length > 0}>
      <ErrorSummary errors={problems} />
      <p class="nhsuk-body-l">
        Who the programme reaches: sign-ups and grant applications by how deprived the neighbourhood is, by
        district and by week, and the partners residents ask for.
      </p>
      <DateRangeForm from={from} to={to} path={location.path} errors={dateErrors} onErrors={setDateErrors} />
      <p class="nhsuk-body" data-testid="reach-period">
        <strong>{periodText(from, to)}</strong>
      </p>
      {load.state === 'loading' ? (
        <p class="nhsuk-body" role="status">
          Loading the figures…
        </p>
      ) : null}
      {empty ? <p class="nhsuk-body">No sign-ups yet in this period.</p> : null}
      {load.state === 'loaded' && !empty ? (
        <>
          <Button variant="secondary" onClick={() => download(load.figures)}>
            Download these figures (CSV)
          </Button>
          <Figures figures={load.figures} />
        </>
      ) : null}
    </Page>
  );
}
