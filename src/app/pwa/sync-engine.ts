// The service worker's sync engine, built apart as a classic script (sw-sync-engine-<hash>.js, see vite.config.ts):
// the worker imports it only when a Background Sync finds no page open, so its everyday start (serving the precache)
// never parses Dexie and the engine.
import { readSession } from '../db/session';
import { createApiClient } from '../sync/api-client';
import { runSync } from '../sync/engine';
import { SYNC_LOCK } from './background-sync';

/**
 * Runs the app's sync engine with no page open. Records and the session are sealed under a worker's key that lives
 * only in an unlocked page's memory, so with no page open readSession() is empty and nothing is sent until a worker
 * unlocks. 'retry-later' means the network or server may get over the failure: worth the browser's own retries.
 */
export async function syncWithoutPage(): Promise<'retry-later' | 'done'> {
  const session = await readSession();
  if (!session) return 'done';
  const client = createApiClient({ token: () => session.token });
  const outcome = await navigator.locks.request(SYNC_LOCK, { ifAvailable: true }, (lock) =>
    lock ? runSync(client, { workerId: session.user.id }) : null,
  );
  return outcome?.state === 'retry-later' ? 'retry-later' : 'done';
}
