// The programme settings page: each programme's settings on a form, checked with ProgrammeSchema before saving,
// saved whole with the version seen, someone saving first answered with a reload, and the version history.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SettingsPage } from '../../../../src/app/features/coordinator/settings-page';
import type { Programme } from '../../../../src/shared/programmes';
import { refusal, signedInCoordinator, stubConsoleApi } from './admin-fetch';
import { ACCOUNTS, PROGRAMMES, VERSIONS } from './admin-fixtures';

beforeEach(signedInCoordinator);
afterEach(() => vi.unstubAllGlobals());

const [RESIDENT, GRANT] = PROGRAMMES as [Programme, Programme];
const BASE = {
  'GET /programmes': { json: { programmes: PROGRAMMES } },
  'GET /programmes/southend-2050-ambition/versions': { json: VERSIONS(RESIDENT) },
  'GET /programmes/micro-grant/versions': { json: VERSIONS(GRANT) },
  'GET /accounts': { json: ACCOUNTS },
};

const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent ?? null;
const input = (id: string) => document.getElementById(id) as HTMLInputElement;
const type = (id: string, value: string) => fireEvent.input(input(id), { target: { value } });
const saveResident = () =>
  fireEvent.click(screen.getByRole('button', { name: 'Save the Southend 2050 Ambition settings' }));

