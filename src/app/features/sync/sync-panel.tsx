// The sync panel on the home page: who is signed in, what waits, progress, the last good sync, Sync now, and
// signing out (optionally removing the worker's sent records from the tablet). Laid out by SyncPanelLayout, which
// the home page shows with "…" values until this code and the figures arrive.
import { useState } from 'preact/hooks';
import { Button, ButtonLink } from '../../components/button';
import { Link } from '../../components/link';
import { WarningCallout } from '../../components/warning-callout';
import { unlockedWorker } from '../../db/keyring';
import { useLiveQuery } from '../../db/live-query';
import { countUnowned } from '../../db/records';
import { readSession } from '../../db/session';
import { syncSummary } from '../../db/sync-queue';
import { checkForUpdate } from '../../pwa/service-worker';
import { formatDateTime, formatTime } from '../../shell/format';
import { signOut } from '../../sync/sign-in';
import { syncNow, useSyncStatus } from '../../sync/sync-service';
import { noticeOnLockScreen } from '../lock/lock-tablet';
import { NEEDS_ATTENTION_HREF } from '../on-this-tablet/records-page';
import { refusalAdvice } from './refusal-advice';
import { SyncPanelLayout, SyncPanelPlaceholder } from './sync-panel-layout';

export function SyncPanel() {
  const status = useSyncStatus();
  const session = useLiveQuery(readSession, []);
  const summary = useLiveQuery(syncSummary, []);
  const unowned = useLiveQuery(countUnowned, []);
  const [refusal, setRefusal] = useState<number | null>(null);
  const [removeSent, setRemoveSent] = useState('');
  const [removeMissing, setRemoveMissing] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  async function signOutNow() {
    setRemoveMissing(!removeSent);
    if (!removeSent) return;
    setSigningOut(true);
    try {
      const result = await signOut({ removeSent: removeSent === 'yes' });
      if (result.signedOut) {
        // Signing out locks the tablet: the lock screen that follows says what happened.
        noticeOnLockScreen(
          `You are signed out. ${result.removed === 1 ? '1 sent record was' : `${result.removed} sent records were`} removed from this tablet.`,
        );
      }
      setRefusal(result.signedOut ? null : result.unsent);
    } finally {
      setSigningOut(false);
    }
  }
  // Guard: until the figures are read, the same layout with "…" values (the unlocked worker is signed in).
  if (session.state !== 'ready' || summary.state !== 'ready')
    return <SyncPanelPlaceholder username={unlockedWorker()?.username ?? null} />;
  const { waiting, needsAttention, lastSyncAt } = summary.value;
  const signedIn = session.value;
  // A run with nothing to send (it only pulls the central team's news) shows the usual summary, not "0 of 0".
  const sending =
    status.phase === 'syncing' && status.progress && status.progress.total > 0 ? status.progress : null;
  const refused =
    status.phase === 'refused' && status.lastOutcome?.state === 'refused'
      ? refusalAdvice(status.lastOutcome.code)
      : null;

  return (
    <SyncPanelLayout
      notices={
        <>
          {!signedIn || status.phase === 'needs-sign-in' ? (
            <WarningCallout heading={signedIn ? 'Sign in again to send records' : 'Sign in to send records'}>
              <p>Everything you enter is kept on this tablet until you sign in, then sent.</p>
              <ButtonLink href="/sign-in">Sign in</ButtonLink>
            </WarningCallout>
          ) : null}
          {refused ? (
            <WarningCallout heading={refused.heading}>
              <p data-testid="sync-refusal">{refused.text}</p>
              {refused.action === 'update' ? (
                <Button variant="secondary" onClick={checkForUpdate}>
                  Check for an update
                </Button>
              ) : null}
            </WarningCallout>
          ) : null}
        </>
      }
      state={
        sending
          ? `Sending: ${sending.sent} of ${sending.total} sent.`
          : waiting === 0 && needsAttention === 0
            ? 'Everything on this tablet has reached the central team.'
            : `${waiting} ${waiting === 1 ? 'record is' : 'records are'} waiting to be sent.`
      }
      details={
        <>
          {sending ? (
            <progress class="app-meter" max={sending.total} value={sending.sent}>
              {sending.sent} of {sending.total}
            </progress>
          ) : null}
          {signedIn && unowned.state === 'ready' && unowned.value > 0 ? (
            <div data-testid="unowned">
              <p class="nhsuk-body">
                {unowned.value} {unowned.value === 1 ? 'record was' : 'records were'} made before anyone
                signed in: {unowned.value === 1 ? 'it waits' : 'they wait'} until the worker who made{' '}
                {unowned.value === 1 ? 'it claims it' : 'them claims them'}.
              </p>
              <p class="nhsuk-body">
                <Link href="/claim">Say whether {unowned.value === 1 ? 'it is' : 'they are'} yours</Link>
              </p>
            </div>
          ) : null}
          {needsAttention > 0 ? (
            <p class="nhsuk-body">
              <Link href={NEEDS_ATTENTION_HREF}>
                {needsAttention} {needsAttention === 1 ? 'record needs' : 'records need'} your attention
              </Link>
            </p>
          ) : null}
          {status.phase === 'retry-scheduled' && status.retryAt ? (
            <p class="nhsuk-body" data-testid="sync-retry">
              The central team’s server did not answer. Trying again automatically at{' '}
              {formatTime(status.retryAt)}.
            </p>
          ) : null}
          {status.phase === 'offline' ? (
            <p class="nhsuk-body">No connection: records will be sent when it returns.</p>
          ) : null}
        </>
      }
      lastSync={
        lastSyncAt
          ? `Last sent successfully: ${formatDateTime(lastSyncAt)}.`
          : 'Nothing has been sent from this tablet yet.'
      }
      account={
        signedIn
          ? {
              username: signedIn.user.username,
              onSyncNow: syncNow,
              syncing: status.phase === 'syncing',
              removeSent,
              onRemoveSent: setRemoveSent,
              removeMissing,
              onSignOut: signOutNow,
              signingOut,
              refusal: refusal ? (
                <WarningCallout heading="You cannot sign out yet">
                  <p>
                    {refusal} {refusal === 1 ? 'record has' : 'records have'} not reached the central team.
                    Send them first, or <Link href="/backup">download a backup</Link> to keep them safe.
                  </p>
                </WarningCallout>
              ) : null,
            }
          : null
      }
    />
  );
}
