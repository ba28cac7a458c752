// Wires syncing into the page: one scheduler, its triggers (start, online, tab shown, sign-in, Sync now), the
// Web Locks guard so one tab syncs at a time, retention after each good run, and the status the UI shows.
import { createStore } from 'zustand/vanilla';
import { keyringStore, unlockedWorker } from '../db/keyring';
import { countOutbox } from '../db/outbox';
import { readSession } from '../db/session';
import { runRetention } from '../db/sync-queue';
import { listenForSyncRequests, requestBackgroundSync, SYNC_LOCK } from '../pwa/background-sync';
import { useStore } from '../shell/app-state';
import { type ApiClient, createApiClient } from './api-client';
import { runSync } from './engine';
import { SyncScheduler, type SyncStatus } from './scheduler';
import { signIn as signInWith } from './sign-in';

export const syncStatusStore = createStore<SyncStatus>(() => ({
  phase: 'idle',
  progress: null,
  retryAt: null,
  lastOutcome: null,
}));

let token: string | undefined;
const client: ApiClient = createApiClient({ token: () => token });
let scheduler: SyncScheduler | null = null;

/** Only one tab syncs at a time: the others skip their run and see its results through the store. */
async function withSyncLock(task: () => Promise<void>): Promise<boolean> {
  if (!('locks' in navigator)) {
    await task();
    return true;
  }
  return navigator.locks.request(SYNC_LOCK, { ifAvailable: true }, async (lock) => {
    if (!lock) return false;
    await task();
    return true;
  });
}

/** Starts syncing for this page: now, and on every trigger after. Safe to call once at start. */
export function startSync(): void {
  if (scheduler) return;
  scheduler = new SyncScheduler({
    run: async (onProgress) => {
      const session = await readSession();
      token = session?.token;
      // Locked, or the unlocked worker signed out: nothing may be read or sent until someone signs in or unlocks.
      if (!session) return { state: 'needs-sign-in', sent: 0 };
      const outcome = await runSync(client, { onProgress, workerId: session.user.id, token: session.token });
      if (outcome.state === 'done') await runRetention();
      return outcome;
    },
    isOnline: () => navigator.onLine,
    hasWaiting: async () => {
      const worker = unlockedWorker();
      return worker !== null && (await countOutbox(worker.id)) > 0;
    },
    withLock: withSyncLock,
    onStatus: (status) => {
      const previous = syncStatusStore.getState().phase;
      syncStatusStore.setState(status);
      // Records left waiting: ask to be woken when the connection returns, even if the app is closed by then.
      // Once per change of phase: a registration while online fires at once, and must not feed a loop.
      const waitingPhase = status.phase === 'offline' || status.phase === 'retry-scheduled';
      if (waitingPhase && status.phase !== previous) void requestBackgroundSync();
    },
  });
  // The service worker's Background Sync is an automatic trigger like the others: it never skips a backoff wait.
  listenForSyncRequests(() => scheduler?.request());
  const request = () => scheduler?.request();
  window.addEventListener('online', request);
  window.addEventListener('offline', request);
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') request();
  });
  // A worker unlocking (or signing in) sends what waits for them. Unlocking is a person acting, like signing in:
  // the page's first run found the tablet locked (no session: needs-sign-in), which an automatic request never
  // leaves, so after a reload or in a new page nothing was sent until Sync now.
  keyringStore.subscribe((state, previous) => {
    if (state.worker && state.worker.id !== previous.worker?.id) scheduler?.request({ manual: true });
  });
  request();
}

/** "Sync now": runs at once, cutting short any backoff wait. */
export const syncNow = (): void => scheduler?.request({ manual: true });

/**
 * Signs in (needs a connection), unlocking the worker's key, then syncs straight away. `needsPasscode`: the
 * worker must choose a passcode next. Fails with the API client's errors.
 */
export async function signIn(username: string, password: string): Promise<{ needsPasscode: boolean }> {
  const { session, needsPasscode } = await signInWith(client, username, password);
  token = session.token;
  syncNow();
  return { needsPasscode };
}

const selectStatus = (status: SyncStatus) => status;
export const useSyncStatus = (): SyncStatus => useStore(syncStatusStore, selectStatus);
