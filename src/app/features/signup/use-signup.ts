// Loads a sign-up draft from the tablet and saves each page's answers to it, for the sign-up screens.
import type { SignupPayload } from '../../../shared/signup';
import { useLiveQuery } from '../../db/live-query';
import { createRecord, getRecord, type LocalRecord, submitRecord, updateRecord } from '../../db/records';
import { withoutTyping } from '../forms/draft-typing';

export type SignupRecord = LocalRecord<SignupPayload>;

export function useSignup(id: string) {
  return useLiveQuery(() => getRecord<SignupPayload>('signup', id), [id]);
}

/**
 * Starts a new, empty sign-up draft on the tablet. Works offline; nothing from any earlier sign-up is carried
 * over. Fails with StoreError (full tablet, private mode).
 */
export async function startSignup(): Promise<SignupRecord> {
  return createRecord<SignupPayload>('signup', { answers: {}, resumeAt: 'name' });
}

/**
 * Saves a page's answers into the draft (a Continue), merged into the latest saved version so answers saved by
 * an earlier page (or another tab) are never lost. Offline this is the normal case. Fails with StoreError.
 */
export async function saveSignup(
  id: string,
  update: (payload: SignupPayload) => SignupPayload,
): Promise<SignupRecord> {
  return updateRecord<SignupPayload>('signup', id, update);
}

/**
 * Submits a finished sign-up: its status and its one outbox change in one transaction, so a crash leaves either a
 * draft with nothing queued or a queued sign-up. Offline it waits on the tablet. Submitting twice queues it once.
 */
export async function submitSignup(id: string): Promise<SignupRecord> {
  // Typing left on a page without Continue is not an answer: it stays on the tablet's draft only.
  return submitRecord<SignupPayload>('signup', id, (payload) => withoutTyping(payload));
}

export { useStoreAction } from '../../shell/use-store-action';
