// The sign-up's confirmation: its reference, what happens next, and a way to start the next one.
import { Button } from '../../components/button';
import { Link } from '../../components/link';
import { Panel } from '../../components/panel';
import { navigate } from '../../shell/router';
import { StartCheckFromSignup } from '../eligibility/start-check-button';
import { recordReference } from '../record-reference';
import type { Voice } from './signup-pages';
import { type SignupRecord, startSignup, useStoreAction } from './use-signup';

export function ConfirmationPage(props: { record: SignupRecord; voice: Voice }) {
  const { record, voice } = props;
  const { pending, error, run } = useStoreAction();
  const startAnother = async () => {
    const next = await run(startSignup);
    if (next) navigate(`/signup/${next.id}/name`);
  };
  return (
    <>
      <Panel title="Sign-up complete">
        Reference <strong>{recordReference(record.id)}</strong>
      </Panel>
      {voice === 'resident' ? (
        <>
          <p class="nhsuk-body-l">Thank you. Please give the tablet back to the person who is helping you.</p>
          <p class="nhsuk-body">
            <Link href={`/signup/${record.id}/hand-back`}>Give the tablet back to the outreach worker</Link>
          </p>
        </>
      ) : (
        <>
          <h2 class="nhsuk-heading-m">What happens next</h2>
          <p class="nhsuk-body">
            The sign-up is saved on this tablet and waits to be sent. It goes to the central team as soon as
            the tablet has a connection. The Trust will contact the resident in the way they chose.
          </p>
          {error ? <p class="nhsuk-error-message">{error.message}</p> : null}
          {/* NHS.UK's button group spaces the two buttons (side by side, or stacked on a narrow screen). */}
          <div class="nhsuk-button-group">
            <StartCheckFromSignup signup={record} />
            <Button variant="secondary" onClick={startAnother} disabled={pending}>
              Start a new sign-up
            </Button>
          </div>
          <p class="nhsuk-body">
            <Link href="/records?type=signup">See sign-ups on this tablet</Link>
          </p>
        </>
      )}
    </>
  );
}
