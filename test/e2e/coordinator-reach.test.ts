// Real Chromium against the real server: the reach page shows the records made. Sign-ups and grant applications
// placed through the postcode lookup (the made-up fixture, imported as `npm run postcodes` does) in neighbourhoods
// of known IMD 2025 deciles, and one whose postcode the lookup lacks, appear in the tables beside the charts, the
// charts are drawn, the CSV download holds the same counts, a date range without them shows the empty state, and
// axe finds nothing with figures, empty and with a date error.
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { imdRows } from '../../src/server/db/areas';
import { importPostcodeFile } from '../../src/server/db/postcode-lookup';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../src/shared/programmes';
import { accessibilityViolations, smallTargets } from './support/axe';
import { createCoordinatorAccount, pushRecords, signInToConsole } from './support/console';
import { useAppInChromium } from './support/harness';

const app = useAppInChromium();

/** Made up; see test/fixtures/postcodes/README.md for each postcode's neighbourhood. */
const POSTCODE_FIXTURE = 'test/fixtures/postcodes/made-up-onspd.csv';
/** Southend-on-Sea 014D, IMD 2025 decile 1. */
const DECILE_1_SOUTHEND = 'SS1 9ZA';
/** Southend-on-Sea 003B, decile 9. */
const DECILE_9_SOUTHEND = 'SS9 9ZB';
/** Thurrock 007C, decile 2. */
const DECILE_2_THURROCK = 'RM17 9ZH';
/** A valid postcode the lookup does not hold: its neighbourhood is not known. */
const NOT_IN_LOOKUP = 'SS1 1AA';
const SOUTHEND = 'E06000033';
const THURROCK = 'E06000034';
/** What each grant application asks for (support/console.ts grantPayload), in pounds. */
const GRANT_POUNDS = 1_500;

const REACH_HEADING = 'Reach';
const EMPTY_STATE = 'No sign-ups yet in this period.';
/** The colours bars are drawn in (figures.ts NHS_COLOURS without the text colour), as RGB. */
const BAR_COLOURS = [
  [0x00, 0x5e, 0xb8],
  [0x33, 0x00, 0x72],
  [0x00, 0x7f, 0x3b],
  [0x76, 0x86, 0x92],
];
/** A chart counts as drawn when this many device pixels are exactly a bar colour (a bar's inside). */
const MIN_BAR_PIXELS = 50;

async function audit(page: Page, title: string, found: Record<string, unknown>) {
  found[title] = await accessibilityViolations(page);
  found[`${title} (targets under 24px)`] = await smallTargets(page);
}

interface ShownTable {
  caption: string;
  header: string[];
  rows: string[][];
}

/** A figures table as the page shows it: each cell's visible text (the en dash's hidden words left out). */
async function shownTable(page: Page, id: string): Promise<ShownTable> {
  return page.getByTestId(`reach-table-${id}`).evaluate((table) => {
    const text = (cell: Element) => {
      const copy = cell.cloneNode(true) as Element;
      for (const hidden of copy.querySelectorAll('.nhsuk-u-visually-hidden')) hidden.remove();
      return (copy.textContent ?? '').trim();
    };
    return {
      caption: text(table.querySelector('caption') as Element),
      header: [...table.querySelectorAll('thead th')].map(text),
      rows: [...table.querySelectorAll('tbody tr')].map((row) => [...row.children].map(text)),
    };
  });
}

/** The first `width` columns of a table's rows. */
const leading = (rows: string[][], width: number) => rows.map((row) => row.slice(0, width));

/** The section of the figures CSV under a caption: the header line, then rows up to the next empty line. */
function csvSection(lines: string[][], caption: string): { header: string[]; rows: string[][] } {
  const start = lines.findIndex((line) => line[0] === caption);
  expect(start, `CSV section "${caption}"`).toBeGreaterThan(0);
  const end = lines.findIndex((line, index) => index > start && line.every((field) => field === ''));
  const header = (lines[start + 1] ?? []).filter((field) => field !== '');
  return { header, rows: lines.slice(start + 2, end).map((line) => line.slice(0, header.length)) };
}

/** Per chart canvas: its aria-label and how many of its pixels are exactly a bar colour. */
async function drawnCharts(page: Page): Promise<{ label: string; barPixels: number }[]> {
  return page.locator('canvas[role="img"]').evaluateAll(
    (canvases, colours) =>
      canvases.map((canvas) => {
        const element = canvas as HTMLCanvasElement;
        const context = element.getContext('2d') as CanvasRenderingContext2D;
        const { data } = context.getImageData(0, 0, element.width, element.height);
        let barPixels = 0;
        for (let at = 0; at < data.length; at += 4) {
          if (
            data[at + 3] === 255 &&
            colours.some(([r, g, b]) => data[at] === r && data[at + 1] === g && data[at + 2] === b)
          ) {
            barPixels += 1;
          }
        }
        return { label: element.getAttribute('aria-label') ?? '', barPixels };
      }),
    BAR_COLOURS,
  );
}

