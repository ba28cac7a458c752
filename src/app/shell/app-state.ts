// App-wide UI state (connectivity, storage health) in one zustand store, and its Preact hook.
import { useEffect, useState } from 'preact/hooks';
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { StorageHealth } from '../db/storage-health';

export interface AppState {
  online: boolean;
  storage: StorageHealth | null;
}

export const appState: StoreApi<AppState> = createStore<AppState>(() => ({
  online: typeof navigator === 'undefined' ? true : navigator.onLine,
  storage: null,
}));

/** Subscribes a component to one slice of a zustand store (zustand/vanilla keeps React out of the bundle). */
export function useStore<S, T>(store: StoreApi<S>, select: (state: S) => T): T {
  const [value, setValue] = useState(() => select(store.getState()));
  useEffect(() => {
    setValue(select(store.getState()));
    return store.subscribe((state) => setValue(() => select(state)));
  }, [store, select]);
  return value;
}

/** Keeps `online` in step with the browser's online/offline events. */
export function watchConnectivity(target: Window = window): () => void {
  const update = () => appState.setState({ online: target.navigator.onLine });
  target.addEventListener('online', update);
  target.addEventListener('offline', update);
  update();
  return () => {
    target.removeEventListener('online', update);
    target.removeEventListener('offline', update);
  };
}
