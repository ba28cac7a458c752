// The passcode step after an online sign-in that needs one: the worker chooses the passcode that unlocks this
// tablet offline (6 or more digits), typed twice.
import { useState } from 'preact/hooks';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { PasscodeInput } from '../../components/passcode-input';
import { isValidPasscode, PASSCODE_MIN_DIGITS, setPasscode } from '../../db/keyring';
import { useStoreAction } from '../../shell/use-store-action';

export const PASSCODE_TOO_SHORT = `Enter a passcode of ${PASSCODE_MIN_DIGITS} or more digits`;
export const PASSCODES_DIFFER = 'The passcodes do not match';

/** Shown after a sign-in whose worker has no passcode on this tablet; `onDone` once it is set. */
export function PasscodeStep(props: { onDone: () => void }) {
  const [passcode, setPasscodeValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ fieldId: string; text: string }[]>([]);
  const { pending, error, run } = useStoreAction();

  async function submit(event: Event) {
    event.preventDefault();
    const found = !isValidPasscode(passcode)
      ? [{ fieldId: 'new-passcode', text: PASSCODE_TOO_SHORT }]
      : confirm !== passcode
        ? [{ fieldId: 'confirm-passcode', text: PASSCODES_DIFFER }]
        : [];
    setErrors(found);
    if (found.length) return;
    const saved = await run(async () => {
      await setPasscode(passcode);
      return true;
    });
    if (saved) props.onDone();
  }

  const all = [...errors, ...(error ? [{ text: error.message }] : [])];
  const errorFor = (id: string) => errors.find((item) => item.fieldId === id)?.text;
  return (
    <Page title="Choose a passcode" hasErrors={all.length > 0}>
      <ErrorSummary errors={all} />
      <p class="nhsuk-body">
        You use this passcode to unlock this tablet when there is no connection; it never leaves this tablet.
      </p>
      <form onSubmit={submit} noValidate>
        <PasscodeInput
          id="new-passcode"
          label="Passcode"
          hint={`${PASSCODE_MIN_DIGITS} or more numbers. Do not use your date of birth or a passcode you use elsewhere.`}
          autocomplete="new-password"
          value={passcode}
          onValue={setPasscodeValue}
          error={errorFor('new-passcode')}
        />
        <PasscodeInput
          id="confirm-passcode"
          label="Confirm passcode"
          autocomplete="new-password"
          value={confirm}
          onValue={setConfirm}
          error={errorFor('confirm-passcode')}
        />
        <Button type="submit" disabled={pending}>
          Save passcode
        </Button>
      </form>
    </Page>
  );
}
