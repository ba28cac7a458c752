// The lock screen: shown instead of any screen while nobody is unlocked; a worker on this tablet unlocks with their
// passcode, offline, and the screen that was open comes back. Switching worker is locking, then unlocking.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { Button, ButtonLink } from '../../components/button';
import { Radios } from '../../components/choices';
import { ErrorSummary } from '../../components/error-summary';
import { Link } from '../../components/link';
import { NotificationBanner } from '../../components/notification-banner';
import { Page } from '../../components/page';
import { PasscodeInput } from '../../components/passcode-input';
import { type KnownWorker, knownWorkers, unlockWithPasscode } from '../../db/keyring';
import { useLiveQuery } from '../../db/live-query';
import { useStore } from '../../shell/app-state';
import { lockNoticeStore } from './lock-tablet';
import { ENTER_PASSCODE, type Refusal, refusalMessage } from './passcode-messages';

/** Where the unlock message stands when no one is left to unlock by passcode (the form is gone). */
const NO_FORM_MESSAGE_ID = 'unlock-message';

const selectNotice = (state: { lastWorkerId: string | null; notice: string | null }) => state;

export function LockScreen() {
  const workers = useLiveQuery(knownWorkers, []);
  const { lastWorkerId, notice } = useStore(lockNoticeStore, selectNotice);
  if (workers.state === 'loading') return null;
  const all = workers.state === 'ready' ? workers.value : [];
  const banner = notice ? <NotificationBanner success>{notice}</NotificationBanner> : null;
  if (all.length === 0) {
    return (
      <Page title="Sign in to start">
        {banner}
        <p class="nhsuk-body">
          Nobody has used Anchor Outreach on this tablet yet. The first time, you need a connection to sign in
          with the account the central team gave you; after that you unlock with a passcode, offline.
        </p>
        <ButtonLink href="/sign-in">Sign in</ButtonLink>
      </Page>
    );
  }
  return <UnlockForm workers={all} lastWorkerId={lastWorkerId} banner={banner} />;
}

function UnlockForm(props: {
  workers: KnownWorker[];
  lastWorkerId: string | null;
  banner: ComponentChildren;
}) {
  const active = props.workers.filter((worker) => worker.state === 'active');
  const others = props.workers.filter((worker) => worker.state !== 'active');
  const preselected =
    active.length === 1
      ? (active[0]?.id ?? '')
      : (active.find((worker) => worker.id === props.lastWorkerId)?.id ?? '');
  const [chosen, setChosen] = useState(preselected);
  const [passcode, setPasscode] = useState('');
  const [errors, setErrors] = useState<{ fieldId: string; text: string }[]>([]);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [pending, setPending] = useState(false);
  const workerId = active.some((worker) => worker.id === chosen) ? chosen : '';

  async function submit(event: Event) {
    event.preventDefault();
    const missing = [
      ...(workerId ? [] : [{ fieldId: 'worker', text: 'Select who you are' }]),
      ...(passcode ? [] : [{ fieldId: 'passcode', text: ENTER_PASSCODE }]),
    ];
    setErrors(missing);
    setRefusal(null);
    if (missing.length) return;
    setPending(true);
    try {
      const result = await unlockWithPasscode(workerId, passcode);
      if (result.ok) {
        // Records from before encryption are sealed at each unlock (a failure waits for the next one).
        // (Loaded now, not at start: the lock screen needs only the keyring.)
        void import('../../db/workers').then((workers) => workers.sealLegacyRecords()).catch(() => 0);
        return;
      }
      setPasscode('');
      setRefusal(result);
      setErrors([{ fieldId: 'passcode', text: refusalMessage(result) }]);
    } catch (error) {
      setErrors([
        { fieldId: 'passcode', text: error instanceof Error ? error.message : 'Unlocking did not work.' },
      ]);
    } finally {
      setPending(false);
    }
  }

  const errorFor = (id: string) => errors.find((error) => error.fieldId === id)?.text;
  const formShown = active.length > 0;
  // The last worker who could unlock by passcode has just been locked out, so the form is gone: its message stays,
  // linked from the summary, beside the way forward.
  const summaryErrors = formShown
    ? errors
    : errors.map((error) => ({ ...error, fieldId: NO_FORM_MESSAGE_ID }));
  return (
    <Page title="This tablet is locked" hasErrors={errors.length > 0}>
      {props.banner}
      <ErrorSummary errors={summaryErrors} />
      {formShown ? (
        <form onSubmit={submit} noValidate>
          <Radios
            id="worker"
            name="worker"
            legend="Who are you?"
            options={active.map((worker) => ({ value: worker.id, label: worker.username }))}
            value={workerId}
            onValue={setChosen}
            error={errorFor('worker')}
          />
          <PasscodeInput
            id="passcode"
            label="Passcode"
            hint="The passcode you chose when you signed in on this tablet."
            autocomplete="current-password"
            value={passcode}
            onValue={setPasscode}
            error={errorFor('passcode')}
          />
          {refusal?.reason === 'needs-sign-in' ? (
            <p class="nhsuk-body app-standalone-link">
              <Link href="/sign-in">Sign in online</Link>
            </p>
          ) : null}
          <Button type="submit" disabled={pending}>
            Unlock
          </Button>
        </form>
      ) : (
        <>
          {errorFor('passcode') ? (
            <p class="nhsuk-error-message" id={NO_FORM_MESSAGE_ID}>
              <span class="nhsuk-u-visually-hidden">Error:</span> {errorFor('passcode')}
            </p>
          ) : null}
          {refusal?.reason === 'needs-sign-in' ? (
            <p class="nhsuk-body app-standalone-link">
              <Link href="/sign-in">Sign in online</Link>
            </p>
          ) : (
            <p class="nhsuk-body">Nobody can unlock this tablet with a passcode at the moment.</p>
          )}
        </>
      )}
      {others.length > 0 ? (
        <>
          <h2 class="nhsuk-heading-s">Sign in online to use this tablet again</h2>
          <ul class="nhsuk-list nhsuk-list--bullet" data-testid="needs-sign-in">
            {others.map((worker) => (
              <li key={worker.id}>{worker.username}</li>
            ))}
          </ul>
        </>
      ) : null}
      <p class="nhsuk-body app-standalone-link">
        <Link href="/sign-in">Sign in as someone else</Link>
      </p>
    </Page>
  );
}
