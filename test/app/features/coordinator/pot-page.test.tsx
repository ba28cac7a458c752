// The grant pot page: each round's money formatted with pence, the table by district, and the "Open a new round"
// form checked before sending and showing the server's refusals next to the fields they are about.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatMoney } from '../../../../src/app/features/coordinator/admin/format';
import { PotPage } from '../../../../src/app/features/coordinator/pot-page';
import { refusal, signedInCoordinator, stubConsoleApi } from './admin-fetch';
import { POT, PROGRAMMES } from './admin-fixtures';

beforeEach(signedInCoordinator);
afterEach(() => vi.unstubAllGlobals());

const BASE = { 'GET /grant-pot': { json: POT }, 'GET /programmes': { json: { programmes: PROGRAMMES } } };

const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent ?? null;

function fillDate(legend: string, day: string, month: string, year: string) {
  const group = screen.getByRole('group', { name: new RegExp(legend) });
  fireEvent.input(within(group).getByLabelText('Day'), { target: { value: day } });
  fireEvent.input(within(group).getByLabelText('Month'), { target: { value: month } });
  fireEvent.input(within(group).getByLabelText('Year'), { target: { value: year } });
}

function fillRound(id = '2027-28') {
  fireEvent.input(screen.getByLabelText('Name of the round'), { target: { value: '2027 to 2028' } });
  fireEvent.input(screen.getByLabelText('Round id'), { target: { value: id } });
  fillDate('Applications open', '1', '4', '2027');
  fillDate('Applications close', '31', '3', '2028');
  fillDate('Spending may start', '1', '5', '2027');
  fillDate('Money must be spent by', '30', '9', '2028');
  fireEvent.input(screen.getByLabelText('Pot for the round, in pounds'), { target: { value: '75,000.50' } });
}

describe('money on the console', () => {
  it('is written in pounds with thousands separators and always with pence', () => {
    expect(formatMoney(123_456)).toBe('£1,234.56');
    expect(formatMoney(10_000_000)).toBe('£100,000.00');
    expect(formatMoney(5)).toBe('£0.05');
    expect(formatMoney(-50_000)).toBe('-£500.00');
  });
});

