// Routes inside one grant application (/grants/{id}/{step}): loads the draft and shows the step. A submitted
// application shows its confirmation; one the server refused can be corrected from check answers.
import { Page } from '../../components/page';
import { Redirect } from '../../shell/redirect';
import { useLocation } from '../../shell/router';
import { StoreProblem } from '../store-problem';
import { GrantCheckAnswersPage } from './check-answers-page';
import { GrantConfirmationPage } from './grant-confirmation-page';
import { GRANT_PAGES, grantHref, isGrantStep } from './grant-pages';
import { GrantQuestionPage } from './grant-question-page';
import { useGrant } from './grant-store';
import { MoneyPage } from './money-page';
import { PhotosPage, PhotoView } from './photos-page';

export function GrantScreen(props: { id: string; step: string; photoId?: string }) {
  const { query } = useLocation();
  const grant = useGrant(props.id);
  if (grant.state === 'loading') return null;
  if (grant.state === 'failed') return <StoreProblem error={grant.error} />;
  const record = grant.value;
  if (!record) {
    return (
      <Page title="Application not found">
        <p class="nhsuk-body">This grant application is not on this tablet.</p>
      </Page>
    );
  }
  const editable = record.status === 'draft' || (record.status === 'needs-attention' && !record.conflict);
  if (!editable && props.step !== 'done') return <Redirect to={grantHref(record.id, 'done')} />;
  if (props.step === 'done') return <GrantConfirmationPage record={record} />;
  const change = query.get('change') === '1';
  if (props.step === 'photo' && props.photoId) return <PhotoView record={record} photoId={props.photoId} />;
  if (props.step === 'money') return <MoneyPage key={record.id} record={record} change={change} />;
  if (props.step === 'photos') return <PhotosPage record={record} change={change} />;
  if (props.step === 'check-answers') return <GrantCheckAnswersPage record={record} />;
  if (isGrantStep(props.step) && props.step in GRANT_PAGES) {
    const page = props.step as keyof typeof GRANT_PAGES;
    return <GrantQuestionPage key={`${record.id}/${page}`} record={record} page={page} change={change} />;
  }
  return (
    <Redirect
      to={grantHref(record.id, isGrantStep(record.payload.resumeAt) ? record.payload.resumeAt : 'received')}
    />
  );
}
