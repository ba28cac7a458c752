// Each worker's data key on this tablet: made at their first online sign-in, wrapped by their passcode and by the
// server's recovery key, unlocked into memory only, with the passcode's slowdown and lockout.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { LoginResponse, Role } from '../../shared/api';
import { database } from './connection';
import { guarded, StoreError } from './errors';

export type Session = LoginResponse;

/** PBKDF2-SHA-256 rounds for a passcode's key (OWASP's 2023 figure for PBKDF2-HMAC-SHA256). */
export const PASSCODE_ITERATIONS = 600_000;
/** Shortest passcode: digits only. */
export const PASSCODE_MIN_DIGITS = 6;
/** Wrong passcodes in a row after which only an online sign-in unlocks the worker's key. */
export const PASSCODE_MAX_FAILURES = 10;
/** Wait after the nth wrong passcode in a row (index n-1); past the list the last entry applies. */
export const PASSCODE_WAIT_SECONDS = [0, 0, 0, 0, 30, 60, 120, 300, 900] as const;

const AES = { name: 'AES-GCM', length: 256 } as const;
const IV_BYTES = 12;
const SALT_BYTES = 16;
/** Meta rows holding a worker's wrapped key: `worker-key:<worker id>`. Never change without a migration. */
const ENTRY_PREFIX = 'worker-key:';

/**
 * Ciphertext as stored: one ArrayBuffer holding the 12-byte IV, then AES-GCM's output (tag included). An
 * ArrayBuffer survives every structured clone IndexedDB makes; a typed array from another realm may not.
 */
export type Sealed = ArrayBuffer;

/**
 * Where a worker stands on this tablet: `active` (unlocks with their passcode), `locked-out` (too many wrong
 * passcodes: sign in online), `signed-out` (their key waits for their next online sign-in), `disabled` (the
 * central team disabled them: their synced records are gone, unsent ones stay locked).
 */
export type WorkerKeyState = 'active' | 'locked-out' | 'signed-out' | 'disabled';

/** The meta row of one worker's key. Only the worker's id, username and role are in the clear. */
export interface WorkerKeyEntry {
  workerId: string;
  username: string;
  role: Role;
  state: WorkerKeyState;
  /** The data key wrapped by the passcode's PBKDF2 key; null until a passcode is set, and after lockout. */
  passcode: { salt: ArrayBuffer; iterations: number; key: Sealed } | null;
  /** The data key wrapped by the server's recovery key for this worker and tablet. */
  recovery: Sealed;
  /** The signed-in session (bearer token), encrypted under the data key; null after sign-out. */
  session: Sealed | null;
  failures: number;
  /** No passcode is tried before this time (after several wrong ones). */
  retryAt: string | null;
}

/** The worker whose key is in memory: what the screens and sync may use. */
export interface UnlockedWorker {
  id: string;
  username: string;
  role: Role;
}

/** A worker the lock screen offers. */
export interface KnownWorker extends UnlockedWorker {
  state: WorkerKeyState;
  failures: number;
  retryAt: string | null;
}

export type UnlockResult =
  | { ok: true }
  | { ok: false; reason: 'wrong'; remaining: number; retryAt: string | null }
  | { ok: false; reason: 'wait'; retryAt: string }
  | { ok: false; reason: 'needs-sign-in' };

interface Unlocked {
  worker: UnlockedWorker;
  key: CryptoKey;
  session: Session | null;
}

let unlocked: Unlocked | null = null;
let iterations = PASSCODE_ITERATIONS;

/** The unlocked worker (null while locked), for screens to subscribe to. */
export const keyringStore: StoreApi<{ worker: UnlockedWorker | null }> = createStore(() => ({
  worker: null as UnlockedWorker | null,
}));

/** Tests only: fewer PBKDF2 rounds for passcodes set from now on (every stored entry keeps its own count). */
export function setPasscodeIterationsForTests(rounds: number): void {
  iterations = rounds;
}

const random = (bytes: number) => crypto.getRandomValues(new Uint8Array(bytes));
const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

