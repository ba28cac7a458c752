// One sign-up question page: renders its fields, validates on Continue with the shared schema, saves the draft.
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import * as v from 'valibot';
import {
  isoToParts,
  PRIVACY_NOTICE_VERSION,
  SIGNUP_PAGE_SCHEMAS,
  type SignupAnswers,
  type SignupPayload,
} from '../../../shared/signup';
import type { DateParts } from '../../../shared/validation/uk';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { Checkboxes, Radios } from '../../components/choices';
import { DateInput } from '../../components/date-input';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { getRecord } from '../../db/records';
import { useUnsavedInput } from '../../pwa/unsaved-input';
import { navigate } from '../../shell/router';
import { findPossibleDuplicates } from './duplicates';
import { nextStep, previousStep, type SignupStep, stepAfterChange, withoutInapplicable } from './signup-flow';
import { type FieldDef, type PageDef, say, type Voice } from './signup-pages';
import { type SignupRecord, saveSignup, useStoreAction } from './use-signup';

type Values = Record<string, string | string[] | DateParts>;

function initialValues(page: PageDef, answers: Partial<SignupAnswers>): Values {
  const values: Values = {};
  for (const field of page.fields) {
    const answer = answers[field.name];
    if (field.kind === 'date') values[field.name] = isoToParts(answer as string | undefined);
    else if (field.kind === 'checkboxes') values[field.name] = (answer as string[] | undefined) ?? [];
    else values[field.name] = (answer as string | undefined) ?? '';
  }
  return values;
}

const emptyOf = (field: FieldDef) => (field.kind === 'checkboxes' ? [] : '');

/** The first message for each field, in the order the fields appear. */
function errorsByField(page: PageDef, issues: readonly v.BaseIssue<unknown>[]): Record<string, string> {
  const found: Record<string, string> = {};
  for (const issue of issues) {
    const key = String(issue.path?.[0]?.key ?? '');
    if (key && !(key in found)) found[key] = issue.message;
  }
  const ordered: Record<string, string> = {};
  for (const field of page.fields) if (found[field.name]) ordered[field.name] = found[field.name] as string;
  return ordered;
}

export const stepHref = (id: string, step: SignupStep, change = false) =>
  `/signup/${id}/${step}${change && step !== 'check-answers' ? '?change=1' : ''}`;

function Field(props: {
  field: FieldDef;
  voice: Voice;
  value: Values[string];
  error: string | undefined;
  legendIsHeading: boolean;
  onValue: (value: Values[string]) => void;
}) {
  const { field, voice, error } = props;
  const common = { id: field.name, hint: say(field.hint, props.voice), error };
  const label = say(field.label, voice) as string;
  switch (field.kind) {
    case 'text':
      return (
        <TextInput
          {...common}
          label={label}
          value={props.value as string}
          onValue={props.onValue}
          autocomplete="off"
          type={field.type ?? 'text'}
          inputMode={field.inputMode}
          spellcheck={field.spellcheck}
          widthClass={field.width}
        />
      );
    case 'textarea':
      return <Textarea {...common} label={label} value={props.value as string} onValue={props.onValue} />;
    case 'date':
      return (
        <DateInput
          {...common}
          legend={label}
          legendIsHeading={props.legendIsHeading}
          value={props.value as DateParts}
          onValue={props.onValue}
        />
      );
    case 'radios':
      return (
        <Radios
          {...common}
          name={field.name}
          legend={label}
          legendIsHeading={props.legendIsHeading}
          options={field.options}
          value={props.value as string}
          onValue={props.onValue}
        />
      );
    case 'checkboxes':
      return (
        <Checkboxes
          {...common}
          name={field.name}
          legend={label}
          legendIsHeading={props.legendIsHeading}
          options={field.options}
          exclusive={field.exclusive}
          value={props.value as string[]}
          onValue={props.onValue}
        />
      );
  }
}

export function QuestionPage(props: {
  record: SignupRecord;
  page: PageDef;
  voice: Voice;
  change: boolean;
  footer?: ComponentChildren;
}) {
  const { record, page, voice, change } = props;
  const start = useMemo(() => initialValues(page, record.payload.answers), [page, record.payload.answers]);
  const [values, setValues] = useState<Values>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { pending, error: saveError, run } = useStoreAction();
  useUnsavedInput(JSON.stringify(values) !== JSON.stringify(start));

  const visible = page.fields.filter((field) => !field.showWhen || field.showWhen(values));
  const legendIsHeading =
    page.fields.length === 1 && page.fields[0]?.kind !== 'text' && page.fields[0]?.kind !== 'textarea';
  const back = previousStep(page.id, record.payload.answers);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const input = Object.fromEntries(
      page.fields.map((field) => [field.name, visible.includes(field) ? values[field.name] : emptyOf(field)]),
    );
    const result = v.safeParse(SIGNUP_PAGE_SCHEMAS[page.id], input);
    if (!result.success) {
      setErrors(errorsByField(page, result.issues));
      return;
    }
    setErrors({});
    const merge = (payload: SignupPayload) =>
      withoutInapplicable({
        ...payload.answers,
        ...(result.output as Partial<SignupAnswers>),
        ...(page.id === 'consent' ? { privacyNoticeVersion: PRIVACY_NOTICE_VERSION } : {}),
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
        return { ...payload, answers, resumeAt: duplicateFound ? 'possible-duplicate' : stepAfter(answers) };
      }),
    );
    if (saved) navigate(stepHref(record.id, saved.payload.resumeAt as SignupStep, change && !duplicateFound));
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
        <form onSubmit={onSubmit} noValidate autocomplete="off">
          {visible.map((field) => (
            <Field
              key={field.name}
              field={field}
              voice={voice}
              value={values[field.name] as Values[string]}
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
