// Sends the waiting changes as a sync run would, with the server's answer to each made up by the test.
import { applyPushResults, takeBatch } from '../../../src/app/db/sync-queue';
import type { ChangeResult } from '../../../src/shared/api';

/** Takes a batch of up to 10 waiting changes and records `answer`'s result for each, as if the server gave it. */
export async function sendAnswering(answer: (changeId: string) => ChangeResult): Promise<void> {
  const batch = await takeBatch({ maxChanges: 10, maxBytes: 1_000_000 });
  await applyPushResults(
    batch,
    batch.changes.map(({ change }) => answer(change.changeId)),
  );
}