/** The IV followed by the ciphertext, in one buffer. */
function joined(iv: Uint8Array<ArrayBuffer>, data: ArrayBuffer): Sealed {
  const out = new Uint8Array(IV_BYTES + data.byteLength);
  out.set(iv);
  out.set(new Uint8Array(data), IV_BYTES);
  return out.buffer;
}

/** The IV and the ciphertext of a stored buffer, as fresh arrays of this realm. */
function split(sealed: Sealed): { iv: Uint8Array<ArrayBuffer>; data: Uint8Array<ArrayBuffer> } {
  const view = new Uint8Array(sealed);
  return { iv: view.slice(0, IV_BYTES), data: view.slice(IV_BYTES) };
}

async function seal(key: CryptoKey, plain: Uint8Array<ArrayBuffer>): Promise<Sealed> {
  const iv = random(IV_BYTES);
  return joined(iv, await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, plain));
}

function open(key: CryptoKey, sealed: Sealed): Promise<ArrayBuffer> {
  const { iv, data } = split(sealed);
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv }, key, data);
}

export const sealJson = (key: CryptoKey, value: unknown): Promise<Sealed> =>
  seal(key, utf8.encode(JSON.stringify(value)));
export const openJson = async <T>(key: CryptoKey, sealed: Sealed): Promise<T> =>
  JSON.parse(fromUtf8.decode(await open(key, sealed))) as T;
export const sealBytes = (key: CryptoKey, bytes: ArrayBuffer): Promise<Sealed> =>
  seal(key, new Uint8Array(bytes));
export const openBytes = open;

async function passcodeKey(passcode: string, salt: ArrayBuffer, rounds: number): Promise<CryptoKey> {
  const material = await crypto.subtle.importKey('raw', utf8.encode(passcode), 'PBKDF2', false, [
    'deriveKey',
  ]);
  return crypto.subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(salt).slice(), iterations: rounds },
    material,
    AES,
    false,
    ['wrapKey', 'unwrapKey'],
  );
}

const recoveryKeyOf = (bytes: Uint8Array<ArrayBuffer>) =>
  crypto.subtle.importKey('raw', bytes, AES, false, ['wrapKey', 'unwrapKey']);

async function wrap(dataKey: CryptoKey, wrapping: CryptoKey): Promise<Sealed> {
  const iv = random(IV_BYTES);
  return joined(iv, await crypto.subtle.wrapKey('raw', dataKey, wrapping, { name: 'AES-GCM', iv }));
}

/** The data key, or null when `wrapping` is not the key it was wrapped with (a wrong passcode). */
async function unwrap(sealed: Sealed, wrapping: CryptoKey): Promise<CryptoKey | null> {
  const { iv, data } = split(sealed);
  try {
    // Extractable so that a new passcode can wrap it again; it only ever lives in this page's memory.
    return await crypto.subtle.unwrapKey('raw', data, wrapping, { name: 'AES-GCM', iv }, AES, true, [
      'encrypt',
      'decrypt',
    ]);
  } catch {
    return null;
  }
}

const entryKey = (workerId: string) => `${ENTRY_PREFIX}${workerId}`;

async function readEntry(workerId: string): Promise<WorkerKeyEntry | undefined> {
  return guarded(
    async () => (await database().meta.get(entryKey(workerId)))?.value as WorkerKeyEntry | undefined,
  );
}

async function writeEntry(entry: WorkerKeyEntry): Promise<void> {
  await guarded(() => database().meta.put({ key: entryKey(entry.workerId), value: entry }));
}

const workerOf = (entry: Pick<WorkerKeyEntry, 'workerId' | 'username' | 'role'>): UnlockedWorker => ({
  id: entry.workerId,
  username: entry.username,
  role: entry.role,
});

function setUnlocked(next: Unlocked | null): void {
  unlocked = next;
  keyringStore.setState({ worker: next?.worker ?? null });
}

/** Every worker with a key on this tablet, by username. */
export async function knownWorkers(): Promise<KnownWorker[]> {
  return guarded(async () => {
    const rows = await database().meta.where('key').startsWith(ENTRY_PREFIX).toArray();
    return rows
      .map((row) => row.value as WorkerKeyEntry)
      .map((entry) => ({
        ...workerOf(entry),
        state: entry.state,
        failures: entry.failures,
        retryAt: entry.retryAt,
      }))
      .sort((a, b) => a.username.localeCompare(b.username));
  });
}

