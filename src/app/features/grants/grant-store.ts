// Grant application records on the tablet: start one, save each page (merged into the latest saved draft), keep
// the photos' hashes in page order, flag it for review, and submit it to wait for the server.
import type { GrantAnswers, GrantPayload } from '../../../shared/grant/application';
import { listAttachments } from '../../db/attachments';
import { useLiveQuery } from '../../db/live-query';
import { createRecord, getRecord, type LocalRecord, markReady, updateRecord } from '../../db/records';
import type { GrantStep } from './grant-pages';

export type GrantRecord = LocalRecord<GrantPayload & { pagesDone?: string[] }>;
type Payload = GrantRecord['payload'];

export const useGrant = (id: string) => useLiveQuery(() => getRecord<Payload>('grant-application', id), [id]);

/** Starts an empty application draft. Offline: the normal case. Fails with StoreError (full tablet). */
export async function startGrant(transcribedBy: string): Promise<GrantRecord> {
  return createRecord<Payload>('grant-application', {
    answers: transcribedBy ? { transcribedBy } : {},
    resumeAt: 'received',
    pagesDone: [],
  });
}

const done = (payload: Payload, page: string) => [...new Set([...(payload.pagesDone ?? []), page])];

/** Saves one page's answers into the latest saved version of the draft (never over another tab's save). */
export async function saveGrantPage(
  id: string,
  page: string,
  answers: Partial<GrantAnswers>,
  resumeAt: GrantStep,
  extra: Partial<Payload> = {},
): Promise<GrantRecord> {
  return updateRecord<Payload>('grant-application', id, (payload) => ({
    ...payload,
    ...extra,
    answers: { ...payload.answers, ...answers },
    pagesDone: done(payload, page),
    resumeAt,
  }));
}

/** Writes the photos' hashes into the payload in page order (what the server checks it has). */
export async function syncPhotoList(id: string): Promise<GrantRecord> {
  const photos = await listAttachments(id);
  return updateRecord<Payload>('grant-application', id, (payload) => ({
    ...payload,
    attachments: photos.map((photo) => ({ sha256: photo.sha256 })),
    pagesDone: photos.length
      ? done(payload, 'photos')
      : (payload.pagesDone ?? []).filter((p) => p !== 'photos'),
  }));
}

export async function saveNeedsReview(id: string, needsReview: { flagged: boolean; note: string }) {
  return updateRecord<Payload>('grant-application', id, (payload) => ({ ...payload, needsReview }));
}

/**
 * Submits the application: its photo list is refreshed and it is queued to send in one outbox change. Offline it
 * waits on the tablet. The server may refuse it (for example a budget that does not add up); the record then
 * needs attention and can be corrected here and sent again.
 */
export async function submitGrant(id: string): Promise<GrantRecord> {
  await syncPhotoList(id);
  await updateRecord<Payload>('grant-application', id, (payload) => ({ ...payload, resumeAt: 'done' }));
  return (await markReady('grant-application', id)) as GrantRecord;
}
