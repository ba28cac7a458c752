// The reach page's rendering: the tables under the charts show the server's numbers, the dates typed go to the
// address and the request, the empty and error states, and the CSV built from the same tables. The server's
// figures are proved in test/server/reach.test.ts; here window.fetch answers with figures of that shape.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { reachTables } from '../../../../src/app/features/coordinator/reach/figures';
import { figuresCsv } from '../../../../src/app/features/coordinator/reach/figures-csv';
import { ReachPage } from '../../../../src/app/features/coordinator/reach-page';
import { locationStore, navigate } from '../../../../src/app/shell/router';
import type { ReachResponse } from '../../../../src/shared/console';

const NINE = [
  'E07000066',
  'E07000067',
  'E07000068',
  'E07000069',
  'E07000070',
  'E07000074',
  'E07000075',
  'E06000033',
  'E06000034',
];
const DECILES: (number | null)[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, null];
/** Made-up population shares of deciles 1..10 (they add up to 1). */
const SHARES = [0.05, 0.07, 0.08, 0.09, 0.1, 0.11, 0.12, 0.12, 0.13, 0.13];

function figures(
  counts: { deciles?: Record<string, number>; districts?: Record<string, number> } = {},
): ReachResponse {
  const decileCount = (decile: number | null) => counts.deciles?.[String(decile)] ?? 0;
  const total = DECILES.reduce<number>((sum, decile) => sum + decileCount(decile), 0);
  return {
    from: null,
    to: null,
    signups: {
      total,
      byDecile: DECILES.map((decile) => ({
        decile,
        count: decileCount(decile),
        populationShare: decile === null ? null : (SHARES[decile - 1] as number),
      })),
      byDistrict: [...NINE, null].map((districtCode) => ({
        districtCode,
        count: counts.districts?.[String(districtCode)] ?? 0,
      })),
      byWeek:
        total === 0
          ? []
          : [
              {
                weekStart: '2026-11-02',
                byDecile: DECILES.map((decile) => ({ decile, count: decile === 1 ? 2 : 0 })),
              },
              { weekStart: '2026-11-09', byDecile: DECILES.map((decile) => ({ decile, count: 0 })) },
              {
                weekStart: '2026-11-16',
                byDecile: DECILES.map((decile) => ({
                  decile,
                  count: decile === 3 || decile === 9 || decile === null ? 1 : 0,
                })),
              },
            ],
    },
    referrals: [
      { partner: 'abs-childcare', count: 1 },
      { partner: 'generation-medics', count: 0 },
      { partner: 'pave', count: 2 },
      { partner: 'halo', count: 1 },
      { partner: 'sech-it', count: 1 },
      { partner: 'trust-one-to-one', count: total ? 1 : 0 },
    ],
    grants: {
      byDistrict: [...NINE, null].map((districtCode) => ({
        districtCode,
        count: total && districtCode === 'E06000033' ? 2 : total && districtCode === null ? 1 : 0,
        requestedPence:
          total && districtCode === 'E06000033' ? 150_000 : total && districtCode === null ? 20_000 : 0,
        approvedPence: total && districtCode === 'E06000033' ? 100_000 : 0,
      })),
      byDecile: DECILES.map((decile) => ({
        decile,
        count: total && decile === 1 ? 2 : total && decile === null ? 1 : 0,
        requestedPence: total && decile === 1 ? 150_000 : total && decile === null ? 20_000 : 0,
        approvedPence: total && decile === 1 ? 100_000 : 0,
      })),
    },
  };
}

/** The figures the server test's records give (3 in decile 1, one each in 3, 9 and not known). */
const KNOWN = figures({
  deciles: { 1: 3, 3: 1, 9: 1, null: 1 },
  districts: { E06000033: 3, E07000070: 1, E06000034: 1, null: 1 },
});

let requests: string[] = [];

function answerWith(respond: (url: URL) => Response) {
  vi.stubGlobal('fetch', async (input: RequestInfo | URL) => {
    const url = new URL(String(input), 'http://console.test');
    requests.push(url.pathname + url.search);
    return respond(url);
  });
}

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

