// Spotting a possible duplicate sign-up on this tablet: same name, date of birth and postcode.
import type { SignupAnswers, SignupPayload } from '../../../shared/signup';
import { findSignupMatches, signupIdentity } from '../../db/match-key';
import type { LocalRecord } from '../../db/records';

/**
 * Whether `b` looks like the same person as `a`: `a` has all four parts, and both agree on them as the match key
 * normalises them (db/match-key.ts signupIdentity: one rule for this and the index).
 */
export function isPossibleDuplicate(a: Partial<SignupAnswers>, b: Partial<SignupAnswers>): boolean {
  const identity = signupIdentity(a);
  return identity !== null && identity === signupIdentity(b);
}

/**
 * Other sign-ups of the unlocked worker on this tablet that look like the same person, newest first. Reads only
 * the tablet (so works offline), through the match-key index: only the matches are decoded, however many
 * sign-ups the tablet holds. Each is checked again on its decoded answers, so a stale key never shows a stranger.
 */
export async function findPossibleDuplicates(
  id: string,
  answers: Partial<SignupAnswers>,
): Promise<LocalRecord<SignupPayload>[]> {
  const matches = await findSignupMatches(id, answers);
  return matches.filter((record) => isPossibleDuplicate(answers, record.payload.answers ?? {}));
}
