// Check the application: every answer as transcribed with Change links (bank details masked), the budget, the
// photos, a "needs review" flag with a note, the organisation eligibility check, and Submit.
import { useState } from 'preact/hooks';
import { grantCheckAnswers } from '../../../shared/grant/application';
import { Button } from '../../components/button';
import { Checkboxes } from '../../components/choices';
import { type ErrorItem, ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { SummaryList } from '../../components/summary-list';
import { Textarea } from '../../components/textarea';
import { attachmentsSize } from '../../db/attachments';
import { useLiveQuery } from '../../db/live-query';
import { formatBytes } from '../../shell/format';
import { navigate } from '../../shell/router';
import { useStoreAction } from '../../shell/use-store-action';
import { startOrganisationCheck } from '../eligibility/check-store';
import { EligibilitySection } from './eligibility-section';
import { GRANT_STEPS, grantHref, STEP_TITLES } from './grant-pages';
import { type GrantRecord, saveNeedsReview, submitGrant } from './grant-store';
import { grantAnswerSections } from './grant-summary';

/** Every step before this page must have been answered. */
const REQUIRED_SECTIONS = GRANT_STEPS.filter((step) => step !== 'check-answers');

export function GrantCheckAnswersPage(props: { record: GrantRecord }) {
  const { record } = props;
  const { payload } = record;
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

  const sections = grantAnswerSections(payload, change);
  const summary = [...(saveError ? [{ text: saveError.message }] : []), ...errors];
  return (
    <Page title="Check the application before submitting it" hasErrors={summary.length > 0}>
      <ErrorSummary errors={summary} />
      {sections.map((section) => (
        <>
          <h2 class="nhsuk-heading-m" id={`section-${section.id}`} tabIndex={-1}>
            {section.title}
          </h2>
          <SummaryList rows={section.rows} />
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
