// Spotting a possible duplicate sign-up on this tablet: same name, date of birth and postcode.
import type { SignupAnswers, SignupPayload } from '../../../shared/signup';
import { findRecords, type LocalRecord } from '../../db/records';

const same = (a: string | undefined, b: string | undefined) =>
  (a ?? '').trim().toLowerCase() === (b ?? '').trim().toLowerCase();

export function isPossibleDuplicate(a: Partial<SignupAnswers>, b: Partial<SignupAnswers>): boolean {
  return (
    Boolean(a.firstName && a.lastName && a.dateOfBirth && a.postcode) &&
    same(a.firstName, b.firstName) &&
    same(a.lastName, b.lastName) &&
    a.dateOfBirth === b.dateOfBirth &&
    same(a.postcode, b.postcode)
  );
}

/** Other sign-ups on this tablet that look like the same person. Reads only the tablet, so works offline. */
export function findPossibleDuplicates(
  id: string,
  answers: Partial<SignupAnswers>,
): Promise<LocalRecord<SignupPayload>[]> {
  return findRecords<SignupPayload>(
    'signup',
    (record) => record.id !== id && isPossibleDuplicate(answers, record.payload.answers ?? {}),
  );
}
