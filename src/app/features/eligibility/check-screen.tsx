// Routes inside one eligibility check (/check/{id}/{step}): loads the record, the rules' data and the signed-in
// worker, and shows the step. A finished check only shows its result.
import { Page } from '../../components/page';
import { useLiveQuery } from '../../db/live-query';
import { readSession } from '../../db/session';
import { Redirect } from '../../shell/redirect';
import { StoreProblem } from '../store-problem';
import { finishCheck, useCheck } from './check-store';
import { useEligibilityData } from './eligibility-data';
import { NeighbourhoodPage } from './neighbourhood-page';
import { OrganisationApplicationPage, OrganisationPage } from './organisation-check-pages';
import { checkHref, ResidentAboutPage, ResidentHomePage, RightToWorkPage } from './resident-check-pages';
import { ResultPage } from './result-page';

export function CheckScreen(props: { id: string; step: string }) {
  const check = useCheck(props.id);
  const data = useEligibilityData();
  const session = useLiveQuery(readSession, []);
  if (check.state === 'loading' || data.state === 'loading' || session.state === 'loading') return null;
  if (check.state === 'failed') return <StoreProblem error={check.error} />;
  if (data.state === 'failed') {
    return (
      <Page title="The check cannot run on this tablet">
        <p class="nhsuk-body">{data.message}</p>
      </Page>
    );
  }
  const record = check.value;
  if (!record) {
    return (
      <Page title="Check not found">
        <p class="nhsuk-body">This eligibility check is not on this tablet.</p>
      </Page>
    );
  }
  const workerName = session.state === 'ready' ? (session.value?.user.username ?? '') : '';
  const { payload } = record;
  if (payload.result && props.step !== 'result') return <Redirect to={checkHref(record.id, 'result')} />;
  if (props.step === 'result') {
    if (!payload.result) return <Redirect to={checkHref(record.id, payload.resumeAt)} />;
    return <ResultPage record={record} data={data.data} workerName={workerName} />;
  }
  const finish = () => finishCheck(record.id, data.data);
  const key = `${record.id}/${props.step}`;
  if (payload.kind === 'resident') {
    const common = { key, record, payload };
    switch (props.step) {
      case 'home':
        return <ResidentHomePage {...common} data={data.data} />;
      case 'neighbourhood':
        return <NeighbourhoodPage {...common} data={data.data} />;
      case 'about':
        return <ResidentAboutPage {...common} />;
      case 'right-to-work':
        return <RightToWorkPage {...common} onFinish={finish} />;
    }
  } else {
    const common = { key, record, payload, data: data.data };
    switch (props.step) {
      case 'organisation':
        return <OrganisationPage {...common} />;
      case 'application':
        return <OrganisationApplicationPage {...common} onFinish={finish} />;
    }
  }
  return <Redirect to={checkHref(record.id, payload.resumeAt)} />;
}
