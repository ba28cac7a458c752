// The shell: connectivity always shown, storage health and its 80% warning, and the update banner's care for input.
import { act, fireEvent, render, screen } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeStorage } from '../../../src/app/db/storage-health';
import { StorageStatus } from '../../../src/app/features/storage/storage-status';
import { updateStore } from '../../../src/app/pwa/service-worker';
import { useUnsavedInput } from '../../../src/app/pwa/unsaved-input';
import { App } from '../../../src/app/shell/app';
import { appState, watchConnectivity } from '../../../src/app/shell/app-state';
import { UpdateBanner } from '../../../src/app/shell/update-banner';
import { freshDatabase } from '../db/fresh-database';

beforeEach(() => {
  freshDatabase();
});
afterEach(() => {
  appState.setState({ storage: null, online: true });
  updateStore.setState({ update: 'none' });
});

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { value: online, configurable: true });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('connectivity', () => {
  it('shows Online or Offline in the header on every screen, following the browser', async () => {
    const stop = watchConnectivity(window);
    render(<App />);
    expect(screen.getByTestId('connectivity').textContent).toBe('Online');
    act(() => setOnline(false));
    expect(screen.getByTestId('connectivity').textContent).toBe('Offline');
    act(() => setOnline(true));
    expect(screen.getByTestId('connectivity').textContent).toBe('Online');
    stop();
  });
});

describe('storage health', () => {
  it('shows persistence and usage, and warns above 80% of the quota', () => {
    appState.setState({ storage: describeStorage(true, 500_000_000, 1_000_000_000) });
    const { rerender } = render(<StorageStatus />);
    expect(screen.getByTestId('storage-usage').textContent).toBe('500 MB used of 1.0 GB available (50%).');
    expect(screen.getByTestId('persistence').textContent).toMatch(/^Protected/);
    expect(screen.queryByText('This tablet is nearly full')).toBeNull();

    act(() => appState.setState({ storage: describeStorage(false, 810_000_000, 1_000_000_000) }));
    rerender(<StorageStatus />);
    expect(screen.getByText('This tablet is nearly full')).toBeTruthy();
    expect(screen.getByTestId('persistence').textContent).toMatch(/^Not protected/);
  });

  it('exactly 80% is not yet a warning; unknown figures are said to be unknown', () => {
    expect(describeStorage(null, 800, 1000).nearlyFull).toBe(false);
    expect(describeStorage(null, 801, 1000).nearlyFull).toBe(true);
    expect(describeStorage(null, null, null)).toMatchObject({ usedFraction: null, nearlyFull: false });
  });
});

function FormWithInput() {
  const [value, setValue] = useState('');
  useUnsavedInput(value !== '');
  return (
    <label>
      Name
      <input value={value} onInput={(event) => setValue((event.currentTarget as HTMLInputElement).value)} />
    </label>
  );
}

describe('update banner', () => {
  it('offers Reload when a new version is waiting', () => {
    updateStore.setState({ update: 'waiting' });
    render(<UpdateBanner />);
    expect(screen.getByText('A new version is available')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload' })).toBeTruthy();
  });

  it('warns before a reload would lose unsaved input, instead of reloading', () => {
    updateStore.setState({ update: 'waiting' });
    render(
      <>
        <UpdateBanner />
        <FormWithInput />
      </>,
    );
    fireEvent.input(screen.getByLabelText('Name'), { target: { value: 'Ada' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reload' }));
    expect(screen.getByText(/answers that are not saved yet/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Reload and lose unsaved answers' })).toBeTruthy();
    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Ada');
  });
});