const cells = (table: HTMLElement, rowName: string) =>
  within(table)
    .getAllByRole('row')
    .find((row) => row.querySelector('th')?.textContent === rowName)
    ?.querySelectorAll('td');

beforeEach(() => {
  requests = [];
  // jsdom draws nothing: the page keeps its tables and leaves the canvases blank.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('Reach page', () => {
  it('shows the server’s numbers in the table under each chart, with each chart described for screen readers', async () => {
    answerWith(() => json(KNOWN));
    navigate('/coordinator/reach');
    render(<ReachPage />);
    const deciles = await screen.findByTestId('reach-table-deciles');
    expect(requests).toEqual(['/api/v1/reach']);
    // 3 of the 5 sign-ups with a known neighbourhood; decile 1 is 5% of the population.
    expect([...(cells(deciles, '1 (most deprived)') ?? [])].map((cell) => cell.textContent)).toEqual([
      '3',
      '60.0%',
      '5.0%',
    ]);
    expect(cells(deciles, 'Not known')?.[0]?.textContent).toBe('1');
    expect(cells(deciles, 'Not known')?.[2]?.textContent).toBe('–not applicable');

    const weeks = screen.getByTestId('reach-table-weeks');
    expect([...(cells(weeks, '16 November 2026') ?? [])].map((cell) => cell.textContent)).toEqual([
      '0',
      '1',
      '1',
      '1',
      '3',
    ]);
    expect(cells(weeks, '9 November 2026')?.[4]?.textContent).toBe('0');

    expect(cells(screen.getByTestId('reach-table-districts'), 'Southend-on-Sea')?.[0]?.textContent).toBe('3');
    expect(cells(screen.getByTestId('reach-table-districts'), 'Basildon')?.[0]?.textContent).toBe('0');
    const referrals = screen.getByTestId('reach-table-referrals');
    expect(cells(referrals, 'PAVE')?.[1]?.textContent).toBe('2');
    expect(cells(referrals, 'The Trust')?.[0]?.textContent).toBe('One-to-one support from the Trust');
    expect(within(referrals).getAllByRole('row')).toHaveLength(7);

    const grants = screen.getByTestId('reach-table-grant-districts');
    expect([...(cells(grants, 'Southend-on-Sea') ?? [])].map((cell) => cell.textContent)).toEqual([
      '2',
      '£1,500',
      '£1,000',
    ]);
    expect(cells(screen.getByTestId('reach-table-grant-deciles'), 'Not known')?.[1]?.textContent).toBe(
      '£200',
    );

    const charts = screen.getAllByRole('img');
    expect(charts).toHaveLength(6);
    expect(charts[0]?.tagName).toBe('CANVAS');
    expect(charts[0]?.getAttribute('aria-label')).toContain(
      '60.0% of sign-ups with a known neighbourhood live in the most deprived deciles 1 and 2, where 12.0% of Mid and South Essex’s population lives',
    );
    expect(charts[3]?.getAttribute('aria-label')).toBe(
      'Bar chart of sign-ups asking for each partner’s support: ABSS 1, Generation Medics 0, PAVE 2, HALO 1, SECH 1, The Trust 1.',
    );
    expect(screen.getByRole('button', { name: 'Download these figures (CSV)' })).toBeTruthy();
  });

  it('asks for the dates typed, through the address, and refuses a date that is not real', async () => {
    answerWith(() => json(KNOWN));
    navigate('/coordinator/reach');
    render(<ReachPage />);
    await screen.findByTestId('reach-table-deciles');
    const from = within(screen.getByRole('group', { name: /From/ }));
    fireEvent.input(from.getByLabelText('Day'), { target: { value: '31' } });
    fireEvent.input(from.getByLabelText('Month'), { target: { value: '11' } });
    fireEvent.input(from.getByLabelText('Year'), { target: { value: '2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show the figures' }));
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByText('The start date must be a real date')).toBeTruthy();
    expect(requests).toHaveLength(1);

    fireEvent.input(from.getByLabelText('Day'), { target: { value: '1' } });
    const to = within(screen.getByRole('group', { name: /To/ }));
    fireEvent.input(to.getByLabelText('Day'), { target: { value: '30' } });
    fireEvent.input(to.getByLabelText('Month'), { target: { value: '11' } });
    fireEvent.input(to.getByLabelText('Year'), { target: { value: '2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show the figures' }));
    await waitFor(() => expect(requests.at(-1)).toBe('/api/v1/reach?from=2026-11-01&to=2026-11-30'));
    expect(locationStore.getState().query.toString()).toBe('from=2026-11-01&to=2026-11-30');
    expect(screen.getByTestId('reach-period').textContent).toBe(
      'Records made from 1 November 2026 to 30 November 2026.',
    );
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  });

  it('says so when nothing was made in the period, with no tables and no download', async () => {
    answerWith(() => json({ ...figures(), from: '2026-12-01', to: null }));
    navigate('/coordinator/reach?from=2026-12-01');
    render(<ReachPage />);
    await screen.findByText('No sign-ups yet in this period.');
    expect(requests).toEqual(['/api/v1/reach?from=2026-12-01']);
    expect(screen.queryByRole('table')).toBeNull();
    expect(screen.queryByRole('img')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download these figures (CSV)' })).toBeNull();
  });

  it('shows the server’s refusal in an error summary, linked to the date it refused', async () => {
    answerWith(() =>
      json(
        {
          error: {
            code: 'invalid-query',
            message: 'The end date must be the same as or after the start date',
            details: [{ path: 'to', message: 'The end date must be the same as or after the start date' }],
          },
        },
        400,
      ),
    );
    navigate('/coordinator/reach?from=2026-11-10&to=2026-11-01');
    render(<ReachPage />);
    const summary = await screen.findByRole('alert');
    expect(within(summary).getByText('There is a problem')).toBeTruthy();
    const link = within(summary).getByRole('link', {
      name: 'The end date must be the same as or after the start date',
    });
    expect(link.getAttribute('href')).toBe('#reach-to');
    await waitFor(() => expect(document.title).toMatch(/^Error: Reach/));
    expect(screen.queryByRole('table')).toBeNull();
  });
});

