// Leaving resident mode: only the worker may, with the passcode of the worker unlocked on the tablet (wrong ones
// count towards the same slowdown and lockout as at the lock screen).
import { useState } from 'preact/hooks';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { PasscodeInput } from '../../components/passcode-input';
import { toStoreError } from '../../db/errors';
import { confirmPasscode } from '../../db/keyring';
import { navigate } from '../../shell/router';
import { ENTER_PASSCODE, refusalMessage } from '../lock/passcode-messages';
import { stepHref } from './question-page';
import { leaveResidentMode } from './resident-mode';
import type { SignupRecord } from './use-signup';

export function HandBackPage(props: { record: SignupRecord }) {
  const { record } = props;
  const resume = stepHref(record.id, (record.payload.resumeAt as never) ?? 'name');
  const [passcode, setPasscode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    if (!passcode) return setError(ENTER_PASSCODE);
    setPending(true);
    try {
      const result = await confirmPasscode(passcode);
      setPasscode('');
      if (!result.ok) {
        // After too many wrong ones the keyring locks the tablet, and the lock screen takes over.
        setError(refusalMessage(result));
        return;
      }
      leaveResidentMode();
      navigate(resume);
    } catch (caught) {
      setError(toStoreError(caught).message);
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <BackLink href={resume} text="Back to the form" />
      <Page title="Give the tablet back to the outreach worker" hasErrors={error !== null}>
        <ErrorSummary errors={error ? [{ fieldId: 'hand-back-passcode', text: error }] : []} />
        <p class="nhsuk-body-l">If you are filling in your own form, go back to the form.</p>
        <p class="nhsuk-body">
          Outreach worker: enter your passcode to leave resident mode. The answers so far are saved; you can
          check them and carry on.
        </p>
        <form onSubmit={submit} noValidate>
          <PasscodeInput
            id="hand-back-passcode"
            label="Outreach worker’s passcode"
            autocomplete="current-password"
            value={passcode}
            onValue={setPasscode}
            error={error ?? undefined}
          />
          <Button type="submit" variant="secondary" disabled={pending}>
            Leave resident mode
          </Button>
        </form>
      </Page>
    </>
  );
}
