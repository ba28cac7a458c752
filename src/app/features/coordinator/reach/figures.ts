// The reach figures as tables (the rows the page shows under each chart and writes to the CSV), the decile groups
// and labels the charts use, and each chart's one-sentence summary for its aria-label. Pure.
import { REACH_PARTNERS, type ReachResponse } from '../../../../shared/console';
import { formatIsoDate, formatPence } from '../../../../shared/eligibility/format';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../../../shared/programmes';
import { PARTNER_SUPPORT } from '../../../../shared/signup';

/**
 * NHS.UK colours (service manual, colours), each at least 3:1 against the page's background so bars stand out
 * (WCAG 1.4.11); a series keeps its colour on every chart.
 */
export const NHS_COLOURS = {
  blue: '#005eb8',
  purple: '#330072',
  green: '#007f3b',
  grey: '#768692',
  text: '#212b32',
} as const;

/** The week chart's stacks: the most deprived fifth first, then the next, the rest, and not known. */
export const DECILE_GROUPS = [
  { label: 'Deciles 1 and 2 (most deprived)', short: '1 and 2', deciles: [1, 2], colour: NHS_COLOURS.purple },
  { label: 'Deciles 3 and 4', short: '3 and 4', deciles: [3, 4], colour: NHS_COLOURS.blue },
  { label: 'Deciles 5 to 10', short: '5 to 10', deciles: [5, 6, 7, 8, 9, 10], colour: NHS_COLOURS.green },
  { label: 'Neighbourhood not known', short: 'Not known', deciles: [null], colour: NHS_COLOURS.grey },
] as const;

export type ColumnKind = 'text' | 'count' | 'percent' | 'money';
/** A cell: text, a count, a share from 0 to 1, or pence; null where the figure does not apply. */
export type Cell = string | number | null;

export interface FigureTable {
  id: string;
  caption: string;
  columns: { label: string; kind: ColumnKind }[];
  rows: Cell[][];
}

export const decileLabel = (decile: number | null): string =>
  decile === null
    ? 'Not known'
    : decile === 1
      ? '1 (most deprived)'
      : decile === 10
        ? '10 (least deprived)'
        : String(decile);

/** A decile on a chart's axis, whose title says which end is which. */
export const decileTick = (decile: number | null): string => (decile === null ? 'Not known' : String(decile));
export const DECILE_AXIS_TITLE = 'IMD 2025 decile (1 is the most deprived)';

const DISTRICT_NAMES: Record<string, string> = MID_AND_SOUTH_ESSEX_DISTRICTS;
export const districtLabel = (code: string | null): string =>
  code === null ? 'Not known' : (DISTRICT_NAMES[code] ?? code);

const PARTNER_LABELS: Record<string, string> = Object.fromEntries(
  REACH_PARTNERS.map((partner) => [partner.value, partner.label]),
);
const PARTNER_OFFERS: Record<string, string> = Object.fromEntries(
  PARTNER_SUPPORT.map((option) => [option.value, option.label]),
);
export const partnerLabel = (value: string): string => PARTNER_LABELS[value] ?? value;

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

/** Each decile's share of the sign-ups whose neighbourhood is known (0 to 1); null when none is known. */
export function signupShares(figures: ReachResponse): (number | null)[] {
  const known = sum(figures.signups.byDecile.filter((row) => row.decile !== null).map((row) => row.count));
  return figures.signups.byDecile.map((row) =>
    row.decile === null || known === 0 ? null : row.count / known,
  );
}

/** Sign-ups per week in the four decile groups (DECILE_GROUPS order). */
export function weeklyGroups(figures: ReachResponse): { weekStart: string; counts: number[] }[] {
  return figures.signups.byWeek.map((week) => ({
    weekStart: week.weekStart,
    counts: DECILE_GROUPS.map((group) =>
      sum(
        week.byDecile
          .filter((row) => (group.deciles as readonly (number | null)[]).includes(row.decile))
          .map((row) => row.count),
      ),
    ),
  }));
}

export const grantTotal = (figures: ReachResponse): number =>
  sum(figures.grants.byDistrict.map((row) => row.count));

