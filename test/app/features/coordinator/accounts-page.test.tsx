// The accounts page: accounts with their tablets, creating one (checked before sending; a taken username said next
// to the username), and disabling, enabling and resetting a password after a confirmation step.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AccountsPage } from '../../../../src/app/features/coordinator/accounts-page';
import { refusal, signedInCoordinator, stubConsoleApi, TEST_TOKEN } from './admin-fetch';
import { ACCOUNTS } from './admin-fixtures';

beforeEach(signedInCoordinator);
afterEach(() => vi.unstubAllGlobals());

const BASE = { 'GET /accounts': { json: ACCOUNTS } };
const ALICE = '0193a000-0000-7000-8000-000000000002';
const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent ?? null;
const type = (label: string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });

function fillNewAccount(username: string) {
  type('Username', username);
  fireEvent.click(screen.getByLabelText('Outreach worker'));
  type('Password', 'a long new passphrase');
}

describe('accounts page', () => {
  it('lists each account with its role, whether it is active, and each tablet’s last contact and unsent count', async () => {
    const seen = stubConsoleApi(BASE);
    render(<AccountsPage />);
    const alice = await screen.findByTestId('account-alice');
    const cells = [...alice.children].map((cell) => cell.textContent);
    expect(cells.slice(0, 3)).toEqual(['alice', 'Outreach worker', 'Active']);
    expect(cells[3]).toBe('Tablet 0193b111: last contact 5 December 2026 at 1:05 pm, 3 unsent records');
    expect(within(screen.getByTestId('account-bob')).getByText('Disabled')).toBeTruthy();
    expect(
      within(screen.getByTestId('account-bob')).getByRole('button', { name: /Enable\s*bob/ }),
    ).toBeTruthy();
    expect(seen[0]?.headers.get('authorization')).toBe(`Bearer ${TEST_TOKEN}`);
    // The signed-in coordinator cannot disable their own account.
    const own = screen.getByTestId('account-coord');
    expect(own.textContent).toContain('(you)');
    expect(within(own).queryByRole('button', { name: /Disable/ })).toBeNull();
    expect(within(own).getByRole('button', { name: /Reset password/ })).toBeTruthy();
  });

  it('checks a new account before sending: every problem next to its field', async () => {
    const seen = stubConsoleApi(BASE);
    render(<AccountsPage />);
    await screen.findByTestId('account-alice');
    fireEvent.click(screen.getByRole('button', { name: 'Create the account' }));
    await screen.findByRole('alert');
    expect(errorOf('new-username')).toContain('Enter a username');
    expect(errorOf('new-role')).toContain('Select whether the account');
    expect(errorOf('new-password')).toContain('Enter a password');
    type('Username', 'Alice Smith');
    type('Password', 'short');
    fireEvent.click(screen.getByRole('button', { name: 'Create the account' }));
    await waitFor(() => expect(errorOf('new-username')).toContain('lower-case letters'));
    expect(errorOf('new-password')).toContain('Use at least 12 characters');
    expect(seen.some((request) => request.method === 'POST')).toBe(false);
  });

  it('creates an account and lists it', async () => {
    const carol = { ...ACCOUNTS.accounts[1], id: 'c', username: 'carol', devices: [] };
    const seen = stubConsoleApi({
      'GET /accounts': [{ json: ACCOUNTS }, { json: { accounts: [...ACCOUNTS.accounts, carol] } }],
      'POST /accounts': { status: 201, json: { account: carol } },
    });
    render(<AccountsPage />);
    await screen.findByTestId('account-alice');
    fillNewAccount('carol');
    fireEvent.click(screen.getByRole('button', { name: 'Create the account' }));
    await screen.findByText('The account carol is created. They can sign in now.');
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({
      username: 'carol',
      role: 'worker',
      password: 'a long new passphrase',
    });
    expect(await screen.findByTestId('account-carol')).toBeTruthy();
  });

  it('says next to the username that an account with it exists (409 account-exists)', async () => {
    stubConsoleApi({
      ...BASE,
      'POST /accounts': refusal(409, 'account-exists', 'There is already an account called alice.'),
    });
    render(<AccountsPage />);
    await screen.findByTestId('account-alice');
    fillNewAccount('alice');
    fireEvent.click(screen.getByRole('button', { name: 'Create the account' }));
    await waitFor(() =>
      expect(errorOf('new-username')).toContain('There is already an account called alice'),
    );
    expect(within(screen.getByRole('alert')).getByRole('link').getAttribute('href')).toBe('#new-username');
  });

  it('puts the server’s field issues next to the fields they name (400 invalid-request)', async () => {
    stubConsoleApi({
      ...BASE,
      'POST /accounts': refusal(400, 'invalid-request', 'The request body is not valid.', [
        { path: 'username', message: 'That username is reserved' },
      ]),
    });
    render(<AccountsPage />);
    await screen.findByTestId('account-alice');
    fillNewAccount('admin');
    fireEvent.click(screen.getByRole('button', { name: 'Create the account' }));
    await waitFor(() => expect(errorOf('new-username')).toContain('That username is reserved'));
  });

  it('disables an account only after the confirmation step', async () => {
    const seen = stubConsoleApi({ ...BASE, [`POST /accounts/${ALICE}/disable`]: { status: 204 } });
    render(<AccountsPage />);
    fireEvent.click(await screen.findByRole('button', { name: /Disable\s*alice/ }));
    const panel = await screen.findByTestId('account-action');
    expect(within(panel).getByRole('heading', { name: 'Disable alice?' })).toBe(document.activeElement);
    expect(seen.some((request) => request.method === 'POST')).toBe(false);
    fireEvent.click(within(panel).getByRole('button', { name: 'Yes, disable alice' }));
    await screen.findByText('alice is disabled.');
    expect(seen.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual([
      `/accounts/${ALICE}/disable`,
    ]);
  });

  it('enables a disabled account after the confirmation step', async () => {
    const BOB = '0193a000-0000-7000-8000-000000000003';
    const seen = stubConsoleApi({ ...BASE, [`POST /accounts/${BOB}/enable`]: { json: {} } });
    render(<AccountsPage />);
    fireEvent.click(await screen.findByRole('button', { name: /Enable\s*bob/ }));
    const panel = await screen.findByTestId('account-action');
    fireEvent.click(within(panel).getByRole('button', { name: 'Yes, enable bob' }));
    await screen.findByText('bob is enabled.');
    expect(seen.filter((request) => request.method === 'POST').map((request) => request.path)).toEqual([
      `/accounts/${BOB}/enable`,
    ]);
  });

  it('sends nothing when the confirmation step is cancelled', async () => {
    const seen = stubConsoleApi(BASE);
    render(<AccountsPage />);
    fireEvent.click(await screen.findByRole('button', { name: /Disable\s*alice/ }));
    fireEvent.click(
      within(await screen.findByTestId('account-action')).getByRole('button', { name: 'Cancel' }),
    );
    expect(screen.queryByTestId('account-action')).toBeNull();
    expect(seen.some((request) => request.method === 'POST')).toBe(false);
  });

  it('resets a password: a short one is refused next to the field, a good one is sent', async () => {
    const seen = stubConsoleApi({ ...BASE, [`POST /accounts/${ALICE}/reset-password`]: { status: 204 } });
    render(<AccountsPage />);
    fireEvent.click(await screen.findByRole('button', { name: /Reset password\s*of alice/ }));
    const panel = await screen.findByTestId('account-action');
    fireEvent.input(within(panel).getByLabelText('New password'), { target: { value: 'short' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Set the new password' }));
    await waitFor(() => expect(errorOf('reset-password')).toContain('Use at least 12 characters'));
    fireEvent.input(within(panel).getByLabelText('New password'), {
      target: { value: 'another long passphrase' },
    });
    fireEvent.click(within(panel).getByRole('button', { name: 'Set the new password' }));
    await screen.findByText('The password of alice is reset.');
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({
      password: 'another long passphrase',
    });
  });
});
