// A conflict: this tablet's version and the central copy side by side, and the worker's choice of which stands.
import { Button } from '../../components/button';
import { ErrorSummary } from '../../components/error-summary';
import { resolveConflict } from '../../db/lifecycle';
import { useLiveQuery } from '../../db/live-query';
import type { LocalRecord } from '../../db/records';
import { readConflictCopy } from '../../db/sync-queue';
import { useStoreAction } from '../signup/use-signup';

const answersOf = (payload: unknown) =>
  (payload as { answers?: Record<string, unknown> } | null)?.answers ??
  (payload as Record<string, unknown>) ??
  {};

export function ConflictChoice(props: { record: LocalRecord }) {
  const { record } = props;
  const server = useLiveQuery(
    () => readConflictCopy(record.type, record.id),
    [record.type, record.id, record.version],
  );
  const { pending, error, run } = useStoreAction();
  if (server.state !== 'ready' || !server.value) return null;
  const mine = answersOf(record.payload);
  const theirs = answersOf(server.value.payload);
  const keys = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].filter(
    (key) => JSON.stringify(mine[key]) !== JSON.stringify(theirs[key]),
  );
  return (
    <section aria-labelledby="conflict-heading">
      <h2 class="nhsuk-heading-m" id="conflict-heading">
        This record was changed in two places
      </h2>
      <ErrorSummary errors={error ? [{ text: error.message }] : []} />
      <p class="nhsuk-body">
        The central copy changed since this tablet last sent it. Compare the answers that differ, then choose
        which version stands.
      </p>
      <table class="nhsuk-table">
        <thead class="nhsuk-table__head">
          <tr>
            <th scope="col">Answer</th>
            <th scope="col">On this tablet</th>
            <th scope="col">Central copy</th>
          </tr>
        </thead>
        <tbody class="nhsuk-table__body">
          {keys.map((key) => (
            <tr key={key}>
              <th scope="row">{key}</th>
              <td>{JSON.stringify(mine[key] ?? '')}</td>
              <td>{JSON.stringify(theirs[key] ?? '')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Button
        disabled={pending}
        onClick={() => run(() => resolveConflict(record.type, record.id, 'keep-mine'))}
      >
        Keep this tablet’s version
      </Button>{' '}
      <Button
        variant="secondary"
        disabled={pending}
        onClick={() => run(() => resolveConflict(record.type, record.id, 'take-server'))}
      >
        Use the central copy
      </Button>
    </section>
  );
}