async function fillDate(page: Page, legend: string, day: string, month: string, year: string) {
  const group = page.getByRole('group', { name: legend, exact: true });
  await group.getByLabel('Day').fill(day);
  await group.getByLabel('Month').fill(month);
  await group.getByLabel('Year').fill(year);
}

const DISTRICT_NAMES: Record<string, string> = MID_AND_SOUTH_ESSEX_DISTRICTS;

/** District rows as the page lists them: the nine districts in order, then "Not known", with the given counts. */
function districtRows(counts: Record<string, string>, notKnown: string, zero = '0'): string[][] {
  return [
    ...Object.entries(DISTRICT_NAMES).map(([code, name]) => [name, counts[code] ?? zero]),
    ['Not known', notKnown],
  ];
}

/** Decile rows 1 to 10 then "Not known", with the given counts. */
function decileRows(counts: Record<number, string>, notKnown: string, zero = '0'): string[][] {
  const label = (decile: number) =>
    decile === 1 ? '1 (most deprived)' : decile === 10 ? '10 (least deprived)' : String(decile);
  return [
    ...Array.from({ length: 10 }, (_, index) => [label(index + 1), counts[index + 1] ?? zero]),
    ['Not known', notKnown],
  ];
}

describe('the reach page in Chromium', () => {
  it('shows the records made in its tables, charts and CSV, the empty state for other dates, and passes axe', {
    timeout: 240_000,
  }, async () => {
    const { page } = app.browser;
    const db = app.server.database.db;
    await createCoordinatorAccount(db);
    const imported = await importPostcodeFile(db, POSTCODE_FIXTURE);
    expect(imported.stats.kept).toBe(4);

    // Five sign-ups: two in a decile 1 neighbourhood, one in decile 9 (both Southend), one in decile 2
    // (Thurrock), one whose postcode the lookup lacks; each asking for some partners' support.
    await pushRecords(app.server.url, [
      { type: 'signup', answers: { postcode: DECILE_1_SOUTHEND, partnerSupport: ['abs-childcare', 'pave'] } },
      { type: 'signup', answers: { postcode: DECILE_1_SOUTHEND, partnerSupport: ['generation-medics'] } },
      { type: 'signup', answers: { postcode: DECILE_9_SOUTHEND, partnerSupport: ['abs-childcare'] } },
      { type: 'signup', answers: { postcode: DECILE_2_THURROCK, partnerSupport: ['halo'] } },
      { type: 'signup', answers: { postcode: NOT_IN_LOOKUP, partnerSupport: ['none'] } },
      // Three grant applications (£1,500 each), by their organisation's address: two in Southend (deciles 1
      // and 9), one in Thurrock (decile 2).
      { type: 'grant-application', answers: { postcode: DECILE_1_SOUTHEND } },
      { type: 'grant-application', answers: { postcode: DECILE_9_SOUTHEND } },
      { type: 'grant-application', answers: { postcode: DECILE_2_THURROCK, town: 'Grays' } },
    ]);

    const found: Record<string, unknown> = {};
    await signInToConsole(page, app.server.url, '/coordinator/reach', REACH_HEADING);
    await page.getByTestId('reach-table-deciles').waitFor();

    // The tables beside the charts hold exactly those counts.
    const deciles = await shownTable(page, 'deciles');
    expect(leading(deciles.rows, 3)).toEqual(
      decileRows({ 1: '2', 2: '1', 9: '1' }, '1').map(([label, count]) => [
        label,
        count,
        // Shares of the four sign-ups with a known neighbourhood; none for "Not known".
        label === 'Not known' ? '–' : `${((Number(count) / 4) * 100).toFixed(1)}%`,
      ]),
    );
    // Beside them, each decile's share of the people in the shipped IMD extract's neighbourhoods.
    const people = imdRows();
    const total = people.reduce((sum, row) => sum + row.population, 0);
    expect(deciles.rows.map((row) => row[3])).toEqual([
      ...Array.from({ length: 10 }, (_, index) => {
        const inDecile = people.filter((row) => row.imdDecile === index + 1);
        return `${((inDecile.reduce((sum, row) => sum + row.population, 0) / total) * 100).toFixed(1)}%`;
      }),
      '–',
    ]);

    const districts = await shownTable(page, 'districts');
    expect(districts.rows).toEqual(districtRows({ [SOUTHEND]: '3', [THURROCK]: '1' }, '1'));

    const referrals = await shownTable(page, 'referrals');
    expect(referrals.rows.map((row) => [row[0], row.at(-1)])).toEqual([
      ['ABSS', '2'],
      ['Generation Medics', '1'],
      ['PAVE', '1'],
      ['HALO', '1'],
      ['SECH', '0'],
      ['The Trust', '0'],
    ]);

    // All were made this week: one week, by decile group (1 and 2, 3 and 4, 5 to 10, not known, all).
    const weeks = await shownTable(page, 'weeks');
    expect(weeks.rows.map((row) => row.slice(1))).toEqual([['3', '0', '1', '1', '5']]);

    const grantDistricts = await shownTable(page, 'grant-districts');
    expect(grantDistricts.rows).toEqual(
      districtRows({ [SOUTHEND]: '2', [THURROCK]: '1' }, '0').map(([name, count]) => [
        name,
        count,
        count === '2' ? '£3,000' : count === '1' ? '£1,500' : '£0',
        '£0',
      ]),
    );
    const grantDeciles = await shownTable(page, 'grant-deciles');
    expect(leading(grantDeciles.rows, 3)).toEqual(
      decileRows({ 1: '1', 2: '1', 9: '1' }, '0').map(([label, count]) => [
        label,
        count,
        count === '1' ? '£1,500' : '£0',
      ]),
    );

    // Six charts, each an image whose label states the counts, and each drawn: its bars are on the canvas.
    await expect
      .poll(async () => (await drawnCharts(page)).map((chart) => chart.barPixels >= MIN_BAR_PIXELS), {
        timeout: 30_000,
      })
      .toEqual([true, true, true, true, true, true]);
    const labels = (await drawnCharts(page)).map((chart) => chart.label);
    expect(labels[0]).toContain(
      '75.0% of sign-ups with a known neighbourhood live in the most deprived deciles',
    );
    expect(labels[0]).toContain('1 sign-up has no known neighbourhood');
    expect(labels[1]).toContain('with 5 sign-ups');
    expect(labels[2]).toContain('most in Southend-on-Sea 3, Thurrock 1');
    expect(labels[3]).toContain('ABSS 2, Generation Medics 1, PAVE 1, HALO 1, SECH 0, The Trust 0');
    expect(labels[4]).toContain('£4,500 requested and £0 approved in all');
    expect(labels[4]).toContain('most requested in Southend-on-Sea (£3,000)');
    expect(labels[5]).toContain('£4,500 requested and £0 approved in all');
    await audit(page, 'reach (figures)', found);

    // The CSV download holds the same tables with the same counts.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download these figures (CSV)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^reach-start-to-\d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = await readFile((await download.path()) as string);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = parse(bytes, { bom: true }) as string[][];
    expect(lines[0]?.[0]).toBe('Anchor Outreach reach figures. Every record so far.');
    const csvDeciles = csvSection(lines, deciles.caption);
    expect(csvDeciles.header[1]).toBe('Sign-ups');
    expect(leading(csvDeciles.rows, 2)).toEqual(leading(deciles.rows, 2));
    expect(csvDeciles.rows[0]?.[2]).toBe('50');
    expect(csvSection(lines, districts.caption).rows).toEqual(districts.rows);
    expect(csvSection(lines, referrals.caption).rows.map((row) => [row[0], row.at(-1)])).toEqual(
      referrals.rows.map((row) => [row[0], row.at(-1)]),
    );
    expect(csvSection(lines, weeks.caption).rows.map((row) => row.slice(1))).toEqual([
      ['3', '0', '1', '1', '5'],
    ]);
    expect(csvSection(lines, grantDistricts.caption).rows).toEqual(
      // Money in pounds and pence, as a spreadsheet adds it up.
      grantDistricts.rows.map(([name, count]) => [
        name,
        count,
        (Number(count) * GRANT_POUNDS).toFixed(2),
        '0.00',
      ]),
    );
    expect(leading(csvSection(lines, grantDeciles.caption).rows, 2)).toEqual(leading(grantDeciles.rows, 2));

    // A date range before any record: the empty state, no charts, no download.
    await fillDate(page, 'From', '1', '1', '2020');
    await fillDate(page, 'To', '31', '12', '2020');
    await page.getByRole('button', { name: 'Show the figures' }).click();
    await page.getByText('Records made from 1 January 2020 to 31 December 2020.').waitFor();
    await page.getByText(EMPTY_STATE).waitFor();
    expect(new URL(page.url()).search).toBe('?from=2020-01-01&to=2020-12-31');
    expect(await page.locator('canvas').count()).toBe(0);
    expect(await page.locator('[data-testid^="reach-table-"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Download these figures (CSV)' }).count()).toBe(0);
    await audit(page, 'reach (empty)', found);

    // A start date that does not exist: the error, linked to the date, and the figures as they were.
    await fillDate(page, 'From', '31', '4', '2026');
    await page.getByRole('button', { name: 'Show the figures' }).click();
    const summary = page.getByRole('alert');
    await summary.waitFor();
    expect(await summary.getByRole('link', { name: 'The start date must be a real date' }).count()).toBe(1);
    expect(new URL(page.url()).search).toBe('?from=2020-01-01&to=2020-12-31');
    await audit(page, 'reach (a date that does not exist)', found);

    // "Show every record" brings the figures back.
    await page.getByRole('link', { name: 'Show every record' }).click();
    await page.getByTestId('reach-table-deciles').waitFor();
    expect((await shownTable(page, 'districts')).rows).toEqual(districts.rows);

    const problems = Object.fromEntries(
      Object.entries(found).filter(([, value]) => Array.isArray(value) && value.length > 0),
    );
    expect(problems).toEqual({});
  });
});