/**
 * After an online sign-in: the worker's key comes back through the server's recovery key (made now on the first
 * sign-in on this tablet), their session is kept encrypted under it, and the tablet is unlocked as them.
 * `needsPasscode`: they have no passcode yet (first sign-in, after lockout or sign-out) and must set one.
 */
export async function unlockWithRecoveryKey(
  session: Session,
  recoveryKeyBytes: Uint8Array<ArrayBuffer>,
): Promise<{ needsPasscode: boolean }> {
  const recovery = await recoveryKeyOf(recoveryKeyBytes);
  const existing = await readEntry(session.user.id);
  let dataKey: CryptoKey | null;
  if (existing) {
    dataKey = await unwrap(existing.recovery, recovery);
    // The server no longer holds the key this tablet's copy was wrapped with (its database was replaced).
    if (!dataKey) {
      throw new StoreError('unreadable', {
        message:
          'Your records on this tablet could not be unlocked with the central key. Ask the central team for help before signing in again.',
      });
    }
  } else {
    dataKey = await crypto.subtle.generateKey(AES, true, ['encrypt', 'decrypt']);
  }
  const entry: WorkerKeyEntry = {
    workerId: session.user.id,
    username: session.user.username,
    role: session.user.role,
    state: existing?.passcode && existing.state === 'active' ? 'active' : 'signed-out',
    passcode: existing?.state === 'active' ? existing.passcode : null,
    recovery: existing?.recovery ?? (await wrap(dataKey, recovery)),
    session: await sealJson(dataKey, session),
    failures: 0,
    retryAt: null,
  };
  await writeEntry(entry);
  setUnlocked({ worker: workerOf(entry), key: dataKey, session });
  return { needsPasscode: entry.passcode === null };
}

/** Whether `passcode` is one a worker may choose: at least PASSCODE_MIN_DIGITS digits, digits only. */
export const isValidPasscode = (passcode: string): boolean =>
  new RegExp(`^\\d{${PASSCODE_MIN_DIGITS},}$`).test(passcode);

/** Sets (or replaces) the unlocked worker's passcode. */
export async function setPasscode(passcode: string): Promise<void> {
  const current = requireUnlocked();
  if (!isValidPasscode(passcode))
    throw new StoreError('not-allowed', { message: 'A passcode is 6 or more digits.' });
  const entry = await readEntry(current.worker.id);
  if (!entry) throw new StoreError('not-found');
  const salt = random(SALT_BYTES).buffer;
  const key = await wrap(current.key, await passcodeKey(passcode, salt, iterations));
  await writeEntry({
    ...entry,
    state: 'active',
    passcode: { salt, iterations, key },
    failures: 0,
    retryAt: null,
  });
}

const waitAfter = (failures: number): number =>
  PASSCODE_WAIT_SECONDS[Math.min(failures, PASSCODE_WAIT_SECONDS.length) - 1] ?? 0;

/** Counts a wrong passcode: a wait after several, and after PASSCODE_MAX_FAILURES the passcode stops working. */
async function wrongPasscode(entry: WorkerKeyEntry, at: Date): Promise<Exclude<UnlockResult, { ok: true }>> {
  const failures = entry.failures + 1;
  if (failures >= PASSCODE_MAX_FAILURES) {
    await writeEntry({ ...entry, state: 'locked-out', passcode: null, failures, retryAt: null });
    if (unlocked?.worker.id === entry.workerId) lock();
    return { ok: false, reason: 'needs-sign-in' };
  }
  const wait = waitAfter(failures);
  const retryAt = wait > 0 ? new Date(at.getTime() + wait * 1000).toISOString() : null;
  await writeEntry({ ...entry, failures, retryAt });
  return { ok: false, reason: 'wrong', remaining: PASSCODE_MAX_FAILURES - failures, retryAt };
}

