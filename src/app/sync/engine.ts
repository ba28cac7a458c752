// One sync run: send every waiting change (photos first) in batches, record the answers, then pull reviews and
// reference data until there is nothing more.
import { PUSH_MAX_BODY_BYTES } from '../../shared/api';
import { PROTOCOL_VERSION } from '../../shared/sync-protocol';
import { getDeviceInfo } from '../db/device';
import { countOutbox } from '../db/outbox';
import { savePostcodeLookup, storedPostcodeLookupVersion } from '../db/reference';
import {
  applyPull,
  applyPushResults,
  type Batch,
  readPullCursor,
  recordSyncSuccess,
  releaseBatch,
  releaseInFlight,
  takeBatch,
} from '../db/sync-queue';
import { type ApiClient, AuthError, RetryableError, TooLargeError } from './api-client';

export interface SyncProgress {
  sent: number;
  total: number;
}

export type SyncOutcome =
  | { state: 'done'; sent: number }
  | { state: 'needs-sign-in'; sent: number }
  | { state: 'retry-later'; sent: number; reason: string };

export const DEFAULT_BATCH_SIZE = 100;
/** A batch's changes stay under the server's body limit with room for the request's envelope. */
const BATCH_MAX_BYTES = PUSH_MAX_BODY_BYTES - 64 * 1024;

async function uploadAttachments(client: ApiClient, batch: Batch): Promise<void> {
  for (const attachment of batch.attachments) {
    if (!(await client.hasAttachment(attachment.sha256))) {
      await client.putAttachment(attachment.sha256, attachment.mediaType, attachment.blob);
    }
  }
}

/**
 * Downloads the postcode lookup when the server has a different one from the tablet's (a new import). The stored
 * lookup is replaced in one write, so checks keep using the old one until the new one is complete.
 */
async function refreshPostcodeLookup(client: ApiClient, serverVersion: string | null): Promise<void> {
  if (!serverVersion || serverVersion === (await storedPostcodeLookupVersion())) return;
  const lookup = await client.getPostcodeLookup();
  if (lookup) await savePostcodeLookup(lookup);
}

/**
 * Sends the outbox, pulls reviews and reference data, and fetches a new postcode lookup when there is one. Offline or with the server failing it stops at once with `retry-later`, having
 * put its batch back; with the session over it stops with `needs-sign-in`. Either way nothing is lost: records
 * wait as "ready" for the next run, and the server recognises any change it already applied.
 */
export async function runSync(
  client: ApiClient,
  options: { batchSize?: number; onProgress?: (progress: SyncProgress) => void } = {},
): Promise<SyncOutcome> {
  let batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  let sent = 0;
  await releaseInFlight();
  const total = await countOutbox();
  const { deviceId } = await getDeviceInfo();
  options.onProgress?.({ sent, total });
  for (;;) {
    const batch = await takeBatch({ maxChanges: batchSize, maxBytes: BATCH_MAX_BYTES });
    if (batch.changes.length === 0) break;
    try {
      await uploadAttachments(client, batch);
      const response = await client.push({
        protocolVersion: PROTOCOL_VERSION,
        deviceId,
        changes: batch.changes.map(({ change, payload }) => ({
          changeId: change.changeId,
          recordType: change.recordType,
          recordId: change.recordId,
          baseVersion: change.baseVersion,
          payload,
          clientUpdatedAt: change.clientUpdatedAt,
        })),
      });
      await applyPushResults(batch, response.results);
      sent += batch.changes.length;
      options.onProgress?.({ sent, total: Math.max(total, sent) });
    } catch (error) {
      await releaseBatch(batch);
      if (error instanceof TooLargeError && batchSize > 1) {
        batchSize = Math.max(1, Math.floor(batchSize / 2));
        continue;
      }
      if (error instanceof AuthError) return { state: 'needs-sign-in', sent };
      if (error instanceof RetryableError) return { state: 'retry-later', sent, reason: error.message };
      throw error;
    }
  }
  try {
    let cursor = await readPullCursor();
    let lookupVersion: string | null = null;
    for (;;) {
      const page = await client.pull(cursor);
      await applyPull(page);
      lookupVersion = page.reference.postcodeLookupVersion;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    await refreshPostcodeLookup(client, lookupVersion);
  } catch (error) {
    if (error instanceof AuthError) return { state: 'needs-sign-in', sent };
    if (error instanceof RetryableError) return { state: 'retry-later', sent, reason: error.message };
    throw error;
  }
  await recordSyncSuccess();
  return { state: 'done', sent };
}
