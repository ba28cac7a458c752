// The online/offline tag shown in the header on every screen.
import { Tag } from '../components/tag';
import { useLiveQuery } from '../db/live-query';
import { countOutbox } from '../db/outbox';
import { type AppState, appState, useStore } from './app-state';

const selectOnline = (state: AppState) => state.online;

export function ConnectivityTag() {
  const online = useStore(appState, selectOnline);
  const waiting = useLiveQuery(countOutbox, []);
  return (
    <span class="app-header-status">
      <span role="status" data-testid="connectivity">
        <Tag colour={online ? 'green' : 'grey'}>{online ? 'Online' : 'Offline'}</Tag>
      </span>{' '}
      {waiting.state === 'ready' && waiting.value > 0 ? (
        <span data-testid="waiting-tag">
          <Tag colour="blue">{waiting.value} to send</Tag>
        </span>
      ) : null}
    </span>
  );
}
