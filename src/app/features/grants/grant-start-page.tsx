// /grants: start transcribing a paper micro-grant application, with what to have ready.
import { Button } from '../../components/button';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { useLiveQuery } from '../../db/live-query';
import { readSession } from '../../db/session';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { startGrant } from './grant-store';

export function GrantStartPage() {
  const session = useLiveQuery(readSession, []);
  const { pending, error, run } = useStoreAction();
  const start = async () => {
    const name = session.state === 'ready' ? (session.value?.user.username ?? '') : '';
    const record = await run(() => startGrant(name));
    if (record) navigate(`/grants/${record.id}/received`);
  };
  return (
    <Page title="Transcribe a paper micro-grant application">
      <p class="nhsuk-body">
        Type in the application exactly as written on the paper form, then photograph each of its pages. Every
        Continue saves it on this tablet, so you can stop and come back to it.
      </p>
      <p class="nhsuk-body">If something on the form cannot be read, flag it for review before you submit.</p>
      {error ? <p class="nhsuk-error-message">{error.message}</p> : null}
      <Button onClick={start} disabled={pending}>
        Start now
      </Button>
      <p class="nhsuk-body app-standalone-link">
        <Link href="/records?type=grant-application&status=draft">Applications started on this tablet</Link>
      </p>
    </Page>
  );
}
