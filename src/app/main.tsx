// Entry point: styles, the app shell, the service worker, connectivity and a persistent-storage request.
import { render } from 'preact';
import './styles/main.scss';
import { whenUnlocked } from './db/keyring';
import { checkStorageHealth } from './db/storage-health';
import { restoreResidentMode } from './features/signup/resident-mode';
import { registerServiceWorker } from './pwa/service-worker';
import { guardUnload } from './pwa/unsaved-input';
import { App, isConsolePath } from './shell/app';
import { appState, watchConnectivity } from './shell/app-state';
import { watchHistory } from './shell/router';

restoreResidentMode();
watchConnectivity();
watchHistory();
guardUnload();
render(<App />, document.getElementById('app') as HTMLElement);
registerServiceWorker();
// The coordinator console (opened at /coordinator, online, on a desktop) is not a tablet: it neither syncs a worker's
// records nor asks to keep storage.
if (!isConsolePath(window.location.pathname)) {
  // Syncing starts when a worker first unlocks: while the tablet is locked nothing may be read or sent (the session
  // is sealed under the worker's key), so the lock screen neither loads nor runs the sync code.
  whenUnlocked(() => void import('./sync/sync-service').then((sync) => sync.startSync()));
  void checkStorageHealth({ requestPersistence: true }).then((storage) => appState.setState({ storage }));
}