describe('grant pot page', () => {
  it('shows each round, newest first, with its totals and its table by district', async () => {
    stubConsoleApi(BASE);
    render(<PotPage />);
    const newest = await screen.findByTestId('round-2026-27');
    const sections = document.querySelectorAll('section[data-testid^="round-"]');
    expect([...sections].map((section) => section.getAttribute('data-testid'))).toEqual([
      'round-2026-27',
      'round-2022-23',
    ]);
    const totals = within(newest)
      .getAllByRole('definition')
      .map((dd) => dd.textContent);
    expect(totals).toEqual(['£50,000.00', '£1,234.56', '£1,000.00', '£500.00', '£49,000.00', '2']);
    expect(within(newest).getByText('Approved: £1,000.00 of £50,000.00 (2%)')).toBeTruthy();
    const rows = within(screen.getByTestId('districts-2026-27')).getAllByRole('row').slice(1);
    expect(rows.map((row) => [...row.children].map((cell) => cell.textContent))).toEqual([
      ['Southend-on-Sea', '1', '£1,000.00', '£1,000.00', '£500.00'],
      ['Not known', '1', '£234.56', '£0.00', '£0.00'],
    ]);
    expect(
      within(screen.getByTestId('round-2022-23')).getByText(/No applications have been received/),
    ).toBeTruthy();
  });

  it('shows every problem next to its field and in the summary, and sends nothing, when the form is empty', async () => {
    const seen = stubConsoleApi(BASE);
    render(<PotPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Open the round' }));
    const summary = await screen.findByRole('alert');
    expect(errorOf('round-name')).toContain('Enter a name for the round');
    expect(errorOf('round-id')).toContain('Enter an id for the round');
    expect(errorOf('round-opens')).toContain('Enter the date applications open');
    expect(errorOf('round-pot')).toContain('Enter the pot for the round');
    expect(
      within(summary)
        .getAllByRole('link')
        .map((link) => link.getAttribute('href')),
    ).toEqual([
      '#round-name',
      '#round-id',
      '#round-opens',
      '#round-closes',
      '#round-spend-from',
      '#round-spend-to',
      '#round-pot',
    ]);
    expect(document.title).toMatch(/^Error: /);
    expect(seen.filter((request) => request.method === 'POST')).toEqual([]);
  });

  it('refuses a closing date before the opening date, a bad id and a pot that is not money', async () => {
    const seen = stubConsoleApi(BASE);
    render(<PotPage />);
    await screen.findByRole('button', { name: 'Open the round' });
    fillRound('Round 2');
    fillDate('Applications close', '1', '1', '2027');
    fireEvent.input(screen.getByLabelText('Pot for the round, in pounds'), { target: { value: 'lots' } });
    fireEvent.click(screen.getByRole('button', { name: 'Open the round' }));
    await screen.findByRole('alert');
    expect(errorOf('round-closes')).toContain('must be the same as or after the date they open');
    expect(errorOf('round-id')).toContain('lower-case letters, digits and hyphens');
    expect(errorOf('round-pot')).toContain('must be an amount in pounds');
    expect(seen.some((request) => request.method === 'POST')).toBe(false);
  });

  it('opens a round with the settings version it saw, the pot in pence, then shows it and reloads the pot', async () => {
    const seen = stubConsoleApi({
      ...BASE,
      'POST /programmes/micro-grant/rounds': { status: 201, json: { programme: PROGRAMMES[1] } },
    });
    render(<PotPage />);
    await screen.findByRole('button', { name: 'Open the round' });
    fillRound();
    fireEvent.click(screen.getByRole('button', { name: 'Open the round' }));
    await screen.findByText('2027 to 2028 is open.');
    const post = seen.find((request) => request.method === 'POST');
    expect(post?.body).toEqual({
      version: 4,
      round: {
        id: '2027-28',
        name: '2027 to 2028',
        applicationWindow: { opens: '2027-04-01', closes: '2028-03-31' },
        spendWindow: { from: '2027-05-01', to: '2028-09-30' },
        potPence: 7_500_050,
      },
    });
    await waitFor(() => expect(seen.filter((r) => r.path === '/grant-pot')).toHaveLength(2));
    expect((screen.getByLabelText('Round id') as HTMLInputElement).value).toBe('');
  });

  it('says next to the round id that a round with that id exists (409 round-exists)', async () => {
    stubConsoleApi({
      ...BASE,
      'POST /programmes/micro-grant/rounds': refusal(409, 'round-exists', 'There is a round 2027-28.'),
    });
    render(<PotPage />);
    await screen.findByRole('button', { name: 'Open the round' });
    fillRound();
    fireEvent.click(screen.getByRole('button', { name: 'Open the round' }));
    await waitFor(() =>
      expect(errorOf('round-id')).toContain('There is already a round with the id 2027-28'),
    );
    expect(within(screen.getByRole('alert')).getByRole('link').getAttribute('href')).toBe('#round-id');
  });

  it('says someone else saved first and reloads the settings on a version conflict, keeping what was typed', async () => {
    const seen = stubConsoleApi({
      ...BASE,
      'POST /programmes/micro-grant/rounds': refusal(
        409,
        'version-conflict',
        'Someone changed these settings.',
      ),
    });
    render(<PotPage />);
    await screen.findByRole('button', { name: 'Open the round' });
    fillRound();
    fireEvent.click(screen.getByRole('button', { name: 'Open the round' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Someone else saved the grant settings while you were typing');
    await waitFor(() => expect(seen.filter((r) => r.path === '/programmes')).toHaveLength(2));
    expect((screen.getByLabelText('Round id') as HTMLInputElement).value).toBe('2027-28');
  });

  it('puts the server’s field issues next to the fields they name (400 invalid-request)', async () => {
    stubConsoleApi({
      ...BASE,
      'POST /programmes/micro-grant/rounds': refusal(400, 'invalid-request', 'The round is not valid.', [
        { path: 'round.applicationWindow.opens', message: 'The round overlaps round 2026-27' },
      ]),
    });
    render(<PotPage />);
    await screen.findByRole('button', { name: 'Open the round' });
    fillRound();
    fireEvent.click(screen.getByRole('button', { name: 'Open the round' }));
    await waitFor(() => expect(errorOf('round-opens')).toContain('The round overlaps round 2026-27'));
  });

  it('says the pot could not be loaded, and loads it on Try again', async () => {
    stubConsoleApi({
      ...BASE,
      'GET /grant-pot': [refusal(500, 'server-error', 'The server had a problem.'), { json: POT }],
    });
    render(<PotPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('round-2026-27')).toBeTruthy();
  });
});
