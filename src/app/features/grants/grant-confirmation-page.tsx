// The application's confirmation: its reference, what happens next, and the way to the next one.
import { ButtonLink } from '../../components/button';
import { InsetText } from '../../components/inset-text';
import { Panel } from '../../components/panel';
import { recordReference } from '../record-reference';
import type { GrantRecord } from './grant-store';

export function GrantConfirmationPage(props: { record: GrantRecord }) {
  const { record } = props;
  const pages = record.payload.attachments?.length ?? 0;
  return (
    <>
      <Panel title="Application saved">
        Reference <strong>{recordReference(record.id)}</strong>
      </Panel>
      {record.payload.needsReview?.flagged ? (
        <InsetText>Flagged for review: {record.payload.needsReview.note}</InsetText>
      ) : null}
      <h2 class="nhsuk-heading-m">What happens next</h2>
      <p class="nhsuk-body">
        The application and its {pages} {pages === 1 ? 'photo' : 'photos'} wait on this tablet and go to the
        central team as soon as there is a connection. Keep the paper form until the central team confirms it
        has the application.
      </p>
      <ButtonLink href="/grants">Transcribe another application</ButtonLink>
    </>
  );
}
