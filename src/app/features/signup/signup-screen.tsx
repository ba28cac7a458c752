// Routes inside one sign-up (/signup/{id}/{step}): loads the draft and shows the step, in the right voice.
import { Button } from '../../components/button';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { Redirect } from '../../shell/redirect';
import { useLocation } from '../../shell/router';
import { StoreProblem } from '../store-problem';
import { CheckAnswersPage } from './check-answers-page';
import { ConfirmationPage } from './confirmation-page';
import { DuplicatePage } from './duplicate-page';
import { HandBackPage } from './hand-back-page';
import { QuestionPage, stepHref } from './question-page';
import { enterResidentMode, useResidentRecordId } from './resident-mode';
import { isSignupPage } from './signup-flow';
import { SIGNUP_PAGES } from './signup-pages';
import { useSignup } from './use-signup';

function HandOver(props: { id: string; resident: boolean }) {
  if (props.resident) {
    return (
      <p class="nhsuk-body nhsuk-u-margin-top-6">
        <Link href={`/signup/${props.id}/hand-back`}>Give the tablet back to the outreach worker</Link>
      </p>
    );
  }
  return (
    <div class="nhsuk-u-margin-top-6">
      <h2 class="nhsuk-heading-s">Let the resident fill this in</h2>
      <p class="nhsuk-body">Shows only this sign-up, in larger text, until you take the tablet back.</p>
      <Button variant="secondary" onClick={() => enterResidentMode(props.id)}>
        Hand the tablet to the resident
      </Button>
    </div>
  );
}

export function SignupScreen(props: { id: string; step: string }) {
  const { query } = useLocation();
  const signup = useSignup(props.id);
  const residentId = useResidentRecordId();
  const resident = residentId === props.id;
  const voice = resident ? 'resident' : 'worker';
  if (signup.state === 'loading') return null;
  if (signup.state === 'failed') return <StoreProblem error={signup.error} />;
  const record = signup.value;
  if (!record) {
    return (
      <Page title="Sign-up not found">
        <p class="nhsuk-body">This sign-up is not on this tablet.</p>
      </Page>
    );
  }
  if (record.status !== 'draft' && props.step !== 'done')
    return <Redirect to={`/signup/${record.id}/done`} />;
  if (props.step === 'done') return <ConfirmationPage record={record} voice={voice} />;
  if (props.step === 'check-answers') return <CheckAnswersPage record={record} voice={voice} />;
  if (props.step === 'possible-duplicate') return <DuplicatePage record={record} />;
  if (props.step === 'hand-back') return <HandBackPage record={record} />;
  if (isSignupPage(props.step)) {
    return (
      <QuestionPage
        key={`${record.id}/${props.step}`}
        record={record}
        page={SIGNUP_PAGES[props.step]}
        voice={voice}
        change={query.get('change') === '1'}
        footer={<HandOver id={record.id} resident={resident} />}
      />
    );
  }
  return <Redirect to={stepHref(record.id, 'name')} />;
}