describe('Reach figures as CSV', () => {
  it('writes every table with a byte order mark, CRLF lines and figures a spreadsheet can add up', async () => {
    const tables = reachTables(KNOWN);
    const blob = await figuresCsv('Anchor Outreach reach figures. Every record so far.', tables);
    const bytes = new Uint8Array(await blob.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes.slice(3));
    expect(text.split('\r\n').length).toBeGreaterThan(40);
    const rows: string[][] = parse(text, { relax_column_count: false });
    expect(rows[0]?.[0]).toBe('Anchor Outreach reach figures. Every record so far.');
    const at = (caption: string) => rows.findIndex((row) => row[0] === caption);
    const deciles = at(tables[0]?.caption as string);
    expect(rows[deciles + 1]?.slice(0, 4)).toEqual([
      'Decile',
      'Sign-ups',
      'Share of sign-ups with a known neighbourhood (%)',
      'Share of the population of Mid and South Essex (%)',
    ]);
    expect(rows[deciles + 2]?.slice(0, 4)).toEqual(['1 (most deprived)', '3', '60', '5']);
    expect(rows[deciles + 12]?.slice(0, 4)).toEqual(['Not known', '1', '', '']);
    const grants = at(tables[4]?.caption as string);
    expect(rows[grants + 1]?.slice(0, 4)).toEqual([
      'District',
      'Applications',
      'Requested (£)',
      'Approved (£)',
    ]);
    expect(rows.find((row, index) => index > grants && row[0] === 'Southend-on-Sea')?.slice(0, 4)).toEqual([
      'Southend-on-Sea',
      '2',
      '1500.00',
      '1000.00',
    ]);
    expect(new Set(rows.map((row) => row.length))).toEqual(new Set([6]));
  });
});
