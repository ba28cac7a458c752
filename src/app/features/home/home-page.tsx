// Home: what the worker can do here, how many records wait to be sent, and the storage panel.
import { ButtonLink } from '../../components/button';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { lazy } from '../../shell/lazy';
import { StorageStatus } from '../storage/storage-status';

const SyncPanel = lazy(() => import('../sync/sync-panel').then((m) => m.SyncPanel));

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