/** Opens the passcode's wrapping: the data key, or an UnlockResult saying why not. */
async function tryPasscode(
  workerId: string,
  passcode: string,
  at: Date,
): Promise<{ entry: WorkerKeyEntry; dataKey: CryptoKey } | Exclude<UnlockResult, { ok: true }>> {
  const entry = await readEntry(workerId);
  if (!entry?.passcode || entry.state !== 'active') return { ok: false, reason: 'needs-sign-in' };
  // Several wrong passcodes: nothing is tried (or counted) until the wait is over.
  if (entry.retryAt && entry.retryAt > at.toISOString())
    return { ok: false, reason: 'wait', retryAt: entry.retryAt };
  const wrapping = await passcodeKey(passcode, entry.passcode.salt, entry.passcode.iterations);
  const dataKey = await unwrap(entry.passcode.key, wrapping);
  if (!dataKey) return wrongPasscode(entry, at);
  if (entry.failures > 0 || entry.retryAt) await writeEntry({ ...entry, failures: 0, retryAt: null });
  return { entry: { ...entry, failures: 0, retryAt: null }, dataKey };
}

/** Unlocks the tablet as `workerId` with their passcode (offline). */
export async function unlockWithPasscode(
  workerId: string,
  passcode: string,
  at = new Date(),
): Promise<UnlockResult> {
  const opened = await tryPasscode(workerId, passcode, at);
  if ('ok' in opened) return opened;
  const { entry, dataKey } = opened;
  const session = entry.session ? await openJson<Session>(dataKey, entry.session) : null;
  setUnlocked({ worker: workerOf(entry), key: dataKey, session });
  return { ok: true };
}

/**
 * Checks the unlocked worker's passcode without changing who is unlocked (leaving resident mode). Wrong ones count
 * towards the same slowdown and lockout as at the lock screen.
 */
export async function confirmPasscode(passcode: string, at = new Date()): Promise<UnlockResult> {
  const current = requireUnlocked();
  const opened = await tryPasscode(current.worker.id, passcode, at);
  return 'ok' in opened ? opened : { ok: true };
}

/** Forgets the data key and session from memory: nothing personal can be read until someone unlocks. */
export function lock(): void {
  if (!unlocked) return;
  setUnlocked(null);
}

function requireUnlocked(): Unlocked {
  // Every read or write of answers needs the worker's key: a locked tablet shows nothing and saves nothing.
  if (!unlocked) throw new StoreError('locked');
  return unlocked;
}

/** The unlocked worker's data key and id (the codec's), or StoreError `locked`. */
export function unlockedKey(): { workerId: string; key: CryptoKey } {
  const { worker, key } = requireUnlocked();
  return { workerId: worker.id, key };
}

/** Runs `task` once, when a worker is first unlocked in this page (at once if one is). */
export function whenUnlocked(task: () => void): void {
  if (keyringStore.getState().worker) {
    task();
    return;
  }
  const stop = keyringStore.subscribe((state) => {
    // Guard: still locked (a lock, or a failed unlock, also changes the store).
    if (!state.worker) return;
    stop();
    task();
  });
}

/** The unlocked worker, or null while locked. */
export const unlockedWorker = (): UnlockedWorker | null => unlocked?.worker ?? null;

/** The unlocked worker's session (its token), or undefined while locked or signed out. */
export const unlockedSession = (): Session | undefined => unlocked?.session ?? undefined;

/**
 * Ends the worker's session on this tablet: their token and passcode go, and their key waits (wrapped by the
 * server's recovery key) for their next online sign-in. Locks the tablet if they were unlocked.
 */
export async function endSession(workerId: string, state: 'signed-out' | 'disabled'): Promise<void> {
  const entry = await readEntry(workerId);
  if (entry) await writeEntry({ ...entry, state, passcode: null, session: null, failures: 0, retryAt: null });
  if (unlocked?.worker.id === workerId) lock();
}

/** Removes a worker's key from the tablet altogether (none of their records are left). */
export async function forgetWorkerKey(workerId: string): Promise<void> {
  await guarded(() => database().meta.delete(entryKey(workerId)));
  if (unlocked?.worker.id === workerId) lock();
}
