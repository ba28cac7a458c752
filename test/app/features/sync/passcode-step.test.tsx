// Choosing a passcode after an online sign-in that needs one: 6 or more digits, typed twice, then home; and signing
// out, optionally removing the worker's sent records, said on the lock screen that follows.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { keyringStore, knownWorkers, lock, unlockWithPasscode } from '../../../../src/app/db/keyring';
import { createRecord, getRecord, markReady } from '../../../../src/app/db/records';
import { applyPushResults, takeBatch } from '../../../../src/app/db/sync-queue';
import { SignInPage } from '../../../../src/app/features/sync/sign-in-page';
import { App } from '../../../../src/app/shell/app';
import { navigate, useLocation } from '../../../../src/app/shell/router';
import { freshDatabase } from '../../db/fresh-database';
import { signedInAs } from '../../db/signed-in';
import { h1, type } from '../signup/fill';

// The server's part: signing in unlocks the worker's key; a worker new to this tablet needs a passcode.
vi.mock('../../../../src/app/sync/sync-service', () => ({
  signIn: async (username: string) => {
    await signedInAs(`id-of-${username}`, username);
    return { needsPasscode: true };
  },
  syncNow: () => {},
  useSyncStatus: () => ({ phase: 'idle', progress: null, retryAt: null, lastOutcome: null }),
}));

beforeEach(() => {
  freshDatabase();
  lock();
  navigate('/sign-in');
});

function Where() {
  return <p data-testid="path">{useLocation().path}</p>;
}

async function signIn(username: string) {
  render(
    <>
      <SignInPage />
      <Where />
    </>,
  );
  type('Username', username);
  type('Password', 'correct horse');
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
  await h1('Choose a passcode');
}

const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save passcode' }));
const shown = async (text: string) =>
  await waitFor(() => expect(screen.getAllByText(text)).toHaveLength(2), { timeout: 3_000 });

describe('choosing a passcode', () => {
  it('explains it, asks for 6 or more digits typed twice, and goes home once it is set', async () => {
    await signIn('amir');
    expect(screen.getByText(/unlock this tablet when there is no connection; it never leaves this tablet/));
    const field = screen.getByLabelText('Passcode') as HTMLInputElement;
    expect(field.type).toBe('password');
    expect(field.getAttribute('inputmode')).toBe('numeric');
    expect(field.getAttribute('autocomplete')).toBe('new-password');
    expect(screen.getByLabelText('Confirm passcode').getAttribute('autocomplete')).toBe('new-password');

    save();
    await shown('Enter a passcode of 6 or more digits');
    type('Passcode', '12345');
    save();
    await shown('Enter a passcode of 6 or more digits');
    type('Passcode', '12345a');
    save();
    await shown('Enter a passcode of 6 or more digits');

    type('Passcode', '314159');
    type('Confirm passcode', '314158');
    save();
    await shown('The passcodes do not match');
    expect((await knownWorkers())[0]?.state).toBe('signed-out');

    type('Confirm passcode', '314159');
    save();
    await waitFor(() => expect(screen.getByTestId('path').textContent).toBe('/'));
    expect((await knownWorkers())[0]?.state).toBe('active');
    lock();
    expect(await unlockWithPasscode('id-of-amir', '314159')).toEqual({ ok: true });
  });
});

describe('signing out', () => {
  it('asks whether to remove the sent records, and the lock screen says how many went', async () => {
    await signedInAs('id-of-bea', 'bea');
    const sent = await createRecord('signup', { answers: { firstName: 'Sara' } });
    const draft = await createRecord('signup', { answers: { firstName: 'Tom' } });
    await markReady('signup', sent.id);
    const batch = await takeBatch({ maxChanges: 10, maxBytes: 1_000_000 });
    await applyPushResults(
      batch,
      batch.changes.map(({ change }) => ({ changeId: change.changeId, status: 'applied', recordVersion: 1 })),
    );
    expect((await getRecord('signup', sent.id))?.status).toBe('synced');

    navigate('/');
    render(<App />);
    // The panel is laid out at once with its buttons disabled, until its code and figures arrive.
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Sign out' }).hasAttribute('disabled')).toBe(false),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(
      (await screen.findAllByText('Select yes if your sent records should be removed from this tablet'))
        .length,
    ).toBeGreaterThan(0);
    fireEvent.click(screen.getByLabelText('Yes'));
    fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
    await screen.findByText('You are signed out. 1 sent record was removed from this tablet.');
    expect(keyringStore.getState().worker).toBeNull();
    await signedInAs('id-of-bea', 'bea');
    expect(await getRecord('signup', sent.id)).toBeUndefined();
    expect((await getRecord('signup', draft.id))?.status).toBe('draft');
  });
});
