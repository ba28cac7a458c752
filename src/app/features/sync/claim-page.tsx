// /claim: the question about records nobody owns, asked whenever a signed-in worker opens it (the home panel links
// here when some are on the tablet, e.g. restored from a backup after signing in), not only right after sign-in.
import { Page } from '../../components/page';
import { useLiveQuery } from '../../db/live-query';
import { countUnowned } from '../../db/records';
import { readSession } from '../../db/session';
import { navigate } from '../../shell/router';
import { ClaimStep } from './claim-step';

export function ClaimPage() {
  const session = useLiveQuery(readSession, []);
  const unowned = useLiveQuery(countUnowned, []);
  if (session.state !== 'ready' || unowned.state !== 'ready') return null;
  if (!session.value || unowned.value === 0) {
    return (
      <Page title="No records to claim">
        <p class="nhsuk-body">
          {session.value
            ? 'Every record on this tablet has the worker who made it.'
            : 'Sign in first: records made before anyone signed in become the signed-in worker’s.'}
        </p>
      </Page>
    );
  }
  return <ClaimStep count={unowned.value} workerId={session.value.user.id} onDone={() => navigate('/')} />;
}
