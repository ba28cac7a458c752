// One sync run: send every waiting change (photos first) in batches sized by their bytes, reading the next batch
// and storing the last one's answers while the current one is in flight, then pull reviews and reference data.
import { PUSH_MAX_BODY_BYTES, PUSH_MAX_CHANGES } from '../../shared/api';
import type { ApiErrorCode } from '../../shared/error-codes';
import { PROTOCOL_VERSION } from '../../shared/sync-protocol';
import { getDeviceInfo } from '../db/device';
import { countOutbox } from '../db/outbox';
import { countUnsent } from '../db/records';
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
import { removeDisabledWorker } from '../db/workers';
import {
  type ApiClient,
  AuthError,
  RequestRefusedError,
  RetryableError,
  TooLargeError,
  WorkerDisabledError,
} from './api-client';

export interface SyncProgress {
  sent: number;
  total: number;
}

/**
 * How a run ended. `retry-later`: the network or the server failed, try again after a wait. `needs-sign-in`: the
 * session is over. `refused`: the server refused this tablet's requests for good (an old app, a tablet registered
 * to another worker); nothing automatic can help until a person acts. Records wait safely in every case.
 */
export type SyncOutcome =
  | { state: 'done'; sent: number }
  | { state: 'needs-sign-in'; sent: number }
  | { state: 'retry-later'; sent: number; reason: string }
  | { state: 'refused'; sent: number; code: ApiErrorCode | null; message: string };

/** Names of the spans each batch records with performance.measure (read by the benchmark to show where time goes). */
export const SYNC_SPANS = {
  take: 'anchor-sync:take-batch',
  push: 'anchor-sync:push',
  apply: 'anchor-sync:apply-results',
} as const;

/** Runs `work` and records it as a performance span (a few microseconds; visible in DevTools' timeline too). */
async function span<T>(name: string, work: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await work();
  } finally {
    performance.measure(name, { start, end: performance.now() });
  }
}

/** Room left in a push body for its envelope (protocol version, device id, brackets and commas). */
const ENVELOPE_BYTES = 1_024;

export interface BatchLimits {
  maxChanges: number;
  maxBytes: number;
}

export const DEFAULT_BATCH_LIMITS: BatchLimits = {
  maxChanges: PUSH_MAX_CHANGES,
  maxBytes: PUSH_MAX_BODY_BYTES - ENVELOPE_BYTES,
};

async function uploadAttachments(client: ApiClient, batch: Batch): Promise<void> {
  for (const attachment of batch.attachments) {
    if (!(await client.hasAttachment(attachment.sha256))) {
      await client.putAttachment(attachment.sha256, attachment.mediaType, attachment.blob);
    }
  }
}