/** The tables under the charts, in page order; the CSV holds the same. */
export function reachTables(figures: ReachResponse): FigureTable[] {
  const shares = signupShares(figures);
  return [
    {
      id: 'deciles',
      caption: 'Sign-ups by IMD 2025 decile of their neighbourhood, beside the population in each decile',
      columns: [
        { label: 'Decile', kind: 'text' },
        { label: 'Sign-ups', kind: 'count' },
        { label: 'Share of sign-ups with a known neighbourhood', kind: 'percent' },
        { label: 'Share of the population of Mid and South Essex', kind: 'percent' },
      ],
      rows: figures.signups.byDecile.map((row, index) => [
        decileLabel(row.decile),
        row.count,
        shares[index] ?? null,
        row.populationShare,
      ]),
    },
    {
      id: 'weeks',
      caption: 'Sign-ups per week (weeks begin on Monday), by decile group',
      columns: [
        { label: 'Week beginning', kind: 'text' },
        ...DECILE_GROUPS.map((group) => ({ label: group.label, kind: 'count' as const })),
        { label: 'All sign-ups', kind: 'count' },
      ],
      rows: weeklyGroups(figures).map((week) => [
        formatIsoDate(week.weekStart),
        ...week.counts,
        sum(week.counts),
      ]),
    },
    {
      id: 'districts',
      caption: 'Sign-ups by district',
      columns: [
        { label: 'District', kind: 'text' },
        { label: 'Sign-ups', kind: 'count' },
      ],
      rows: figures.signups.byDistrict.map((row) => [districtLabel(row.districtCode), row.count]),
    },
    {
      id: 'referrals',
      caption: 'Sign-ups asking for each partner’s support',
      columns: [
        { label: 'Partner', kind: 'text' },
        { label: 'Support offered', kind: 'text' },
        { label: 'Sign-ups', kind: 'count' },
      ],
      rows: figures.referrals.map((row) => [
        partnerLabel(row.partner),
        PARTNER_OFFERS[row.partner] ?? '',
        row.count,
      ]),
    },
    {
      id: 'grant-districts',
      caption: 'Grant applications by district of the organisation’s address',
      columns: [
        { label: 'District', kind: 'text' },
        { label: 'Applications', kind: 'count' },
        { label: 'Requested', kind: 'money' },
        { label: 'Approved', kind: 'money' },
      ],
      rows: figures.grants.byDistrict.map((row) => [
        districtLabel(row.districtCode),
        row.count,
        row.requestedPence,
        row.approvedPence,
      ]),
    },
    {
      id: 'grant-deciles',
      caption: 'Grant applications by IMD 2025 decile of the organisation’s address',
      columns: [
        { label: 'Decile', kind: 'text' },
        { label: 'Applications', kind: 'count' },
        { label: 'Requested', kind: 'money' },
        { label: 'Approved', kind: 'money' },
      ],
      rows: figures.grants.byDecile.map((row) => [
        decileLabel(row.decile),
        row.count,
        row.requestedPence,
        row.approvedPence,
      ]),
    },
  ];
}

const wholeNumber = new Intl.NumberFormat('en-GB');
export const formatCount = (count: number): string => wholeNumber.format(count);
/** 0.1234 → "12.3%" */
export const formatShare = (share: number): string => `${(share * 100).toFixed(1)}%`;

/** A cell as the page shows it; null is shown as an en dash (the page adds words for screen readers). */
export function formatCell(cell: Cell, kind: ColumnKind): string {
  if (cell === null) return '–';
  if (typeof cell === 'string') return cell;
  if (kind === 'percent') return formatShare(cell);
  if (kind === 'money') return formatPence(cell);
  return formatCount(cell);
}

const plural = (count: number, one: string, many: string) =>
  `${formatCount(count)} ${count === 1 ? one : many}`;

/** One sentence per chart for its aria-label: what it shows and what stands out. */
export const summaries = {
  deciles(figures: ReachResponse): string {
    const shares = signupShares(figures);
    const signupShare = (shares[0] ?? 0) + (shares[1] ?? 0);
    const population = sum(figures.signups.byDecile.slice(0, 2).map((row) => row.populationShare ?? 0));
    const unknown = figures.signups.byDecile.at(-1)?.count ?? 0;
    return `Bar chart of sign-ups and population by IMD 2025 decile: ${formatShare(signupShare)} of sign-ups with a known neighbourhood live in the most deprived deciles 1 and 2, where ${formatShare(population)} of Mid and South Essex’s population lives; ${plural(unknown, 'sign-up has', 'sign-ups have')} no known neighbourhood.`;
  },
  weeks(figures: ReachResponse): string {
    const weeks = weeklyGroups(figures);
    const busiest = weeks.reduce<{ weekStart: string; total: number } | null>((best, week) => {
      const total = sum(week.counts);
      return best && best.total >= total ? best : { weekStart: week.weekStart, total };
    }, null);
    const first = weeks[0]?.weekStart;
    const last = weeks.at(-1)?.weekStart;
    if (!busiest || !first || !last) return 'Stacked bar chart of sign-ups per week: no sign-ups.';
    return `Stacked bar chart of sign-ups per week by decile group, ${plural(weeks.length, 'week', 'weeks')} from the week beginning ${formatIsoDate(first)} to the week beginning ${formatIsoDate(last)}; the busiest was the week beginning ${formatIsoDate(busiest.weekStart)} with ${plural(busiest.total, 'sign-up', 'sign-ups')}.`;
  },
  districts(figures: ReachResponse): string {
    const top = [...figures.signups.byDistrict]
      .filter((row) => row.count > 0)
      .sort((a, b) => b.count - a.count)
      .slice(0, 3)
      .map((row) => `${districtLabel(row.districtCode)} ${formatCount(row.count)}`);
    return `Bar chart of sign-ups by district; most in ${top.join(', ') || 'none'}.`;
  },
  referrals(figures: ReachResponse): string {
    const parts = figures.referrals.map((row) => `${partnerLabel(row.partner)} ${formatCount(row.count)}`);
    return `Bar chart of sign-ups asking for each partner’s support: ${parts.join(', ')}.`;
  },
  grants(rows: { label: string; requestedPence: number; approvedPence: number }[], by: string): string {
    const requested = sum(rows.map((row) => row.requestedPence));
    const approved = sum(rows.map((row) => row.approvedPence));
    const top = [...rows].sort((a, b) => b.requestedPence - a.requestedPence)[0];
    return `Bar chart of grant amounts requested and approved by ${by}: ${formatPence(requested)} requested and ${formatPence(approved)} approved in all${top && top.requestedPence > 0 ? `; most requested in ${top.label} (${formatPence(top.requestedPence)})` : ''}.`;
  },
};
