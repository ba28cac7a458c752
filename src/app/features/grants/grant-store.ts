// Grant application records on the tablet: start one, save each page (merged into the latest saved draft), add,
// move and remove photos with the payload's photo list (one transaction each), flag it for review, and submit it.
import type { GrantAnswers, GrantPayload } from '../../../shared/grant/application';
import { type AttachmentInfo, addAttachment, moveAttachment, removeAttachment } from '../../db/attachments';
import { useLiveQuery } from '../../db/live-query';
import { createRecord, getRecord, type LocalRecord, submitRecord, updateRecord } from '../../db/records';
import { withoutTyping } from '../forms/draft-typing';
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

/** The payload with the photos' hashes in page order (what the server checks it has), and the page marked done. */
const withPhotoList = (payload: Payload, photos: readonly AttachmentInfo[]): Payload => ({
  ...payload,
  attachments: photos.map((photo) => ({ sha256: photo.sha256 })),
  pagesDone: photos.length
    ? done(payload, 'photos')
    : (payload.pagesDone ?? []).filter((page) => page !== 'photos'),
});

/** Stores a photo after the last page and lists it in the application, in one transaction. Offline: normal. */
export async function addPhoto(id: string, blob: Blob, name: string): Promise<AttachmentInfo> {
  return addAttachment<Payload>({ type: 'grant-application', id }, blob, name, withPhotoList);
}

/** Moves a photo one page up or down, with the application's photo list, in one transaction. */
export async function movePhoto(photoId: string, direction: 'up' | 'down'): Promise<void> {
  await moveAttachment<Payload>(photoId, direction, withPhotoList);
}

/** Removes a photo, renumbers the rest and updates the application's photo list, in one transaction. */
export async function removePhoto(photoId: string): Promise<void> {
  await removeAttachment<Payload>(photoId, withPhotoList);
}

export async function saveNeedsReview(id: string, needsReview: { flagged: boolean; note: string }) {
  return updateRecord<Payload>('grant-application', id, (payload) => ({ ...payload, needsReview }));
}

/**
 * Submits the application: its photo list (read in the same transaction), where to resume, the status and its
 * one outbox change are written in one transaction, so a crash leaves a draft or a queued application, never one
 * shown as saved but not queued. Offline it waits on the tablet. The server may refuse it (for example a budget
 * that does not add up); the record then needs attention and can be corrected here and sent again.
 */
export async function submitGrant(id: string): Promise<GrantRecord> {
  return submitRecord<Payload>(
    'grant-application',
    id,
    // Typing left on a page the worker went Back from is not part of the application.
    (payload, photos) => ({ ...withPhotoList(withoutTyping(payload), photos), resumeAt: 'done' }),
    { readsAttachments: true },
  );
}
