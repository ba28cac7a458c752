// What the worker is told, and can do, when the central team's server refuses this tablet's sync for good.
import type { ApiErrorCode } from '../../../shared/error-codes';

export interface RefusalAdvice {
  heading: string;
  text: string;
  /** "update": offer to look for a new version of the app now. */
  action: 'update' | 'none';
}

const SAFE = 'Your records are kept safely on this tablet until they can be sent.';

/**
 * Advice for a refusal the sync run stopped on. Refusals are the codes api-client's failureKind sorts as
 * "refused"; anything but the tablet's registration or the account's role means this build speaks to the server
 * in a way it no longer takes, so updating the app is the way out.
 */
export function refusalAdvice(code: ApiErrorCode | null): RefusalAdvice {
  switch (code) {
    case 'device-belongs-to-another-worker':
      return {
        heading: 'This tablet is registered to another worker',
        text: `This version of the central team’s server only takes records from this tablet from the worker who first sent from it. Sign in as that worker, or ask your coordinator to update the server. ${SAFE}`,
        action: 'none',
      };
    case 'forbidden':
      return {
        heading: 'This account cannot send records',
        text: `Records are sent with a worker’s account. Sign out and sign in as a worker. ${SAFE}`,
        action: 'none',
      };
    default:
      return {
        heading: 'Update the app to send records',
        text: `The central team’s server no longer takes records from this version of the app. Check for an update, then reload when asked. If this message stays, tell your coordinator. ${SAFE}`,
        action: 'update',
      };
  }
}
