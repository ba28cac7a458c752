// Possible duplicate: a sign-up with the same name, date of birth and postcode is already on this tablet.

import type { SignupPayload } from '../../../shared/signup';
import { BackLink } from '../../components/back-link';
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { Link } from '../../components/link';
import { Page } from '../../components/page';
import { StatusTag } from '../../components/tag';
import { useLiveQuery } from '../../db/live-query';
import { getRecord } from '../../db/records';
import { formatDateTime } from '../../shell/format';
import { navigate } from '../../shell/router';
import { recordHref, recordReference } from '../record-reference';
import { findPossibleDuplicates } from './duplicates';
import { stepHref } from './question-page';
import { nextStep } from './signup-flow';
import { type SignupRecord, saveSignup, useStoreAction } from './use-signup';

export function DuplicatePage(props: { record: SignupRecord }) {
  const { record } = props;
  // The query reads the draft itself, so it always compares the answers as saved now.
  const matches = useLiveQuery(async () => {
    const saved = await getRecord<SignupPayload>('signup', record.id);
    return findPossibleDuplicates(record.id, saved?.payload.answers ?? {});
  }, [record.id]);
  const { pending, error, run } = useStoreAction();
  const next = nextStep('address', record.payload.answers);

  async function carryOn() {
    const seen = matches.state === 'ready' ? matches.value.map((match) => match.id) : [];
    const saved = await run(() =>
      saveSignup(record.id, (payload) => ({
        ...payload,
        resumeAt: next,
        duplicatesSeen: [...new Set([...(payload.duplicatesSeen ?? []), ...seen])],
      })),
    );
    if (saved) navigate(stepHref(record.id, next));
  }

  return (
    <>
      <BackLink href={stepHref(record.id, 'address')} />
      <Page title="This person may already be signed up on this tablet">
        <ErrorSummary errors={error ? [{ text: error.message }] : []} />
        <p class="nhsuk-body">
          A sign-up with the same name, date of birth and postcode is already on this tablet. Open it to
          check, or carry on if this is a different person or a new sign-up is needed.
        </p>
        {matches.state === 'ready' ? (
          <ul class="nhsuk-list">
            {matches.value.map((match) => (
              <li key={match.id}>
                <Link href={recordHref(match)}>Open sign-up {recordReference(match.id)}</Link>, last changed{' '}
                {formatDateTime(match.updatedAt)} <StatusTag status={match.status} />
              </li>
            ))}
          </ul>
        ) : null}
        <Button variant="secondary" onClick={carryOn} disabled={pending}>
          Continue with this sign-up
        </Button>
      </Page>
    </>
  );
}
