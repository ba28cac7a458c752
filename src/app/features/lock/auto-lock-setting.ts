// How long the tablet may sit unused before it locks: the resident programme's `autoLockMinutes`, or the default.
import { AUTO_LOCK_MINUTES_DEFAULT } from '../../../shared/programmes';
import { readProgrammes } from '../../db/reference';

/** The auto-lock period in minutes from the programme settings on this tablet (the default if unreadable). */
export async function readAutoLockMinutes(): Promise<number> {
  try {
    return (await readProgrammes()).resident.autoLockMinutes ?? AUTO_LOCK_MINUTES_DEFAULT;
  } catch {
    return AUTO_LOCK_MINUTES_DEFAULT;
  }
}
