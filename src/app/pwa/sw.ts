// The service worker: precaches the whole app shell (offline from the first visit), serves index.html for every
// in-app address, waits for the worker's Reload before a new version takes over, and syncs in the background
// where the browser supports Background Sync.
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { readSession } from '../db/session';
import { createApiClient } from '../sync/api-client';
import { runSync } from '../sync/engine';
import { BACKGROUND_SYNC_TAG, SYNC_LOCK, SYNC_NOW_MESSAGE } from './background-sync';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
};

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));
// Take control of the first page load so the app is offline-ready without a reload.
clientsClaim();

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/**
 * The browser fires this when a connection returns, even with the app closed. An open page is asked to sync
 * (it shows progress). With none open the worker would run the same engine itself, but records and the session
 * are sealed under a worker's key that lives only in an unlocked page's memory: readSession() is empty here, so
 * nothing is sent until a worker unlocks. Throwing on a retryable failure lets the browser try again later.
 * Nothing depends on this: pages sync on their own triggers too.
 */
async function backgroundSync(): Promise<void> {
  const pages = await self.clients.matchAll({ type: 'window' });
  if (pages.length > 0) {
    for (const page of pages) page.postMessage({ type: SYNC_NOW_MESSAGE });
    return;
  }
  const session = await readSession();
  if (!session) return;
  const client = createApiClient({ token: () => session.token });
  const outcome = await self.navigator.locks.request(SYNC_LOCK, { ifAvailable: true }, (lock) =>
    lock ? runSync(client, { workerId: session.user.id }) : null,
  );
  // Only a failure the network or server may get over is worth the browser's own (spaced) retries; a refusal for
  // good or a sign-in waits for the worker to open the app.
  if (outcome?.state === 'retry-later')
    throw new Error('The server could not be reached; the browser will retry.');
}

self.addEventListener('sync', (event) => {
  const syncEvent = event as ExtendableEvent & { tag: string };
  if (syncEvent.tag === BACKGROUND_SYNC_TAG) syncEvent.waitUntil(backgroundSync());
});
