// The claim step after sign-in: asks whether the records made on this tablet before anyone signed in are the
// worker's; Yes gives them all to the worker (one transaction), No leaves them unowned until the next sign-in.
import { useState } from 'preact/hooks';
import { Button } from '../../components/button';
import { Radios } from '../../components/choices';
import { ErrorSummary } from '../../components/error-summary';
import { Page } from '../../components/page';
import { claimUnownedRecords } from '../../db/records';
import { useStoreAction } from '../../shell/use-store-action';
import { syncNow } from '../../sync/sync-service';

export const claimQuestion = (count: number): string =>
  `${count === 1 ? '1 record was' : `${count} records were`} made on this tablet before anyone signed in. ${count === 1 ? 'Is it yours?' : 'Are they yours?'}`;

/** Shown after a successful sign-in when unowned records exist; `onDone` leaves it, whatever the answer. */
export function ClaimStep(props: { count: number; workerId: string; onDone: () => void }) {
  const [answer, setAnswer] = useState('');
  const [missing, setMissing] = useState(false);
  const { pending, error, run } = useStoreAction();
  const many = props.count !== 1;

  async function submit(event: Event) {
    event.preventDefault();
    setMissing(!answer);
    if (!answer) return;
    if (answer === 'no') return props.onDone();
    const claimed = await run(() => claimUnownedRecords(props.workerId));
    if (claimed === undefined) return;
    // They are this worker's now: send them (a run skips records nobody has claimed).
    syncNow();
    props.onDone();
  }

  const errors = [
    ...(missing ? [{ fieldId: 'claim', text: `Select yes if ${many ? 'they are' : 'it is'} yours` }] : []),
    ...(error ? [{ text: error.message }] : []),
  ];
  return (
    <Page title={claimQuestion(props.count)} heading={false} hasErrors={errors.length > 0}>
      <ErrorSummary errors={errors} />
      <form onSubmit={submit} noValidate>
        <Radios
          id="claim"
          name="claim"
          legend={claimQuestion(props.count)}
          legendIsHeading
          hint={`Say yes only if you made ${many ? 'them' : 'it'}. ${many ? 'They are' : 'It is'} then sent to the central team as yours. If not, ${many ? 'they stay' : 'it stays'} on this tablet marked “nobody was signed in”, and the next worker to sign in is asked.`}
          options={[
            { value: 'yes', label: `Yes, ${many ? 'they are' : 'it is'} mine` },
            { value: 'no', label: `No, ${many ? 'they are' : 'it is'} not mine` },
          ]}
          value={answer}
          onValue={setAnswer}
          error={missing ? `Select yes if ${many ? 'they are' : 'it is'} yours` : undefined}
        />
        <Button type="submit" disabled={pending}>
          Continue
        </Button>
      </form>
    </Page>
  );
}
