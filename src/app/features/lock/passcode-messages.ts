// What a worker is told when a passcode does not unlock (lock screen, leaving resident mode).
import type { UnlockResult } from '../../db/keyring';
import { formatTime } from '../../shell/format';

export type Refusal = Exclude<UnlockResult, { ok: true }>;

/** "Try again at 1:05:30 pm." for a wait that ends at `retryAt` (ISO). */
const tryAgainAt = (retryAt: string) => `Try again at ${formatTime(Date.parse(retryAt))}.`;

/** The message shown next to the passcode field for a refused passcode. */
export function refusalMessage(refusal: Refusal): string {
  switch (refusal.reason) {
    case 'wrong': {
      const tries = `${refusal.remaining} ${refusal.remaining === 1 ? 'try' : 'tries'} left`;
      const wait = refusal.retryAt ? ` ${tryAgainAt(refusal.retryAt)}` : '';
      return `That passcode is not right. ${tries} before you must sign in online.${wait}`;
    }
    case 'wait':
      return `Too many wrong passcodes. ${tryAgainAt(refusal.retryAt)}`;
    case 'needs-sign-in':
      return 'Sign in online to unlock (too many wrong passcodes, or you signed out).';
  }
}

export const ENTER_PASSCODE = 'Enter your passcode';
