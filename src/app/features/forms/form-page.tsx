// FormPage: one question page of any flow. Renders its fields, validates on Continue with the page's shared
// schema, shows errors beside the fields and in a summary, and hands the parsed answers to the flow to save.
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import * as v from 'valibot';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { useUnsavedInput } from '../../pwa/unsaved-input';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
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
}

/** Offline this is the normal case: Continue saves to the tablet. A failed save (full tablet) is shown, and what
 * is on screen stays there to try again. */
export function FormPage<Output>(props: FormPageProps<Output>) {
  const { fields } = props;
  const start = useMemo(() => initialValues(fields, props.stored), [fields, props.stored]);
  const [values, setValues] = useState<FormValues>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { pending, error: saveError, run } = useStoreAction();
  useUnsavedInput(JSON.stringify(values) !== JSON.stringify(start));
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
    const next = await run(() => props.onSave(result.output));
    if (next) navigate(next);
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
