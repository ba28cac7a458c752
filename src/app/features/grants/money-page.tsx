// The money page: amount requested, an itemised budget whose lines must add up to it, and other funding.
import { useMemo, useState } from 'preact/hooks';
import * as v from 'valibot';
import { formatPence } from '../../../shared/eligibility/format';
import { GrantMoneySchema } from '../../../shared/grant/application';
import { poundsToPence } from '../../../shared/grant/money';
import { BudgetSchema, MAX_BUDGET_LINES } from '../../../shared/grant/validators';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { TextInput } from '../../components/text-input';
import { Textarea } from '../../components/textarea';
import { useUnsavedInput } from '../../pwa/unsaved-input';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { penceToTyped } from '../forms/fields';
import { grantHref } from './grant-pages';
import { type GrantRecord, saveGrantPage } from './grant-store';

interface Line {
  item: string;
  amount: string;
}

export function MoneyPage(props: { record: GrantRecord; change: boolean }) {
  const { record, change } = props;
  const { payload } = record;
  const start = useMemo(
    () => ({
      amount: payload.amountRequestedPence === undefined ? '' : penceToTyped(payload.amountRequestedPence),
      otherFunding: payload.answers.otherFunding ?? '',
      lines: payload.budget?.length
        ? payload.budget.map((line) => ({ item: line.item, amount: penceToTyped(line.amountPence) }))
        : [{ item: '', amount: '' }],
    }),
    [payload],
  );
  const [amount, setAmount] = useState(start.amount);
  const [otherFunding, setOtherFunding] = useState(start.otherFunding);
  const [lines, setLines] = useState<Line[]>(start.lines);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const { pending, error: saveError, run } = useStoreAction();
  useUnsavedInput(JSON.stringify({ amount, otherFunding, lines }) !== JSON.stringify(start));

  const typedTotal = lines.reduce((sum, line) => sum + (poundsToPence(line.amount) ?? 0), 0);
  const setLine = (index: number, change: Partial<Line>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...change } : line)));

  async function onSubmit(event: Event) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const money = v.safeParse(GrantMoneySchema, { amountRequestedPence: amount, otherFunding });
    if (!money.success) for (const issue of money.issues) found.amountRequestedPence ??= issue.message;
    const budget = v.safeParse(BudgetSchema, {
      lines,
      amountRequestedPence: money.success ? money.output.amountRequestedPence : 0,
    });
    if (!budget.success) {
      for (const issue of budget.issues) {
        const path = issue.path?.map((step) => step.key) ?? [];
        if (path.length >= 3) found[`line-${path[1]}-${path[2]}`] ??= issue.message;
        else if (money.success) found['budget-total'] ??= issue.message;
      }
    }
    setErrors(found);
    if (!money.success || !budget.success) return;
    const next = change ? 'check-answers' : 'safeguarding';
    const saved = await run(() =>
      saveGrantPage(record.id, 'money', { otherFunding: money.output.otherFunding }, next, {
        amountRequestedPence: money.output.amountRequestedPence,
        budget: budget.output.lines,
      }),
    );
    if (saved) navigate(grantHref(record.id, next, change));
  }

  const summary = [
    ...(saveError ? [{ text: saveError.message }] : []),
    ...(errors.amountRequestedPence
      ? [{ fieldId: 'amountRequestedPence', text: errors.amountRequestedPence }]
      : []),
    ...lines.flatMap((_, index) =>
      (['item', 'amount'] as const)
        .filter((part) => errors[`line-${index}-${part}`])
        .map((part) => ({
          fieldId: `line-${index}-${part}`,
          text: errors[`line-${index}-${part}`] as string,
        })),
    ),
    ...(errors['budget-total'] ? [{ fieldId: 'budget-total', text: errors['budget-total'] }] : []),
  ];
  return (
    <>
      <BackLink href={change ? grantHref(record.id, 'check-answers') : grantHref(record.id, 'project')} />
      <Page title="Money" caption="The project" hasErrors={summary.length > 0}>
        <ErrorSummary errors={summary} />
        <form onSubmit={onSubmit} noValidate autocomplete="off">
          <TextInput
            id="amountRequestedPence"
            label="Amount requested"
            hint="In pounds, like 1,500 or 1,250.50"
            value={amount}
            error={errors.amountRequestedPence}
            onValue={setAmount}
            inputMode="decimal"
            prefix="£"
            widthClass="nhsuk-input--width-10"
            autocomplete="off"
          />
          <fieldset class="nhsuk-fieldset nhsuk-u-margin-bottom-4" aria-describedby="budget-hint">
            <legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
              <h2 class="nhsuk-fieldset__heading">Budget</h2>
            </legend>
            <div class="nhsuk-hint" id="budget-hint">
              Each line from the form’s budget. The lines must add up to the amount requested.
            </div>
            {lines.map((line, index) => (
              <div class="app-budget-line" key={index}>
                <h3 class="nhsuk-heading-xs nhsuk-u-margin-bottom-2">Line {index + 1}</h3>
                <TextInput
                  id={`line-${index}-item`}
                  label={`What line ${index + 1} pays for`}
                  value={line.item}
                  error={errors[`line-${index}-item`]}
                  onValue={(item) => setLine(index, { item })}
                  autocomplete="off"
                />
                <TextInput
                  id={`line-${index}-amount`}
                  label={`Line ${index + 1} amount`}
                  value={line.amount}
                  error={errors[`line-${index}-amount`]}
                  onValue={(value) => setLine(index, { amount: value })}
                  inputMode="decimal"
                  prefix="£"
                  widthClass="nhsuk-input--width-10"
                  autocomplete="off"
                />
                {lines.length > 1 ? (
                  <Button
                    variant="secondary"
                    small
                    onClick={() => setLines((current) => current.filter((_, i) => i !== index))}
                  >
                    Remove line {index + 1}
                  </Button>
                ) : null}
              </div>
            ))}
            <p
              class={`nhsuk-body${errors['budget-total'] ? ' nhsuk-form-group--error' : ''}`}
              id="budget-total"
              tabIndex={-1}
              aria-live="polite"
            >
              {errors['budget-total'] ? (
                <span class="nhsuk-error-message">
                  <span class="nhsuk-u-visually-hidden">Error:</span> {errors['budget-total']}
                </span>
              ) : null}
              The lines add up to <strong>{formatPence(typedTotal)}</strong>
              {poundsToPence(amount) !== null
                ? ` of ${formatPence(poundsToPence(amount) as number)} requested.`
                : '.'}
            </p>
            {lines.length < MAX_BUDGET_LINES ? (
              <Button
                variant="secondary"
                onClick={() => setLines((current) => [...current, { item: '', amount: '' }])}
              >
                Add another line
              </Button>
            ) : null}
          </fieldset>
          <Textarea
            id="otherFunding"
            label="Other funding for the project (optional)"
            hint="Who else is funding it, and how much"
            value={otherFunding}
            error={errors.otherFunding}
            onValue={setOtherFunding}
          />
          <Button type="submit" disabled={pending}>
            Continue
          </Button>
        </form>
      </Page>
    </>
  );
}
