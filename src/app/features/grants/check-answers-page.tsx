// Check the application: every answer as transcribed with Change links (bank details masked), the budget, the
// photos, a "needs review" flag with a note, the organisation eligibility check, and Submit.
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatIsoDate, formatPence } from '../../../shared/eligibility/format';
import { grantCheckAnswers } from '../../../shared/grant/application';
import { maskAccountNumber, maskSortCode } from '../../../shared/grant/validators';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/choices';
import { type ErrorItem, ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { SummaryList, type SummaryRow } from '../../components/summary-list';
import { Textarea } from '../../components/textarea';
import { attachmentsSize } from '../../db/attachments';
import { useLiveQuery } from '../../db/live-query';
import { formatBytes } from '../../shell/format';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { startOrganisationCheck } from '../eligibility/check-store';
import type { FieldDef } from '../forms/fields';
import { EligibilitySection } from './eligibility-section';
import { GRANT_PAGES, GRANT_STEPS, grantHref, STEP_TITLES } from './grant-pages';
import { type GrantRecord, saveNeedsReview, submitGrant } from './grant-store';

const MASKED: Record<string, (value: string) => string> = {
  sortCode: maskSortCode,
  accountNumber: maskAccountNumber,
};

function answerText(field: FieldDef, value: unknown): ComponentChildren {
  if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0))
    return 'Not given';
  const mask = MASKED[field.name];
  if (mask) return mask(String(value));
  switch (field.kind) {
    case 'money':
      return formatPence(value as number);
    case 'date':
      return formatIsoDate(value as string);
    case 'radios':
      return field.options.find((option) => option.value === value)?.label ?? String(value);
    case 'checkboxes':
      return (value as string[])
        .map((chosen) => field.options.find((option) => option.value === chosen)?.label ?? chosen)
        .join(', ');
    default:
      return <span class="app-payload">{String(value)}</span>;
  }
}

/** Every step before this page must have been answered. */
const REQUIRED_SECTIONS = GRANT_STEPS.filter((step) => step !== 'check-answers');

export function GrantCheckAnswersPage(props: { record: GrantRecord }) {
  const { record } = props;
  const { payload } = record;
  const answers = payload.answers as Record<string, unknown>;
  const photos = useLiveQuery(() => attachmentsSize(record.id), [record.id]);
  const [flagged, setFlagged] = useState<string[]>(payload.needsReview?.flagged ? ['flagged'] : []);
  const [note, setNote] = useState(payload.needsReview?.note ?? '');
  const [errors, setErrors] = useState<ErrorItem[]>([]);
  const { pending, error: saveError, run } = useStoreAction();
  const done = new Set(payload.pagesDone ?? []);
  const change = (step: string, what: string) => ({
    href: grantHref(record.id, step as never, true),
    text: done.has(step) ? 'Change' : 'Answer',
    visuallyHidden: what.toLowerCase(),
  });

  async function submit() {
    const missing = REQUIRED_SECTIONS.filter((section) => !done.has(section));
    // Each link goes to the page where the section is answered (photos: the photos page), then back here.
    const found: ErrorItem[] = missing.map((section) => ({
      href: grantHref(record.id, section, true),
      text:
        section === 'photos'
          ? 'Add a photo of each page of the paper form'
          : `Answer the section “${STEP_TITLES[section]}”`,
    }));
    const isFlagged = flagged.includes('flagged');
    if (isFlagged && !note.trim())
      found.push({ fieldId: 'review-note', text: 'Enter what could not be read on the paper form' });
    setErrors(found);
    if (found.length) return;
    const submitted = await run(async () => {
      await saveNeedsReview(record.id, { flagged: isFlagged, note: isFlagged ? note.trim() : '' });
      return submitGrant(record.id);
    });
    if (submitted) navigate(grantHref(record.id, 'done'));
  }

  async function checkEligibility() {
    const check = await run(() =>
      startOrganisationCheck({ id: record.id, answers: grantCheckAnswers(payload) }),
    );
    if (check) navigate(`/check/${check.id}/organisation`);
  }

  const sections = Object.values(GRANT_PAGES);
  const rowsFor = (page: (typeof sections)[number]): SummaryRow[] =>
    page.fields
      .filter((field) => field.name !== 'accountNumberAgain')
      .map((field) => ({
        key: typeof field.label === 'string' ? field.label : field.label.worker,
        value: answerText(field, answers[field.name]),
        action: change(page.id, typeof field.label === 'string' ? field.label : field.label.worker),
      }));
  const summary = [...(saveError ? [{ text: saveError.message }] : []), ...errors];
  const moneyRows: SummaryRow[] = [
    {
      key: 'Amount requested',
      value:
        payload.amountRequestedPence === undefined ? 'Not given' : formatPence(payload.amountRequestedPence),
      action: change('money', 'amount requested'),
    },
    ...(payload.budget ?? []).map((line, index) => ({
      key: `Budget line ${index + 1}`,
      value: `${line.item}: ${formatPence(line.amountPence)}`,
      action: change('money', `budget line ${index + 1}`),
    })),
    {
      key: 'Other funding',
      value: answerText({ kind: 'textarea', name: 'otherFunding', label: '' }, answers.otherFunding),
      action: change('money', 'other funding'),
    },
  ];
  return (
    <Page title="Check the application before submitting it" hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      {sections.map((page) => (
        <>
          <h2 class="nhsuk-heading-m" id={`section-${page.id}`} tabIndex={-1}>
            {page.title}
          </h2>
          <SummaryList rows={rowsFor(page)} />
          {page.id === 'project' ? (
            <>
              <h2 class="nhsuk-heading-m" id="section-money" tabIndex={-1}>
                Money
              </h2>
              <SummaryList rows={moneyRows} />
            </>
          ) : null}
        </>
      ))}
      <h2 class="nhsuk-heading-m" id="section-photos" tabIndex={-1}>
        Photos of the paper form
      </h2>
      <SummaryList
        rows={[
          {
            key: 'Pages',
            value:
              photos.state === 'ready'
                ? photos.value.count
                  ? `${photos.value.count} ${photos.value.count === 1 ? 'page' : 'pages'}, ${formatBytes(photos.value.bytes)}`
                  : 'None yet'
                : '…',
            action: { href: grantHref(record.id, 'photos', true), text: 'Change', visuallyHidden: 'photos' },
          },
        ]}
      />
      <EligibilitySection record={record} pending={pending} onCheck={checkEligibility} />
      <h2 class="nhsuk-heading-m">Anything unreadable?</h2>
      <Checkboxes
        id="review-flag"
        name="review-flag"
        legend="Does the central team need to review anything on the paper form?"
        options={[{ value: 'flagged', label: 'Yes, something on the paper form could not be read' }]}
        value={flagged}
        onValue={setFlagged}
      />
      {flagged.includes('flagged') ? (
        <Textarea
          id="review-note"
          label="What could not be read?"
          hint="For example, the account number on page 4 is smudged"
          value={note}
          error={errors.find((error) => error.fieldId === 'review-note')?.text}
          onValue={setNote}
        />
      ) : null}
      <h2 class="nhsuk-heading-m">Submit the application</h2>
      <p class="nhsuk-body">
        It is saved on this tablet and sent to the central team with its photos when there is a connection.
      </p>
      <Button onClick={submit} disabled={pending}>
        Submit application
      </Button>
    </Page>
  );
}
