// The coordinator console's frame: any /coordinator address shows the console (not the tablet's lock screen or
// navigation), its own sign-in (coordinators only, keeping the address), a 401 bringing the sign-in back, and the
// page that says the console needs a connection.
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lock } from '../../../../src/app/db/keyring';
import { App } from '../../../../src/app/shell/app';
import { appState } from '../../../../src/app/shell/app-state';
import { locationStore, navigate } from '../../../../src/app/shell/router';
import { consoleSessionStore } from '../../../../src/app/sync/console-client';
import {
  apiError,
  CONSOLE_TEST_TIMEOUT_MS,
  CONSOLE_WAIT_MS,
  COORDINATOR,
  json,
  listItem,
  signInCoordinator,
  signOutCoordinator,
  stubConsoleApi,
} from './console-api';

configure({ asyncUtilTimeout: CONSOLE_WAIT_MS });

const LIST = { records: [listItem({ displayName: 'Grace Hopper' })], total: 1, nextCursor: null };

beforeEach(() => {
  signOutCoordinator();
  appState.setState({ online: true });
});

afterEach(() => {
  vi.unstubAllGlobals();
  signOutCoordinator();
});

function answerListAndAccounts(request: { method: string; path: string }) {
  if (request.path === '/records') return json(LIST);
  if (request.path === '/accounts') return json({ accounts: [] });
  return undefined;
}

describe('the coordinator console frame', { timeout: CONSOLE_TEST_TIMEOUT_MS }, () => {
  it('shows the console’s sign-in at a /coordinator address, not the tablet’s lock screen, and keeps the address', async () => {
    lock();
    stubConsoleApi(answerListAndAccounts);
    navigate('/coordinator/records?type=signup');
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Sign in to the coordinator console' });
    expect(screen.queryByText('This tablet is locked')).toBeNull();
    expect(screen.getByText('Anchor Outreach – coordinators')).toBeTruthy();
    expect(screen.queryByRole('navigation', { name: 'Menu' })).toBeNull();
    expect(locationStore.getState().path).toBe('/coordinator/records');
  });

  it('signs a coordinator in and shows the page the address names, with the console’s navigation and no tablet links', async () => {
    const seen = stubConsoleApi((request) =>
      request.path === '/auth/login' ? json(COORDINATOR) : answerListAndAccounts(request),
    );
    navigate('/coordinator/records');
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Username'), { target: { value: 'carol' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'a long passphrase' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await screen.findByRole('heading', { level: 1, name: 'Records' });
    await screen.findByText('Grace Hopper');
    const login = seen.find((request) => request.path === '/auth/login');
    expect(login?.body).toEqual({ username: 'carol', password: 'a long passphrase' });
    // The list was asked for with the coordinator's token.
    expect(seen.find((request) => request.path === '/records')?.authorization).toBe(
      `Bearer ${COORDINATOR.token}`,
    );
    const menu = screen.getByRole('navigation', { name: 'Menu' });
    expect(
      within(menu)
        .getAllByRole('link')
        .map((link) => link.textContent),
    ).toEqual(['Records', 'Reach', 'Grant pot', 'Settings', 'Accounts', 'Postcodes']);
    expect(within(menu).getByRole('link', { name: 'Records' }).getAttribute('aria-current')).toBe('page');
    expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
    expect(screen.getByTestId('console-user').textContent).toContain('carol');
  });

  it('tells a worker’s account the console is for coordinators and keeps nobody signed in', async () => {
    stubConsoleApi((request) =>
      request.path === '/auth/login'
        ? json({ ...COORDINATOR, user: { ...COORDINATOR.user, username: 'worker1', role: 'worker' } })
        : undefined,
    );
    navigate('/coordinator');
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Username'), { target: { value: 'worker1' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'a long worker passphrase' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('The console is for coordinators');
    expect(document.getElementById('console-password-error')?.textContent).toContain('for coordinators');
    expect(consoleSessionStore.getState().session).toBeNull();
  });

  it('shows a wrong password next to the password field', async () => {
    stubConsoleApi(() => apiError(401, 'invalid-credentials', 'The username or password is not right.'));
    navigate('/coordinator');
    render(<App />);
    fireEvent.input(await screen.findByLabelText('Username'), { target: { value: 'carol' } });
    fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'wrong' } });
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() =>
      expect(document.getElementById('console-password-error')?.textContent).toContain(
        'The username or password is not right.',
      ),
    );
    await waitFor(() => expect(document.title).toMatch(/^Error: /));
  });

  it('asks for both fields before sending anything', async () => {
    const seen = stubConsoleApi(() => undefined);
    navigate('/coordinator');
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign in' }));
    await screen.findByText('Enter your username', { selector: '.nhsuk-error-summary a' });
    expect(document.getElementById('console-password-error')?.textContent).toContain('Enter your password');
    expect(seen).toEqual([]);
  });

  it('brings the sign-in back on a 401, keeping the address, and says the sign-in ended', async () => {
    signInCoordinator();
    stubConsoleApi((request) =>
      request.path === '/records'
        ? apiError(401, 'unauthenticated', 'Sign in again.')
        : json({ accounts: [] }),
    );
    navigate('/coordinator/records?q=ada');
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Sign in to the coordinator console' });
    await screen.findByText('Your sign-in has ended. Sign in again to carry on where you were.');
    expect(consoleSessionStore.getState().session).toBeNull();
    expect(`${locationStore.getState().path}?${locationStore.getState().query}`).toBe(
      '/coordinator/records?q=ada',
    );
  });

  it('says the console needs a connection while offline, and carries on when it returns', async () => {
    signInCoordinator();
    const seen = stubConsoleApi(answerListAndAccounts);
    appState.setState({ online: false });
    navigate('/coordinator/records');
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'The console needs a connection' });
    expect(seen).toEqual([]);
    appState.setState({ online: true });
    await screen.findByRole('heading', { level: 1, name: 'Records' });
  });

  it('signs out: the token is ended on the server and the sign-in comes back without “ended” words', async () => {
    signInCoordinator();
    const seen = stubConsoleApi((request) =>
      request.path === '/auth/logout' ? new Response(null, { status: 204 }) : answerListAndAccounts(request),
    );
    navigate('/coordinator/records');
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await screen.findByRole('heading', { level: 1, name: 'Sign in to the coordinator console' });
    expect(seen.some((request) => request.path === '/auth/logout' && request.method === 'POST')).toBe(true);
    expect(screen.queryByText(/Your sign-in has ended/)).toBeNull();
    expect(consoleSessionStore.getState().session).toBeNull();
  });

  it('answers an address it does not have with the console’s own page not found', async () => {
    signInCoordinator();
    stubConsoleApi(() => undefined);
    navigate('/coordinator/nowhere');
    render(<App />);
    await screen.findByText('There is no page at this address in the coordinator console.');
  });
});
