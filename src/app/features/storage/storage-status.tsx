// The storage panel: whether the browser keeps our data, space used and available, and the nearly-full warning.
// Laid out from the first paint, with "…" lines and an empty meter until the browser answers, so nothing moves.

import { WarningCallout } from '../../components/warning-callout';
import type { StorageHealth } from '../../db/storage-health';
import { appState, useStore } from '../../shell/app-state';
import { formatBytes } from '../../shell/format';

const selectStorage = (state: { storage: StorageHealth | null }) => state.storage;

function persistenceText(persisted: boolean | null): string {
  if (persisted === true)
    return 'Protected: the browser will keep records on this tablet even when space runs low.';
  if (persisted === false)
    return 'Not protected: the browser may clear records if the tablet runs short of space. Install the app to the home screen, or send and back up records often.';
  return 'This browser does not say whether it will keep records when space runs low.';
}

export function StorageStatus() {
  const storage = useStore(appState, selectStorage);
  const heading = <h2 class="nhsuk-heading-m">Storage on this tablet</h2>;
  // Guard: the browser has not answered yet: the same lines, saying so, and the meter's space.
  if (!storage)
    return (
      <div>
        {heading}
        <p class="nhsuk-body">Checking whether the browser will keep records on this tablet…</p>
        <p class="nhsuk-body">Checking how much space is used…</p>
        <span class="app-meter" aria-hidden="true" />
      </div>
    );
  const { usageBytes, quotaBytes, usedFraction } = storage;
  return (
    <div>
      {heading}
      <p class="nhsuk-body" data-testid="persistence">
        {persistenceText(storage.persisted)}
      </p>
      {usageBytes !== null && quotaBytes !== null && usedFraction !== null ? (
        <>
          <p class="nhsuk-body" data-testid="storage-usage">
            {formatBytes(usageBytes)} used of {formatBytes(quotaBytes)} available (
            {Math.round(usedFraction * 100)}%).
          </p>
          <meter
            class="app-meter"
            min={0}
            max={1}
            high={0.8}
            value={usedFraction}
            aria-label="Storage used"
          />
        </>
      ) : (
        <p class="nhsuk-body">This browser does not report how much space is used.</p>
      )}
      {storage.nearlyFull ? (
        <WarningCallout heading="This tablet is nearly full">
          <p>
            More than 80% of the space Anchor Outreach may use is taken. Send waiting records to the central
            team, and download a backup, before entering more.
          </p>
        </WarningCallout>
      ) : null}
    </div>
  );
}
