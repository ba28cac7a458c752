// Home: what the worker can do here, how many records wait to be sent, and the storage panel.
import { ButtonLink } from '../../components/button';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { useLiveQuery } from '../../db/live-query';
import { countOutbox } from '../../db/outbox';
import { StorageStatus } from '../storage/storage-status';

export function HomePage() {
  const waiting = useLiveQuery(countOutbox, []);
  return (
    <Page title="Anchor Outreach">
      <p class="nhsuk-lede-text">
        Sign residents up for Southend 2050 Ambition, check eligibility and transcribe micro-grant
        applications, with or without a connection. Everything is saved on this tablet as soon as it is
        entered.
      </p>
      {waiting.state === 'ready' ? (
        <p class="nhsuk-body" data-testid="waiting-count">
          {waiting.value === 0
            ? 'Nothing is waiting to be sent from this tablet.'
            : `${waiting.value} ${waiting.value === 1 ? 'record is' : 'records are'} waiting to be sent.`}
        </p>
      ) : null}
      <ButtonLink href="/signup">Sign up a resident</ButtonLink>
      <ul class="nhsuk-list nhsuk-list--bullet">
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
      <StorageStatus />
    </Page>
  );
}
