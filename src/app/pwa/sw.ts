// The service worker: precaches the whole app shell (offline from the first visit), serves index.html for every
// in-app address, waits for the worker's Reload before a new version takes over, and syncs in the background
// where the browser supports Background Sync (the sync engine is a separate script, imported only to sync).
/// <reference lib="webworker" />
import { clientsClaim } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { BACKGROUND_SYNC_TAG, SYNC_ENGINE_GLOBAL, SYNC_NOW_MESSAGE } from './background-sync';

declare const self: ServiceWorkerGlobalScope & {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
} & { [SYNC_ENGINE_GLOBAL]?: typeof import('./sync-engine') };
/** The sync engine's script (its name carries its content hash), set by the build (vite.config.ts). */
declare const __SYNC_ENGINE_URL__: string;

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//] }));
// Take control of the first page load so the app is offline-ready without a reload.
clientsClaim();

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

/**
 * A service worker may import a script later only if it imported it while installing (the browser keeps the copy
 * with the worker, so it also works offline): import it now, once, so that a later sync can.
 */
self.addEventListener('install', () => {
  try {
    importScripts(__SYNC_ENGINE_URL__);
  } catch {
    // Not reachable now: this version syncs only through open pages, which sync on their own triggers anyway.
  }
});

/** The sync engine, imported (from the worker's installed copy) the first time this run of the worker needs it. */
function syncEngine(): typeof import('./sync-engine') {
  if (!self[SYNC_ENGINE_GLOBAL]) importScripts(__SYNC_ENGINE_URL__);
  const engine = self[SYNC_ENGINE_GLOBAL];
  // Guard: the script ran but defined nothing (a build fault); say so rather than fail on undefined.
  if (!engine) throw new Error(`The sync engine (${__SYNC_ENGINE_URL__}) did not load.`);
  return engine;
}

/**
 * The browser fires this when a connection returns, even with the app closed. An open page is asked to sync
 * (it shows progress). With none open the worker runs the same engine itself (see sync-engine.ts: with no unlocked
 * page it has no session and sends nothing). Throwing on a retryable failure lets the browser try again later.
 * Nothing depends on this: pages sync on their own triggers too.
 */
async function backgroundSync(): Promise<void> {
  const pages = await self.clients.matchAll({ type: 'window' });
  if (pages.length > 0) {
    for (const page of pages) page.postMessage({ type: SYNC_NOW_MESSAGE });
    return;
  }
  // Only a failure the network or server may get over is worth the browser's own (spaced) retries; a refusal for
  // good or a sign-in waits for the worker to open the app.
  if ((await syncEngine().syncWithoutPage()) === 'retry-later')
    throw new Error('The server could not be reached; the browser will retry.');
}

self.addEventListener('sync', (event) => {
  const syncEvent = event as ExtendableEvent & { tag: string };
  if (syncEvent.tag === BACKGROUND_SYNC_TAG) syncEvent.waitUntil(backgroundSync());
});
