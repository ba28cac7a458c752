// Registers the service worker with workbox-window and drives the "A new version is available" flow; its state
// (updateStore) is read by the shell's banner, so pwa/ never reaches into the shell.
import { Workbox } from 'workbox-window';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { hasUnsavedInput } from './unsaved-input';

/** 'waiting': a new version is downloaded; 'activated': it took over (from another tab) and this page is old. */
export type UpdateState = 'none' | 'waiting' | 'activated';

export const updateStore: StoreApi<{ update: UpdateState }> = createStore(() => ({
  update: 'none' as UpdateState,
}));

let workbox: Workbox | null = null;

/**
 * Runs `task` once the service worker controls this page: at once when it does (every visit after the first) or
 * where there is none to wait for (no support, development), else when the first install takes control. Work that
 * only warms caches waits for it: on a first visit the precache is downloading the same files, so fetching them
 * from the page too would download them twice. Returns a function that cancels the wait (or `task`'s own stop).
 */
export function whenControlled(task: () => () => void): () => void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV || navigator.serviceWorker.controller)
    return task();
  let stop: (() => void) | null = null;
  const start = () => {
    stop = task();
  };
  navigator.serviceWorker.addEventListener('controllerchange', start, { once: true });
  return () => {
    navigator.serviceWorker.removeEventListener('controllerchange', start);
    stop?.();
  };
}
let reloadWhenControlling = false;
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/**
 * Registers /sw.js, which precaches the whole app shell: from the first visit on, the app starts with no network.
 * A new version never takes over by itself: it waits until the worker presses Reload (applyUpdate).
 */
export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
  workbox = new Workbox('/sw.js');
  workbox.addEventListener('waiting', () => updateStore.setState({ update: 'waiting' }));
  // workbox-window's own isUpdate flag is fixed when register() runs, so on a first visit it stays false even
  // for a later update in the same page. A change of controller is an update when the page already had one.
  let controlled = Boolean(navigator.serviceWorker.controller);
  workbox.addEventListener('controlling', () => {
    const wasControlled = controlled;
    controlled = true;
    if (!wasControlled) return; // the first install taking control of this page: nothing to reload
    // The new version took over (from this tab or another). Reload only when nothing typed would be lost.
    if (reloadWhenControlling || !hasUnsavedInput()) window.location.reload();
    else updateStore.setState({ update: 'activated' });
  });
  void workbox.register();
  setInterval(() => {
    if (navigator.onLine) void workbox?.update();
  }, UPDATE_CHECK_MS);
}

/** Asks the server for a newer version now (the hourly check may be far off); the update banner follows. */
export function checkForUpdate(): void {
  if (navigator.onLine) void workbox?.update();
}

/**
 * Lets the waiting version take over and reloads this page. The update banner only calls this once the worker
 * has chosen to, after being told about any unsaved input on screen.
 */
export function applyUpdate(): void {
  reloadWhenControlling = true;
  if (!workbox || updateStore.getState().update === 'activated') window.location.reload();
  else workbox.messageSkipWaiting();
}
