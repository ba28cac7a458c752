// The lock screen: unlocking with the right passcode, refusing a wrong one with the tries left, the lockout after
// ten, two workers taking turns on one tablet (each sees only their own records), the Lock button, and first use.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  keyringStore,
  lock,
  PASSCODE_MAX_FAILURES,
  setPasscode,
  unlockWithPasscode,
} from '../../../../src/app/db/keyring';
import { createRecord } from '../../../../src/app/db/records';
import { leaveResidentMode } from '../../../../src/app/features/signup/resident-mode';
import { App } from '../../../../src/app/shell/app';
import { locationStore, navigate } from '../../../../src/app/shell/router';
import { freshDatabase } from '../../db/fresh-database';
import { signedInAs } from '../../db/signed-in';
import { h1, type } from '../signup/fill';

const AMIR = { id: 'w-amir', username: 'amir', passcode: '135790' };
const BEA = { id: 'w-bea', username: 'bea', passcode: '246802' };

beforeEach(() => {
  freshDatabase();
  leaveResidentMode();
});

async function onTablet(worker: typeof AMIR) {
  await signedInAs(worker.id, worker.username);
  await setPasscode(worker.passcode);
}

const unlockedId = () => keyringStore.getState().worker?.id ?? null;
const unlock = () => fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
const total = (type: string) =>
  screen.getByTestId(`counts-${type}`).querySelector('[data-status="total"]')?.textContent;

describe('the lock screen', () => {
  it('stands in for any screen while locked, unlocks with the right passcode and refuses a wrong one', async () => {
    await onTablet(AMIR);
    lock();
    navigate('/records');
    render(<App />);
    await h1('This tablet is locked');
    expect(screen.queryByRole('heading', { name: 'On this tablet' })).toBeNull();
    expect(screen.queryByRole('navigation', { name: 'Menu' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Lock' })).toBeNull();
    // The only worker who can unlock is chosen already.
    expect((screen.getByLabelText('amir') as HTMLInputElement).checked).toBe(true);
    const field = screen.getByLabelText('Passcode') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    expect(field.getAttribute('autocomplete')).toBe('current-password');

    unlock();
    await waitFor(() => expect(screen.getAllByText('Enter your passcode')).toHaveLength(2), {
      timeout: 3_000,
    });

    type('Passcode', '000000');
    unlock();
    const wrong = 'That passcode is not right. 9 tries left before you must sign in online.';
    await waitFor(() => expect(screen.getAllByText(wrong)).toHaveLength(2), { timeout: 3_000 });
    expect(unlockedId()).toBeNull();

    type('Passcode', AMIR.passcode);
    unlock();
    await h1('On this tablet');
    expect(unlockedId()).toBe(AMIR.id);
    // The address that was open stays.
    expect(locationStore.getState().path).toBe('/records');
    expect(screen.getByRole('button', { name: 'Lock' })).toBeTruthy();
  });

  it('after the tenth wrong passcode only an online sign-in unlocks, and says so with a link', async () => {
    await onTablet(AMIR);
    lock();
    // Nine wrong ones long ago (each wait is over by now).
    for (let attempt = 0; attempt < PASSCODE_MAX_FAILURES - 1; attempt++)
      await unlockWithPasscode(AMIR.id, '000000', new Date(Date.UTC(2020, 0, 1, attempt)));
    navigate('/');
    render(<App />);
    await h1('This tablet is locked');
    type('Passcode', '999999');
    unlock();
    const message = 'Sign in online to unlock (too many wrong passcodes, or you signed out).';
    await waitFor(() => expect(screen.getAllByText(message)).toHaveLength(2), { timeout: 3_000 });
    expect(screen.getByRole('link', { name: 'Sign in online' }).getAttribute('href')).toBe('/sign-in');
    await waitFor(() => expect(within(screen.getByTestId('needs-sign-in')).getByText('amir')).toBeTruthy());
    expect(screen.queryByLabelText('amir')).toBeNull();
    // With nobody left to unlock by passcode the form is gone, but its message and the way forward stay.
    expect(screen.getAllByText(message)).toHaveLength(2);
    expect(screen.getByRole('link', { name: 'Sign in online' }).getAttribute('href')).toBe('/sign-in');
    expect(document.querySelector('.nhsuk-error-summary a')?.getAttribute('href')).toBe('#unlock-message');
    expect(document.getElementById('unlock-message')?.textContent).toContain(message);

    // The right passcode no longer works either.
    expect(await unlockWithPasscode(AMIR.id, AMIR.passcode)).toEqual({ ok: false, reason: 'needs-sign-in' });
    expect(unlockedId()).toBeNull();
  });

  it('says when a worker must wait after several wrong passcodes', async () => {
    await onTablet(AMIR);
    lock();
    for (let attempt = 0; attempt < 5; attempt++) await unlockWithPasscode(AMIR.id, '000000');
    navigate('/');
    render(<App />);
    await h1('This tablet is locked');
    type('Passcode', AMIR.passcode);
    unlock();
    await waitFor(
      () => expect(screen.getAllByText(/^Too many wrong passcodes\. Try again at \d/)).toHaveLength(2),
      { timeout: 3_000 },
    );
    expect(unlockedId()).toBeNull();
  });

  it('two workers on one tablet: lock, the other worker unlocks, and sees only their own records', async () => {
    await onTablet(AMIR);
    await createRecord('signup', { answers: { firstName: 'Sara' } });
    await createRecord('signup', { answers: { firstName: 'Tom' } });
    await onTablet(BEA);
    await createRecord('grant-application', { answers: { organisationName: 'Leigh Lunch Club' } });

    navigate('/records');
    render(<App />);
    await h1('On this tablet');
    await waitFor(() => expect(total('grant-application')).toBe('1'));
    expect(total('signup')).toBe('0');

    fireEvent.click(screen.getByRole('button', { name: 'Lock' }));
    await h1('This tablet is locked');
    expect(unlockedId()).toBeNull();
    // Bea unlocked last, so she is chosen; Amir chooses himself.
    expect((screen.getByLabelText('bea') as HTMLInputElement).checked).toBe(true);
    fireEvent.click(screen.getByLabelText('amir'));
    type('Passcode', BEA.passcode);
    unlock();
    expect(
      (await screen.findAllByText('That passcode is not right. 9 tries left before you must sign in online.'))
        .length,
    ).toBe(2);
    type('Passcode', AMIR.passcode);
    unlock();
    await h1('On this tablet');
    expect(unlockedId()).toBe(AMIR.id);
    await waitFor(() => expect(total('signup')).toBe('2'));
    expect(total('grant-application')).toBe('0');
  });

  it('lists workers who must sign in online, and offers signing in as someone else', async () => {
    await onTablet(AMIR);
    await signedInAs(BEA.id, BEA.username); // no passcode yet: she must sign in online again
    lock();
    navigate('/');
    render(<App />);
    await h1('This tablet is locked');
    expect(screen.getByRole('heading', { name: 'Sign in online to use this tablet again' })).toBeTruthy();
    expect(within(screen.getByTestId('needs-sign-in')).getByText('bea')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: 'Sign in as someone else' }));
    await h1('Sign in to send records');
    expect(locationStore.getState().path).toBe('/sign-in');
  });

  it('on a tablet nobody has used, asks to sign in; about and privacy stay open', async () => {
    lock();
    navigate('/');
    render(<App />);
    await h1('Sign in to start');
    expect(screen.getByRole('link', { name: 'Sign in' }).getAttribute('href')).toBe('/sign-in');
    navigate('/about');
    await waitFor(() => expect(screen.queryByRole('heading', { name: 'Sign in to start' })).toBeNull());
  });
});
