// The home page's sync panel: progress only while records are being sent, what to do after a refusal, and records
// nobody owns.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { countUnowned, createRecord, markReady } from '../../../../src/app/db/records';
import { SyncPanel } from '../../../../src/app/features/sync/sync-panel';
import { App } from '../../../../src/app/shell/app';
import { navigate } from '../../../../src/app/shell/router';
import type { SyncStatus } from '../../../../src/app/sync/scheduler';
import { syncStatusStore } from '../../../../src/app/sync/sync-service';
import { freshDatabase } from '../../db/fresh-database';
import { madeBeforeEncryption } from '../../db/legacy-records';
import { signedInAs } from '../../db/signed-in';

const IDLE: SyncStatus = { phase: 'idle', progress: null, retryAt: null, lastOutcome: null };

beforeEach(() => {
  freshDatabase();
  syncStatusStore.setState(IDLE);
});

const stateText = async () => (await screen.findByTestId('sync-state')).textContent;

describe('sync panel', () => {
  it('never says "Sending: 0 of 0" while a run with nothing to send pulls the central team’s news', async () => {
    syncStatusStore.setState({ ...IDLE, phase: 'syncing', progress: { sent: 0, total: 0 } });
    render(<SyncPanel />);
    expect(await stateText()).toBe('Everything on this tablet has reached the central team.');
    expect(document.querySelector('progress')).toBeNull();
  });

  it('shows how many are sent out of how many while records are being sent', async () => {
    const record = await createRecord('signup', { n: 1 });
    await markReady('signup', record.id);
    syncStatusStore.setState({ ...IDLE, phase: 'syncing', progress: { sent: 2, total: 5 } });
    render(<SyncPanel />);
    expect(await stateText()).toBe('Sending: 2 of 5 sent.');
    expect(document.querySelector('progress')?.getAttribute('value')).toBe('2');
  });

  it('tells the worker what to do when the server refuses the tablet for good, records still waiting', async () => {
    const record = await createRecord('signup', { n: 1 });
    await markReady('signup', record.id);
    syncStatusStore.setState({
      ...IDLE,
      phase: 'refused',
      lastOutcome: {
        state: 'refused',
        sent: 0,
        code: 'protocol-version-unsupported',
        message: 'Update the app: this server speaks another protocol.',
      },
    });
    render(<SyncPanel />);
    await screen.findByRole('heading', { name: /Update the app to send records/ });
    expect(screen.getByRole('button', { name: 'Check for an update' })).toBeTruthy();
    await waitFor(async () => expect(await stateText()).toBe('1 record is waiting to be sent.'));
  });
});

describe('records nobody owns', () => {
  it('links a signed-in worker to the question whether they are theirs, and the answer Yes claims them', async () => {
    const made = await markReady('signup', (await createRecord('signup', { n: 1 })).id);
    await madeBeforeEncryption([made], 'worker-9');
    await signedInAs('worker-9', 'nia');
    navigate('/');
    render(<App />);
    const prompt = await screen.findByTestId('unowned');
    expect(prompt.textContent).toContain('1 record was made before anyone signed in');
    fireEvent.click(screen.getByRole('link', { name: 'Say whether it is yours' }));
    fireEvent.click(await screen.findByLabelText(/Yes, it is mine/));
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(async () => expect(await countUnowned()).toBe(0));
  });
});
