// Locking the tablet: typing on every open page saved first, then the worker's key dropped; and what the lock
// screen remembers across it (who unlocked last, a notice such as how many records signing out removed).
import { createStore } from 'zustand/vanilla';
import { keyringStore, lock } from '../../db/keyring';

export interface LockNotice {
  /** Who unlocked last (preselected on the lock screen while they can still unlock). */
  lastWorkerId: string | null;
  /** Shown once on the lock screen (after signing out), cleared at the next unlock. */
  notice: string | null;
}

export const lockNoticeStore = createStore<LockNotice>(() => ({
  lastWorkerId: keyringStore.getState().worker?.id ?? null,
  notice: null,
}));

keyringStore.subscribe(({ worker }) => {
  if (worker) lockNoticeStore.setState({ lastWorkerId: worker.id, notice: null });
});

/** Says `notice` on the lock screen that follows (signing out locks the tablet, so the page saying it is gone). */
export const noticeOnLockScreen = (notice: string): void => lockNoticeStore.setState({ notice });

/**
 * The lock sequence (Lock button, auto-lock): saves the typing of every open page and waits for those writes,
 * then forgets the worker's key. The screens unmount once locked, and nothing can be saved after.
 */
export async function lockTablet(): Promise<void> {
  try {
    // Loaded here, not at start: the lock screen (the first screen) has no typing, and the module brings the
    // record store. A page with typing has loaded it already, so this costs nothing when it matters.
    const { flushAllTyping } = await import('../forms/draft-typing');
    await flushAllTyping();
  } finally {
    lock();
  }
}
