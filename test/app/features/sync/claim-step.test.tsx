// After signing in, the records made on this tablet before anyone signed in: the worker is asked whether they
// are theirs; Yes claims them all, No leaves them unowned and the question comes back at the next sign-in.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnchorDatabase } from '../../../../src/app/db/database';
import { countUnowned, createRecord } from '../../../../src/app/db/records';
import { SignInPage } from '../../../../src/app/features/sync/sign-in-page';
import { navigate, useLocation } from '../../../../src/app/shell/router';
import { freshDatabase } from '../../db/fresh-database';
import { madeBeforeEncryption } from '../../db/legacy-records';
import { signedInAs, signedOut } from '../../db/signed-in';

// The server's part of signing in: a successful login stores the worker's session on the tablet.
// Sync now is counted: claimed records are sent at once.
const syncs = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../../../src/app/sync/sync-service', () => ({
  signIn: async (username: string) => {
    await signedInAs(`id-of-${username}`, username);
    return { needsPasscode: false };
  },
  syncNow: () => {
    syncs.count++;
  },
}));

let db: AnchorDatabase;

beforeEach(() => {
  syncs.count = 0;
  db = freshDatabase();
  navigate('/sign-in');
});

function Where() {
  return <p data-testid="path">{useLocation().path}</p>;
}

async function signInAs(username: string) {
  render(
    <>
      <SignInPage />
      <Where />
    </>,
  );
  fireEvent.input(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.input(screen.getByLabelText('Password'), { target: { value: 'correct horse' } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

const QUESTION = '2 records were made on this tablet before anyone signed in. Are they yours?';

/** Two records nobody owns, in the clear, as a tablet from before encryption holds them; then locked. */
async function seedUnowned() {
  const made = [
    await createRecord('signup', { answers: { firstName: 'Sara' } }),
    await createRecord('grant-application', { answers: { organisationName: 'Leigh Lunch Club' } }),
  ];
  await madeBeforeEncryption(made, 'nobody-yet');
  await signedOut();
  return made;
}

describe('claiming records after sign-in', () => {
  it('goes straight home when every record on the tablet has its worker', async () => {
    await signedInAs('id-of-bea', 'bea');
    await createRecord('signup', { answers: {} });
    await signedOut();
    await signInAs('amir');
    await waitFor(() => expect(screen.getByTestId('path').textContent).toBe('/'));
    expect(screen.queryByText(/before anyone signed in/)).toBeNull();
  });

  it('asks, and Yes gives every unowned record to the worker who signed in', async () => {
    const [signup, grant] = await seedUnowned();
    await signInAs('amir');
    await screen.findByText(QUESTION);
    fireEvent.click(screen.getByLabelText('Yes, they are mine'));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(screen.getByTestId('path').textContent).toBe('/'));
    expect((await db.signups.get(signup?.id ?? ''))?.workerId).toBe('id-of-amir');
    expect((await db.grantApplications.get(grant?.id ?? ''))?.workerId).toBe('id-of-amir');
    // And sealed under their key.
    expect((await db.signups.get(signup?.id ?? ''))?.payload.codec).toBe('aes-gcm-1');
    // Claimed records are this worker's to send now.
    expect(syncs.count).toBe(1);
  });

  it('leaves them unowned on No, and asks again at the next sign-in', async () => {
    await seedUnowned();
    await signInAs('amir');
    await screen.findByText(QUESTION);
    fireEvent.click(screen.getByLabelText('No, they are not mine'));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(screen.getByTestId('path').textContent).toBe('/'));
    expect(await countUnowned()).toBe(2);
    expect(syncs.count).toBe(0);

    await signedOut();
    navigate('/sign-in');
    await signInAs('bea');
    await screen.findByText(QUESTION);
  });

  it('asks for an answer when Continue is pressed without one', async () => {
    await seedUnowned();
    await signInAs('amir');
    await screen.findByText(QUESTION);
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    expect((await screen.findAllByText('Select yes if they are yours')).length).toBeGreaterThan(0);
    expect(await countUnowned()).toBe(2);
  });
});
