// Resident mode: the tablet handed to a resident shows only their own sign-up, in larger text, until the worker
// takes it back with their passcode. Kept in localStorage (the record id only, no personal data) so a reload
// cannot escape it.
import { createStore } from 'zustand/vanilla';
import { useStore } from '../../shell/app-state';

const KEY = 'anchor-outreach.resident-mode';

export interface ResidentMode {
  /** The sign-up the resident may fill in, or null in worker mode. */
  recordId: string | null;
}

const read = (): string | null => {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage.getItem(KEY);
  } catch {
    return null;
  }
};

export const residentModeStore = createStore<ResidentMode>(() => ({ recordId: read() }));

function apply(recordId: string | null) {
  try {
    if (recordId) localStorage.setItem(KEY, recordId);
    else localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): resident mode still holds for this page load.
  }
  if (typeof document !== 'undefined') document.body.classList.toggle('app-resident-mode', recordId !== null);
  residentModeStore.setState({ recordId });
}

/** Hands the tablet to the resident for this sign-up. */
export const enterResidentMode = (recordId: string): void => apply(recordId);

/** The worker takes the tablet back: call only once their passcode is confirmed (hand-back-page.tsx). */
export const leaveResidentMode = (): void => apply(null);

/** Re-applies the larger-text class after a reload in resident mode. */
export const restoreResidentMode = (): void => apply(read());

const selectRecordId = (state: ResidentMode) => state.recordId;
export const useResidentRecordId = (): string | null => useStore(residentModeStore, selectRecordId);
