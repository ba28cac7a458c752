// One sign-up question page: renders its fields, keeps what is typed in the draft as it changes, validates on
// Continue with the shared schema and saves the page's answers to the draft (removing its typing).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { SIGNUP_PAGE_SCHEMAS, type SignupAnswers, type SignupPayload } from '../../../shared/signup';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { getRecord } from '../../db/records';
import { useUnsavedInput } from '../../pwa/unsaved-input';
import { navigate } from '../../shell/router';
import { typingFor, useDraftTyping, useLateTyping, withoutTypingFor } from '../forms/draft-typing';
import {
  errorsByField,
  Field,
  type FormValue,
  type FormValues,
  legendIsHeading as headingFromLegend,
  initialValues,
  submittedValues,
} from '../forms/fields';
import { PRIVACY_NOTICE } from '../privacy/privacy-notice';
import { privacyHref } from '../privacy/privacy-page';
import { findPossibleDuplicates } from './duplicates';
import { nextStep, previousStep, type SignupStep, stepAfterChange, withoutInapplicable } from './signup-flow';
import { type PageDef, say, type Voice } from './signup-pages';
import { type SignupRecord, saveSignup, useStoreAction } from './use-signup';

export const stepHref = (id: string, step: SignupStep, change = false) =>
  `/signup/${id}/${step}${change && step !== 'check-answers' ? '?change=1' : ''}`;

export function QuestionPage(props: {
  record: SignupRecord;
  page: PageDef;
  voice: Voice;
  change: boolean;
  footer?: ComponentChildren;
}) {
  const { record, page, voice, change } = props;
  // The page opens as it was left: its typing (a reload before Continue), else the answers saved so far.
  const [start] = useState<FormValues>(() => ({
    ...initialValues(page.fields, record.payload.answers),
    ...typingFor(record.payload, page.id),
  }));
  const [values, setValues] = useState<FormValues>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { pending, error: saveError, run } = useStoreAction();
  const [draft] = useState(() => ({ type: 'signup' as const, id: record.id, page: page.id }));
  const typing = useDraftTyping(draft, values, start);
  useUnsavedInput(typing.unsaved);
  useLateTyping(typingFor(record.payload, page.id), start, setValues);

  const visible = page.fields.filter((field) => !field.showWhen || field.showWhen(values));
  const legendIsHeading = headingFromLegend(page.fields);
  const back = previousStep(page.id, record.payload.answers);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const input = submittedValues(page.fields, values);
    const result = v.safeParse(SIGNUP_PAGE_SCHEMAS[page.id], input);
    if (!result.success) {
      setErrors(errorsByField(page.fields, result.issues));
      return;
    }
    setErrors({});
    await typing.settle();
    const merge = (payload: SignupPayload) =>
      withoutInapplicable({
        ...payload.answers,
        ...(result.output as Partial<SignupAnswers>),
        ...(page.id === 'consent' ? { privacyNoticeVersion: PRIVACY_NOTICE.version } : {}),
      });
    const stepAfter = (answers: Partial<SignupAnswers>): SignupStep =>
      change ? stepAfterChange(answers) : nextStep(page.id, answers);
    let duplicateFound = false;
    if (page.id === 'address') {
      // Compare what is saved (this screen's copy may predate the last Continue) with the rest of the tablet.
      const saved =
        (await run(() => getRecord<SignupPayload>('signup', record.id)))?.payload ?? record.payload;
      const duplicates = await run(() => findPossibleDuplicates(record.id, merge(saved)));
      const seen = saved.duplicatesSeen ?? [];
      duplicateFound = Boolean(duplicates?.some((duplicate) => !seen.includes(duplicate.id)));
    }
    const saved = await run(() =>
      saveSignup(record.id, (payload) => {
        const answers = merge(payload);
        return {
          ...withoutTypingFor(payload, page.id),
          answers,
          resumeAt: duplicateFound ? 'possible-duplicate' : stepAfter(answers),
        };
      }),
    );
    if (!saved) {
      typing.resume();
      return;
    }
    typing.finish();
    navigate(stepHref(record.id, saved.payload.resumeAt as SignupStep, change && !duplicateFound));
  }

  const summary = [
    ...(saveError ? [{ text: saveError.message }] : []),
    ...Object.entries(errors).map(([name, text]) => ({ fieldId: name, text })),
  ];
  const title = say(page.title, voice) as string;
  return (
    <>
      <BackLink
        href={change ? stepHref(record.id, 'check-answers') : back ? stepHref(record.id, back) : '/signup'}
      />
      <Page title={title} caption={page.caption} heading={!legendIsHeading} hasErrors={summary.length > 0}>
        <ErrorSummary errors={summary} />
        {page.intro ? <p class="nhsuk-body">{say(page.intro, voice)}</p> : null}
        {page.id === 'consent' ? (
          // An in-app page: what is typed here is kept in the draft when leaving, and shown again on return.
          <p class="nhsuk-body app-standalone-link">
            <Link href={privacyHref(stepHref(record.id, page.id))}>
              Read the privacy notice (version {PRIVACY_NOTICE.version})
            </Link>
          </p>
        ) : null}
        <form onSubmit={onSubmit} noValidate autocomplete="off">
          {visible.map((field) => (
            <Field
              key={field.name}
              field={field}
              voice={voice}
              value={values[field.name] as FormValue}
              error={errors[field.name]}
              legendIsHeading={legendIsHeading}
              onValue={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
            />
          ))}
          <Button type="submit" disabled={pending}>
            Continue
          </Button>
        </form>
        {props.footer}
      </Page>
    </>
  );
}
