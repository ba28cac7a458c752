// Home: what the worker can do here, how many records wait to be sent, and the storage panel. Both panels are laid
// out from the first paint ("…" values until their figures arrive), so nothing on the page moves as they fill in.
import { ButtonLink } from '../../components/button';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { keyringStore, type UnlockedWorker } from '../../db/keyring';
import { useStore } from '../../shell/app-state';
import { lazy } from '../../shell/lazy';
import { StorageStatus } from '../storage/storage-status';
import { SyncPanelPlaceholder } from '../sync/sync-panel-layout';

const selectUsername = (state: { worker: UnlockedWorker | null }) => state.worker?.username ?? null;

function UnlockedSyncPanelPlaceholder() {
  return <SyncPanelPlaceholder username={useStore(keyringStore, selectUsername)} />;
}

/** The sync panel, whose code (the sync engine's) loads after the first screen. */
export const SyncPanel = lazy(() => import('../sync/sync-panel').then((m) => m.SyncPanel), {
  placeholder: <UnlockedSyncPanelPlaceholder />,
});

export function HomePage() {
  return (
    <Page title="Anchor Outreach">
      <p class="nhsuk-lede-text">
        Sign residents up for Southend 2050 Ambition, check eligibility and transcribe micro-grant
        applications, with or without a connection. Everything is saved on this tablet as soon as it is
        entered.
      </p>
      <ButtonLink href="/signup">Sign up a resident</ButtonLink>
      <ul class="nhsuk-list nhsuk-list--bullet">
        <li>
          <Link href="/check">Check a resident’s or an organisation’s eligibility</Link>
        </li>
        <li>
          <Link href="/grants">Transcribe a paper micro-grant application</Link>
        </li>
        <li>
          <Link href="/records">See what is on this tablet</Link>
        </li>
        <li>
          <Link href="/backup">Download a backup, or restore one</Link>
        </li>
        <li>
          <Link href="/about">About Anchor Outreach</Link>
        </li>
      </ul>
      <SyncPanel />
      <StorageStatus />
    </Page>
  );
}