/** The push body from changes already serialised when the batch was read: no second JSON.stringify per payload. */
function pushBody(deviceId: string, batch: Batch): string {
  const head = JSON.stringify({ protocolVersion: PROTOCOL_VERSION, deviceId });
  return `${head.slice(0, -1)},"changes":[${batch.changes.map((change) => change.wire).join(',')}]}`;
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

/** Turns a request's failure into how the run ends; anything else (a store fault) is rethrown. */
function outcomeOf(error: unknown, sent: number): SyncOutcome {
  if (error instanceof AuthError) return { state: 'needs-sign-in', sent };
  if (error instanceof RetryableError) return { state: 'retry-later', sent, reason: error.message };
  if (error instanceof RequestRefusedError)
    return { state: 'refused', sent, code: error.code, message: error.message };
  throw error;
}

/** A single change the server will not take even alone (413): it needs the worker, the others go on. */
function tooLargeAlone(batch: Batch) {
  return batch.changes.map(({ change }) => ({
    changeId: change.changeId,
    status: 'rejected' as const,
    error: {
      code: 'payload-too-large' as const,
      message: 'This record is too large for the central team’s server. Remove a photo or shorten an answer.',
    },
  }));
}

/**
 * Sends the outbox, pulls reviews and reference data, and fetches a new postcode lookup when there is one. While
 * one batch is in flight the next is read and serialised. On any failure both are put back and the run stops:
 * `retry-later`, `needs-sign-in` or `refused`. Records wait as "ready" for the next run, and the server recognises
 * any change it already applied by its changeId.
 */
export async function runSync(
  client: ApiClient,
  options: {
    limits?: BatchLimits;
    onProgress?: (progress: SyncProgress) => void;
    /** The signed-in worker: only their records are sent (another worker's and unclaimed ones wait). */
    workerId?: string;
    /** The signed-in worker's token, for the one report a disabled worker's token may still make. */
    token?: string;
  } = {},
): Promise<SyncOutcome> {
  let limits = options.limits ?? DEFAULT_BATCH_LIMITS;
  let sent = 0;
  await releaseInFlight();
  const total = await countOutbox(options.workerId);
  const { deviceId } = await getDeviceInfo();
  /** How the run ends on a failure; the signed-in worker found disabled is removed from the tablet first. */
  const ended = async (error: unknown): Promise<SyncOutcome> => {
    if (error instanceof WorkerDisabledError && options.workerId) {
      await removeDisabledWorkers(client, deviceId, [options.workerId], options.token);
    }
    return outcomeOf(error, sent);
  };
  options.onProgress?.({ sent, total });
  const take = (inFlight?: Batch) =>
    span(SYNC_SPANS.take, () => takeBatch(limits, { inFlight, workerId: options.workerId }));
  // The previous batch's answers being stored while the next batch is in flight.
  let recording: Promise<void> | null = null;
  const recorded = async () => {
    const pending = recording;
    recording = null;
    await pending;
  };
  let next: Promise<Batch> | null = take();
  while (next) {
    const batch: Batch = await next;
    next = null;
    if (batch.changes.length === 0) break;
    try {
      await uploadAttachments(client, batch);
      const pushed = span(SYNC_SPANS.push, () => client.pushJson(pushBody(deviceId, batch)));
      // Read the next batch while this one is in flight; it is put back if this one fails.
      next = take(batch);
      // The in-flight read must not be left unhandled if the push fails first.
      next.catch(() => undefined);
      const response = await pushed;
      // Answers are stored in order, each while the next batch is in flight.
      await recorded();
      recording = span(SYNC_SPANS.apply, () => applyPushResults(batch, response.results)).then(() => {
        sent += batch.changes.length;
        options.onProgress?.({ sent, total: Math.max(total, sent) });
      });
      recording.catch(() => undefined);
    } catch (error) {
      await recorded();
      const prefetched = next ? await next.catch(() => null) : null;
      next = null;
      if (prefetched) await releaseBatch(prefetched, { mayHaveArrived: false });
      if (error instanceof TooLargeError && batch.changes.length === 1) {
        await applyPushResults(batch, tooLargeAlone(batch));
        options.onProgress?.({ sent, total: Math.max(0, total - 1) });
        next = take();
        continue;
      }
      // Refused as too large, the push was never applied; any other failure may have come after the server's commit.
      await releaseBatch(batch, { mayHaveArrived: !(error instanceof TooLargeError) });
      if (error instanceof TooLargeError) {
        limits = {
          maxChanges: Math.max(1, Math.floor(Math.min(limits.maxChanges, batch.changes.length) / 2)),
          maxBytes: Math.max(1, Math.floor(limits.maxBytes / 2)),
        };
        next = take();
        continue;
      }
      return ended(error);
    }
  }
  await recorded();
  try {
    let cursor = await readPullCursor();
    let lookupVersion: string | null = null;
    // The worker's records still not on the server after this run's pushes (refused and in conflict ones too):
    // the console shows it beside the tablet's last contact.
    const pending = await countUnsent(options.workerId);
    for (;;) {
      const page = await client.pull(cursor, deviceId, pending);
      await applyPull(page);
      // Absent from servers before shared-tablet security.
      if (page.disabledWorkers?.length) await removeDisabledWorkers(client, deviceId, page.disabledWorkers);
      lookupVersion = page.reference.postcodeLookupVersion;
      cursor = page.cursor;
      if (!page.hasMore) break;
    }
    await refreshPostcodeLookup(client, lookupVersion);
  } catch (error) {
    return ended(error);
  }
  await recordSyncSuccess();
  return { state: 'done', sent };
}

/**
 * Workers the central team disabled who used this tablet: each one's sent records and photos leave it, their
 * passcode and session go, their unsent records stay locked, and the server is told what was kept (as
 * `asToken`'s worker: the disabled worker's own token, which the server still takes for this one report).
 * A report that fails is made again: the server keeps listing the worker until it has one.
 */
async function removeDisabledWorkers(
  client: ApiClient,
  deviceId: string,
  workerIds: readonly string[],
  asToken?: string,
): Promise<void> {
  for (const workerId of workerIds) {
    const { removed, kept } = await removeDisabledWorker(workerId);
    await client.reportWipe(deviceId, { workerId, removed, kept }, asToken).catch(() => undefined);
  }
}
