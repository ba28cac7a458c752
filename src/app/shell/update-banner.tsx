// "A new version is available" with a Reload button; it warns before a reload would lose unsaved input. It stands at
// the foot of the window (app-update-banner), below the app's frame, so appearing late moves nothing.
import { useState } from 'preact/hooks';
import { Button } from '../components/button';
import { NotificationBanner } from '../components/notification-banner';
import { applyUpdate, type UpdateState, updateStore } from '../pwa/service-worker';
import { hasUnsavedInput } from '../pwa/unsaved-input';
import { useStore } from './app-state';

const selectUpdate = (state: { update: UpdateState }) => state.update;

export function UpdateBanner() {
  const update = useStore(updateStore, selectUpdate);
  const [confirming, setConfirming] = useState(false);
  if (update === 'none') return null;
  const reload = () => {
    if (!confirming && hasUnsavedInput()) setConfirming(true);
    else applyUpdate();
  };
  return (
    <div class="app-update-banner">
      <div class="nhsuk-width-container">
        <NotificationBanner title="Update">
          <p class="nhsuk-notification-banner__heading">
            {update === 'waiting' ? 'A new version is available' : 'A new version has started in another tab'}
          </p>
          {confirming ? (
            <p class="nhsuk-body">
              This page has answers that are not saved yet. Press Continue on the form to save them, then
              reload. Or reload now and lose what you typed on this page.
            </p>
          ) : (
            <p class="nhsuk-body">
              Reload when you are ready. Everything already saved on this tablet is kept.
            </p>
          )}
          <Button small variant={confirming ? 'warning' : 'primary'} onClick={reload}>
            {confirming ? 'Reload and lose unsaved answers' : 'Reload'}
          </Button>
        </NotificationBanner>
      </div>
    </div>
  );
}
