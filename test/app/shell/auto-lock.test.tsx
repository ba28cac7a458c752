// Auto-lock: the warning 30 seconds before, Stay unlocked postponing it, activity resetting the period, and the
// lock at the end with the open page's typing saved first (unlocking again shows it).
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keyringStore, setPasscode } from '../../../src/app/db/keyring';
import { getRecord } from '../../../src/app/db/records';
import { TYPING_KEY } from '../../../src/app/features/forms/draft-typing';
import { leaveResidentMode } from '../../../src/app/features/signup/resident-mode';
import { startSignup } from '../../../src/app/features/signup/use-signup';
import { App } from '../../../src/app/shell/app';
import { startIdleTimer, WARNING_SECONDS } from '../../../src/app/shell/auto-lock';
import { navigate } from '../../../src/app/shell/router';
import { AUTO_LOCK_MINUTES_DEFAULT } from '../../../src/shared/programmes';
import { freshDatabase } from '../db/fresh-database';
import { DEFAULT_TEST_WORKER, signedInAs } from '../db/signed-in';
import { h1, type } from '../features/signup/fill';

const PASSCODE = '20262026';
const PERIOD_S = AUTO_LOCK_MINUTES_DEFAULT * 60;

beforeEach(async () => {
  freshDatabase();
  leaveResidentMode();
  await signedInAs(DEFAULT_TEST_WORKER);
  await setPasscode(PASSCODE);
  // Only the idle timer's clock is faked: the store and the typing's own timers run as usual.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

const seconds = (count: number) =>
  act(() => {
    vi.advanceTimersByTime(count * 1000);
  });
const dialog = () => screen.queryByRole('alertdialog');
const unlocked = () => keyringStore.getState().worker !== null;
const countdown = (left: number) =>
  `This tablet will lock in ${left} seconds to keep residents’ details safe.`;

describe('auto-lock', () => {
  it('warns 30 seconds before, counting down; Stay unlocked postpones, and at the end the tablet locks', async () => {
    navigate('/');
    render(<App />);
    await h1('Anchor Outreach');
    await seconds(PERIOD_S - WARNING_SECONDS - 1);
    expect(dialog()).toBeNull();
    await seconds(1);
    const warning = dialog() as HTMLElement;
    expect(warning).toBeTruthy();
    expect(warning.getAttribute('aria-modal')).toBe('true');
    expect(warning.getAttribute('aria-labelledby')).toBe('auto-lock-title');
    expect(screen.getByText(countdown(30))).toBeTruthy();
    const stay = screen.getByRole('button', { name: 'Stay unlocked' });
    expect(document.activeElement).toBe(stay);
    await seconds(5);
    expect(screen.getByText(countdown(25))).toBeTruthy();

    // A tap elsewhere does not dismiss it unseen.
    fireEvent.pointerDown(document.body);
    await seconds(1);
    expect(screen.getByText(countdown(24))).toBeTruthy();

    fireEvent.click(stay);
    expect(dialog()).toBeNull();
    await seconds(PERIOD_S - WARNING_SECONDS - 1);
    expect(dialog()).toBeNull();
    expect(unlocked()).toBe(true);
    await seconds(1);
    expect(dialog()).toBeTruthy();
    await seconds(WARNING_SECONDS);
    await waitFor(() => expect(unlocked()).toBe(false));
    await h1('This tablet is locked');
    expect(dialog()).toBeNull();
  });

  it('counts touching, typing and scrolling as use: the period starts again', async () => {
    navigate('/');
    render(<App />);
    await h1('Anchor Outreach');
    await seconds(PERIOD_S - 60);
    fireEvent.keyDown(window, { key: 'Tab' });
    await seconds(PERIOD_S - 60);
    fireEvent.scroll(window);
    await seconds(PERIOD_S - 60);
    fireEvent.pointerDown(document.body);
    await seconds(PERIOD_S - WARNING_SECONDS - 1);
    expect(dialog()).toBeNull();
    expect(unlocked()).toBe(true);
  });

  it('saves the open page’s typing before locking: unlocking again shows it, and the draft is intact', async () => {
    const { id } = await startSignup();
    navigate(`/signup/${id}/name`);
    render(<App />);
    await h1('What is the resident’s name?');
    type('First name', 'Ada');
    type('Last name', 'Lovelace');
    await seconds(PERIOD_S);
    await waitFor(() => expect(unlocked()).toBe(false));
    await h1('This tablet is locked');

    type('Passcode', PASSCODE);
    fireEvent.click(screen.getByRole('button', { name: 'Unlock' }));
    await h1('What is the resident’s name?');
    const record = await getRecord('signup', id);
    expect(record?.status).toBe('draft');
    expect((record?.payload as Record<string, unknown> | undefined)?.[TYPING_KEY]).toEqual({
      page: 'name',
      values: { firstName: 'Ada', lastName: 'Lovelace', preferredName: '' },
    });
    expect((screen.getByLabelText('First name') as HTMLInputElement).value).toBe('Ada');

    // Reopened from the store (a reload), the typing is there too.
    cleanup();
    navigate(`/signup/${id}/name`);
    render(<App />);
    await h1('What is the resident’s name?');
    expect((screen.getByLabelText('Last name') as HTMLInputElement).value).toBe('Lovelace');
  });
});

describe('the idle timer', () => {
  it('takes its clock and timers from the caller, and a tablet that slept past the period locks on waking', () => {
    let now = 0;
    let tick = () => {};
    const warnings: (number | null)[] = [];
    const onLock = vi.fn();
    const target = new EventTarget() as unknown as Window;
    const timer = startIdleTimer({
      periodMs: 60_000,
      onWarning: (left) => warnings.push(left),
      onLock,
      target,
      now: () => now,
      setInterval: (run) => {
        tick = run;
        return 1;
      },
      clearInterval: () => {},
    });
    now = 29_000;
    tick();
    expect(warnings).toEqual([]);
    now = 30_000;
    tick();
    expect(warnings).toEqual([30]);
    timer.stay();
    expect(warnings).toEqual([30, null]);
    now = 30_000 + 10 * 60_000;
    tick();
    expect(onLock).toHaveBeenCalledTimes(1);
    tick();
    expect(onLock).toHaveBeenCalledTimes(1);
  });
});