describe('programme settings page', () => {
  it('fills each programme’s form with its current settings and shows its version history', async () => {
    stubConsoleApi(BASE);
    render(<SettingsPage />);
    await screen.findByRole('heading', { level: 2, name: /Southend 2050 Ambition/ });
    expect(input('southend-2050-ambition-maxImdDecile').value).toBe('2');
    expect(input('southend-2050-ambition-minimumAge').value).toBe('16');
    expect(input('southend-2050-ambition-autoLockMinutes').value).toBe('');
    const statuses = screen.getByRole('group', { name: /Employment statuses that are eligible/ });
    const checked = within(statuses)
      .getAllByRole('checkbox')
      .filter((box) => (box as HTMLInputElement).checked)
      .map((box) => (box as HTMLInputElement).value);
    expect(checked).toEqual(['unemployed', 'economically-inactive']);
    expect(input('micro-grant-minAmountPence').value).toBe('500');
    expect(input('micro-grant-incomeLimitPence').value).toBe('100000');
    const history = await screen.findByTestId('versions-micro-grant');
    const rows = () =>
      within(history)
        .getAllByRole('row')
        .slice(1)
        .map((row) => [...row.children].map((cell) => cell.textContent));
    // The saver's username comes from the accounts, which may answer after the history.
    await waitFor(() =>
      expect(rows()).toEqual([
        ['4', '1 December 2026 at 10:05 am', 'coord'],
        ['1', '1 November 2026 at 9:00 am', 'Set up with the service'],
      ]),
    );
    expect(screen.getAllByTestId('versions-note')[0]?.textContent).toBe(
      'Tablets get a new version on their next sync. Checks already made keep the version they used.',
    );
  });

  it('shows the schema’s refusals next to the fields and sends nothing', async () => {
    const seen = stubConsoleApi(BASE);
    render(<SettingsPage />);
    await screen.findByRole('heading', { level: 2, name: /Southend 2050 Ambition/ });
    type('southend-2050-ambition-maxImdDecile', '11');
    type('southend-2050-ambition-minimumAge', 'sixteen');
    type('southend-2050-ambition-autoLockMinutes', '90');
    fireEvent.click(screen.getByLabelText('Unemployed and looking for work'));
    fireEvent.click(screen.getByLabelText(/Not working and not looking for work/));
    saveResident();
    const summary = await screen.findByRole('alert');
    expect(errorOf('southend-2050-ambition-maxImdDecile')).toContain('a whole number from 1 to 10');
    expect(errorOf('southend-2050-ambition-minimumAge')).toContain('must be a whole number');
    expect(errorOf('southend-2050-ambition-acceptedEmploymentStatuses')).toContain(
      'Select at least one employment status',
    );
    expect(errorOf('southend-2050-ambition-autoLockMinutes')).toContain('from 1 to 60');
    expect(within(summary).getAllByRole('link')).toHaveLength(4);
    expect(seen.some((request) => request.method === 'PUT')).toBe(false);
  });

  it('refuses a largest grant below the smallest', async () => {
    const seen = stubConsoleApi(BASE);
    render(<SettingsPage />);
    await screen.findByRole('heading', { level: 2, name: /micro-grant/ });
    type('micro-grant-maxAmountPence', '400');
    fireEvent.click(
      screen.getByRole('button', { name: 'Save the Mid and South Essex ICS micro-grant settings' }),
    );
    await screen.findByRole('alert');
    expect(errorOf('micro-grant-maxAmountPence')).toContain(
      'The largest grant must be the same as or more than the smallest',
    );
    expect(seen.some((request) => request.method === 'PUT')).toBe(false);
  });

  it('saves the whole settings with the version seen, then says tablets get it on their next sync', async () => {
    const saved = { ...RESIDENT, version: 4, maxImdDecile: 3, autoLockMinutes: 10 };
    const seen = stubConsoleApi({
      ...BASE,
      'GET /programmes': [{ json: { programmes: PROGRAMMES } }, { json: { programmes: [saved, GRANT] } }],
      'PUT /programmes/southend-2050-ambition': { json: { programme: saved } },
    });
    render(<SettingsPage />);
    await screen.findByRole('heading', { level: 2, name: /Southend 2050 Ambition/ });
    type('southend-2050-ambition-maxImdDecile', '3');
    type('southend-2050-ambition-autoLockMinutes', '10');
    saveResident();
    await screen.findByText('Southend 2050 Ambition: version 4 saved.');
    const put = seen.find((request) => request.method === 'PUT');
    expect(put?.body).toEqual({ ...RESIDENT, maxImdDecile: 3, autoLockMinutes: 10 });
    await waitFor(() => expect(input('southend-2050-ambition-maxImdDecile').value).toBe('3'));
    expect(screen.getByText('Version 4')).toBeTruthy();
  });

  it('says someone else saved first on a version conflict, and Reload shows their settings', async () => {
    const theirs = { ...RESIDENT, version: 4, minimumAge: 18 };
    const seen = stubConsoleApi({
      ...BASE,
      'GET /programmes': [{ json: { programmes: PROGRAMMES } }, { json: { programmes: [theirs, GRANT] } }],
      'PUT /programmes/southend-2050-ambition': refusal(
        409,
        'version-conflict',
        'Someone changed these settings first.',
        {
          currentVersion: 4,
        },
      ),
    });
    render(<SettingsPage />);
    await screen.findByRole('heading', { level: 2, name: /Southend 2050 Ambition/ });
    type('southend-2050-ambition-minimumAge', '17');
    saveResident();
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('Someone else saved the Southend 2050 Ambition settings first');
    fireEvent.click(screen.getByRole('button', { name: 'Reload the settings' }));
    await waitFor(() => expect(input('southend-2050-ambition-minimumAge').value).toBe('18'));
    expect(seen.filter((request) => request.path === '/programmes')).toHaveLength(2);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('puts the server’s field issues next to the field they name (400 invalid-programme)', async () => {
    stubConsoleApi({
      ...BASE,
      'PUT /programmes/southend-2050-ambition': refusal(
        400,
        'invalid-programme',
        'The programme settings are not valid.',
        {
          issues: [{ path: 'retentionDays', message: 'Retention must be at most 365 days' }],
        },
      ),
    });
    render(<SettingsPage />);
    await screen.findByRole('heading', { level: 2, name: /Southend 2050 Ambition/ });
    saveResident();
    await waitFor(() =>
      expect(errorOf('southend-2050-ambition-retentionDays')).toContain('Retention must be at most 365 days'),
    );
  });
});
