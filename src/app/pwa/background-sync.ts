// Names shared by the page and the service worker for Background Sync, and the page's request for one.
export const BACKGROUND_SYNC_TAG = 'anchor-outreach-sync';
export const SYNC_LOCK = 'anchor-outreach-sync';
export const SYNC_NOW_MESSAGE = 'SYNC_NOW';
/** The global the service worker's separately built sync engine (sync-engine.ts) defines when imported. */
export const SYNC_ENGINE_GLOBAL = 'anchorSyncEngine';

interface SyncManagerLike {
  register(tag: string): Promise<void>;
}

/**
 * Asks the browser to wake the service worker when a connection returns, so records left waiting are sent even
 * if the app is closed by then. Browsers without Background Sync simply skip this.
 */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.getRegistration();
    const sync = (registration as (ServiceWorkerRegistration & { sync?: SyncManagerLike }) | undefined)?.sync;
    await sync?.register(BACKGROUND_SYNC_TAG);
  } catch {
    // Not supported, or refused (e.g. not installed): the page's own triggers still sync.
  }
}

/** Runs `onSyncNow` when the service worker asks this page to sync. */
export function listenForSyncRequests(onSyncNow: () => void): void {
  navigator.serviceWorker?.addEventListener('message', (event) => {
    if ((event.data as { type?: string } | null)?.type === SYNC_NOW_MESSAGE) onSyncNow();
  });
}
