// The override form on a check's result page: a worker records a different result and why, kept beside the
// computed one.
import { useState } from 'preact/hooks';
import * as v from 'valibot';
import { OverrideFormSchema } from '../../../shared/eligibility/check-pages';
import { OUTCOME_LABELS, OUTCOMES } from '../../../shared/eligibility/types';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';
import { ErrorSummary } from '../../components/error-summary';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { useStoreAction } from '../../shell/use-store-action';
import { type CheckRecord, saveOverride } from './check-store';

export function OverrideForm(props: { record: CheckRecord; workerName: string }) {
  const [values, setValues] = useState({ outcome: '', reason: '', by: props.workerName });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { pending, error: saveError, run } = useStoreAction();
  const set = (name: keyof typeof values) => (value: string) =>
    setValues((current) => ({ ...current, [name]: value }));

  async function onSubmit(event: Event) {
    event.preventDefault();
    const result = v.safeParse(OverrideFormSchema, values);
    if (!result.success) {
      const found: Record<string, string> = {};
      for (const issue of result.issues) {
        const key = String(issue.path?.[0]?.key ?? '');
        found[key] ??= issue.message;
      }
      setErrors(found);
      return;
    }
    setErrors({});
    const saved = await run(() =>
      saveOverride(props.record.id, { ...result.output, at: new Date().toISOString() }),
    );
    if (saved) setValues({ outcome: '', reason: '', by: result.output.by });
  }

  const summary = [
    ...(saveError ? [{ text: saveError.message }] : []),
    ...(['outcome', 'reason', 'by'] as const)
      .filter((name) => errors[name])
      .map((name) => ({ fieldId: name, text: errors[name] as string })),
  ];
  return (
    <form onSubmit={onSubmit} noValidate autocomplete="off">
      <ErrorSummary errors={summary} title="The override could not be saved" />
      <Radios
        id="outcome"
        name="outcome"
        legend="What result are you recording?"
        options={OUTCOMES.map((outcome) => ({ value: outcome, label: OUTCOME_LABELS[outcome] }))}
        value={values.outcome}
        error={errors.outcome}
        onValue={set('outcome')}
      />
      <Textarea
        id="reason"
        label="Why are you changing the result?"
        hint="For example, the resident showed a tenancy agreement for an address in SS1"
        value={values.reason}
        error={errors.reason}
        onValue={set('reason')}
      />
      <TextInput id="by" label="Your name" value={values.by} error={errors.by} onValue={set('by')} />
      <Button type="submit" variant="secondary" disabled={pending}>
        Save the override
      </Button>
    </form>
  );
}
