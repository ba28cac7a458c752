// Start page of the sign-up: what it is for, what the worker needs, and Start now (a fresh, empty draft).
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { navigate } from '../../shell/router';
import { startSignup, useStoreAction } from './use-signup';

export function SignupStartPage() {
  const { pending, error, run } = useStoreAction();
  const start = async () => {
    const record = await run(startSignup);
    if (record) navigate(`/signup/${record.id}/name`);
  };
  return (
    <Page title="Sign up a resident for Southend 2050 Ambition">
      <ErrorSummary errors={error ? [{ text: error.message }] : []} />
      <p class="nhsuk-body">
        Sign up a resident who would like help into a job in health and care. It takes a few minutes. Every
        page is saved on this tablet when you press Continue, so nothing is lost if the app closes.
      </p>
      <p class="nhsuk-body">You will be asked about:</p>
      <ul class="nhsuk-list nhsuk-list--bullet">
        <li>their name, date of birth, address and contact details</li>
        <li>their work now, the jobs that interest them and the hours they could work</li>
        <li>anything that makes work harder, and the partner support they would like</li>
        <li>optional equality questions, and their consent</li>
      </ul>
      <p class="nhsuk-body">You can hand the tablet to the resident to fill it in themselves.</p>
      <Button onClick={start} disabled={pending}>
        Start now
      </Button>
    </Page>
  );
}
