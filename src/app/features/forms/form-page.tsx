// FormPage: one question page of any flow. Renders its fields, keeps what is typed in the draft as it changes,
// validates on Continue with the page's shared schema, shows errors beside the fields and in a summary, and hands
// the parsed answers to the flow to save.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { useUnsavedInput } from '../../pwa/unsaved-input';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { clearTyping, type DraftPage, typingFor, useDraftTyping, useLateTyping } from './draft-typing';
import {
  errorsByField,
  Field,
  type FieldDef,
  type FormValue,
  type FormValues,
  legendIsHeading as headingFromLegend,
  initialValues,
  submittedValues,
} from './fields';

export interface FormPageProps<Output> {
  title: string;
  caption?: string;
  intro?: ComponentChildren;
  fields: readonly FieldDef[];
  schema: v.GenericSchema<unknown, Output>;
  /** The answers saved so far, keyed by field name (ISO dates, pence). */
  stored: Record<string, unknown>;
  backHref: string;
  /** Saves the parsed answers and returns where to go next (undefined: stay, the save failed). */
  onSave: (output: Output) => Promise<string | undefined>;
  submitText?: string;
  /** Shown under the form (other ways forward, such as "I do not know their postcode"). */
  footer?: ComponentChildren;
  /**
   * The draft and page this form belongs to, whose typing is kept in the draft as it changes; `payload` is the
   * draft's payload as loaded (it holds the typing of a page left before Continue). Omitted: nothing typed is
   * kept before Continue (the bank details page: its numbers are never shown back in full).
   */
  draft?: DraftPage & { payload: unknown };
}

/** Offline this is the normal case: Continue saves to the tablet. A failed save (full tablet) is shown, and what
 * is on screen stays there to try again. */
export function FormPage<Output>(props: FormPageProps<Output>) {
  const { fields } = props;
  const [draft] = useState<DraftPage | null>(() =>
    props.draft ? { type: props.draft.type, id: props.draft.id, page: props.draft.page } : null,
  );
  // The page opens as it was left: its typing (a reload before Continue), else the answers saved so far.
  const [start] = useState<FormValues>(() => {
    const typed = props.draft ? typingFor(props.draft.payload, props.draft.page) : undefined;
    return { ...initialValues(fields, props.stored), ...typed };
  });
  const [values, setValues] = useState<FormValues>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { pending, error: saveError, run } = useStoreAction();
  const typing = useDraftTyping(draft, values, start);
  useUnsavedInput(typing.unsaved);
  useLateTyping(props.draft ? typingFor(props.draft.payload, props.draft.page) : undefined, start, setValues);
  const visible = fields.filter((field) => !field.showWhen || field.showWhen(values));
  const legendIsHeading = headingFromLegend(fields);

  async function onSubmit(event: Event) {
    event.preventDefault();
    const result = v.safeParse(props.schema, submittedValues(fields, values));
    if (!result.success) {
      setErrors(errorsByField(fields, result.issues));
      return;
    }
    setErrors({});
    await typing.settle();
    const next = await run(() => props.onSave(result.output));
    if (!next) {
      typing.resume();
      return;
    }
    typing.finish();
    // The answers are saved: the typing is no longer needed (kept, harmlessly, if this fails or the tab closes).
    if (draft) await clearTyping(draft).catch(() => undefined);
    navigate(next);
  }

  const summary = [
    ...(saveError ? [{ text: saveError.message }] : []),
    ...Object.entries(errors).map(([name, text]) => ({ fieldId: name, text })),
  ];
  return (
    <>
      <BackLink href={props.backHref} />
      <Page
        title={props.title}
        caption={props.caption}
        heading={!legendIsHeading}
        hasErrors={summary.length > 0}
      >
        <ErrorSummary errors={summary} />
        {props.intro}
        <form onSubmit={onSubmit} noValidate autocomplete="off">
          {visible.map((field) => (
            <Field
              key={field.name}
              field={field}
              value={values[field.name] as FormValue}
              error={errors[field.name]}
              legendIsHeading={legendIsHeading}
              onValue={(value) => setValues((current) => ({ ...current, [field.name]: value }))}
            />
          ))}
          <Button type="submit" disabled={pending}>
            {props.submitText ?? 'Continue'}
          </Button>
        </form>
        {props.footer}
      </Page>
    </>
  );
}
