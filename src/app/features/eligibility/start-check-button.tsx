// "Check their eligibility" on a sign-up: starts a resident check that reuses the sign-up's answers.
import type { SignupPayload } from '../../../shared/signup';
import { Button } from '../../components/button';
import type { LocalRecord } from '../../db/records';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { startResidentCheck } from './check-store';

export function StartCheckFromSignup(props: { signup: LocalRecord<SignupPayload>; secondary?: boolean }) {
  const { pending, error, run } = useStoreAction();
  const start = async () => {
    const check = await run(() => startResidentCheck(props.signup));
    if (check) navigate(`/check/${check.id}/home`);
  };
  return (
    <>
      {error ? <p class="nhsuk-error-message">{error.message}</p> : null}
      <Button variant={props.secondary ? 'secondary' : 'primary'} onClick={start} disabled={pending}>
        Check their eligibility
      </Button>
    </>
  );
}
