// Entry point: styles, the app shell, the service worker, connectivity and a persistent-storage request.
import { render } from 'preact';
import './styles/main.scss';
import { checkStorageHealth } from './db/storage-health';
import { restoreResidentMode } from './features/signup/resident-mode';
import { registerServiceWorker } from './pwa/service-worker';
import { guardUnload } from './pwa/unsaved-input';
import { App } from './shell/app';
import { appState, watchConnectivity } from './shell/app-state';
import { watchHistory } from './shell/router';
import { startSync } from './sync/sync-service';

restoreResidentMode();
watchConnectivity();
watchHistory();
guardUnload();
render(<App />, document.getElementById('app') as HTMLElement);
registerServiceWorker();
startSync();
void checkStorageHealth({ requestPersistence: true }).then((storage) => appState.setState({ storage }));
