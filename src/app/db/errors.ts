// StoreError: every failure of the on-device store, translated into a kind the UI can act on and plain English.
export type StoreErrorKind =
  | 'quota'
  | 'closed'
  | 'unavailable'
  | 'not-found'
  | 'stale'
  | 'not-allowed'
  | 'unreadable'
  | 'locked'
  | 'unknown';

const MESSAGES: Record<StoreErrorKind, string> = {
  quota:
    'This tablet has run out of space, so this was not saved. Your answers are still on screen. Send waiting records or download a backup, then try again.',
  closed:
    'The tablet’s storage was closed (the app may have been updated in another tab). Your answers are still on screen. Reload the app, then try again.',
  unavailable:
    'This browser is not letting Anchor Outreach save anything (a private window does this). Your answers are still on screen. Open the app in a normal window to save.',
  'not-found': 'That record is not on this tablet.',
  stale:
    'This record was changed somewhere else (perhaps another tab) since you opened it. Your answers are still on screen. Reopen the record to see the newer version.',
  'not-allowed': 'This record cannot be changed that way now. Reopen it to see where it stands.',
  unreadable: 'This record could not be read on this tablet.',
  locked: 'This tablet is locked. Unlock it with your passcode to see and save records.',
  unknown: 'Something went wrong saving to this tablet. Your answers are still on screen. Try again.',
};

/** A failure of the on-device store. `message` is written for the worker; `cause` keeps the original error. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  constructor(
    readonly kind: StoreErrorKind,
    options: { cause?: unknown; message?: string } = {},
  ) {
    super(options.message ?? MESSAGES[kind], { cause: options.cause });
  }
}

const NAME_TO_KIND: Record<string, StoreErrorKind> = {
  QuotaExceededError: 'quota',
  DatabaseClosedError: 'closed',
  // Another tab opened a newer schema (an app update): this page must reload.
  VersionError: 'closed',
  InvalidStateError: 'closed',
  MissingAPIError: 'unavailable',
  OpenFailedError: 'unavailable',
  InvalidAccessError: 'unavailable',
  SecurityError: 'unavailable',
};

/**
 * Translates Dexie and DOM errors into a StoreError. Dexie wraps causes (a closed database "because" IndexedDB is
 * missing), so the deepest recognised name in the `inner`/`cause` chain decides the kind.
 */
export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  let kind: StoreErrorKind = 'unknown';
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current; depth++) {
    const name = (current as { name?: unknown }).name;
    if (typeof name === 'string' && name in NAME_TO_KIND) kind = NAME_TO_KIND[name] as StoreErrorKind;
    current = (current as { inner?: unknown }).inner ?? (current as { cause?: unknown }).cause;
  }
  return new StoreError(kind, { cause: error });
}

/** Runs a store operation and rethrows any failure as a StoreError. */
export async function guarded<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw toStoreError(error);
  }
}
