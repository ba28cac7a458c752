// Check your answers: every answer by section with Change links, then Submit marks the sign-up ready to send.
import * as v from 'valibot';
import { SignupAnswersSchema, type SignupPayload } from '../../../shared/signup';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { getRecord } from '../../db/records';
import { navigate } from '../../shell/router';
import { signupAnswerSections } from './answer-text';
import { stepHref } from './question-page';
import { firstUnanswered, previousStep } from './signup-flow';
import type { Voice } from './signup-pages';
import { type SignupRecord, submitSignup, useStoreAction } from './use-signup';

export function CheckAnswersPage(props: { record: SignupRecord; voice: Voice }) {
  const { record, voice } = props;
  const answers = record.payload.answers;
  const { pending, error, run } = useStoreAction();
  const missing = firstUnanswered(answers);
  const back = previousStep('check-answers', answers);

  async function submit() {
    // Check what is saved, not what this screen last rendered (a save may have landed since).
    const latest =
      (await run(() => getRecord<SignupPayload>('signup', record.id)))?.payload.answers ?? answers;
    // The server's schema still accepts the earlier hours bands; a draft holding one is asked again first.
    const first = firstUnanswered(latest);
    if (!v.is(SignupAnswersSchema, latest) || first !== 'check-answers') {
      navigate(stepHref(record.id, first === 'check-answers' ? 'name' : first, true));
      return;
    }
    const ready = await run(() => submitSignup(record.id));
    if (ready) navigate(`/signup/${record.id}/done`);
  }

  return (
    <>
      <BackLink href={back ? stepHref(record.id, back) : '/signup'} />
      <Page title={voice === 'resident' ? 'Check your answers' : 'Check the answers before sending'}>
        <ErrorSummary errors={error ? [{ text: error.message }] : []} />
        {missing !== 'check-answers' ? (
          <ErrorSummary
            title="Some questions are not answered yet"
            errors={[{ text: 'Answer the remaining questions before submitting' }]}
          />
        ) : null}
        {signupAnswerSections(answers, voice, (pageId, label) => ({
          href: stepHref(record.id, pageId, true),
          text: 'Change',
          visuallyHidden: label,
        })).map((section) => (
          <section key={section.pageId}>
            <h2 class="nhsuk-heading-m">{section.title}</h2>
            <SummaryList rows={section.rows} />
          </section>
        ))}
        <h2 class="nhsuk-heading-m">Now send the sign-up</h2>
        <p class="nhsuk-body">
          It is saved on this tablet and goes to the central team as soon as there is a connection.
        </p>
        <Button onClick={submit} disabled={pending}>
          Submit sign-up
        </Button>
      </Page>
    </>
  );
}
