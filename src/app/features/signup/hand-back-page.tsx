// Leaving resident mode: only the worker may, after confirming (a passcode once shared-tablet security exists).
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Page } from '../../components/page';
import { navigate } from '../../shell/router';
import { stepHref } from './question-page';
import { leaveResidentMode } from './resident-mode';
import type { SignupRecord } from './use-signup';

export function HandBackPage(props: { record: SignupRecord }) {
  const { record } = props;
  const resume = stepHref(record.id, (record.payload.resumeAt as never) ?? 'name');
  return (
    <>
      <BackLink href={resume} text="Back to the form" />
      <Page title="Give the tablet back to the outreach worker">
        <p class="nhsuk-body-l">If you are filling in your own form, go back to the form.</p>
        <p class="nhsuk-body">
          Outreach worker: confirm to leave resident mode. The answers so far are saved; you can check them
          and carry on.
        </p>
        <Button
          variant="secondary"
          onClick={() => {
            leaveResidentMode();
            navigate(resume);
          }}
        >
          I am the outreach worker: leave resident mode
        </Button>
      </Page>
    </>
  );
}
