// The online/offline tag shown in the header on every screen.
import { Tag } from '../components/tag';
import { type AppState, appState, useStore } from './app-state';

const selectOnline = (state: AppState) => state.online;

export function ConnectivityTag() {
  const online = useStore(appState, selectOnline);
  return (
    <span role="status" data-testid="connectivity">
      <Tag colour={online ? 'green' : 'grey'}>{online ? 'Online' : 'Offline'}</Tag>
    </span>
  );
}
