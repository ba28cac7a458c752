// The sign-up match key: a keyed hash of the normalised name, date of birth and postcode, stored in the clear on
// the row so the duplicate check reads an index instead of decoding every sign-up; and that check's query.

import type { RecordType } from '../../shared/records';
import type { SignupAnswers, SignupPayload } from '../../shared/signup';
import { decodePayload } from './codec';
import { database } from './connection';
import type { StoredRecord } from './database';
import { guarded } from './errors';
import { keyringStore, unlockedKey } from './keyring';
import type { LocalRecord } from './records';

/** The parts of a sign-up's answers that say it is the same person. */
export type IdentityAnswers = Partial<
  Pick<SignupAnswers, 'firstName' | 'lastName' | 'dateOfBirth' | 'postcode'>
>;

/**
 * HKDF `info` naming what the derived key is for: a new purpose gets a new label, so no derived key ever serves
 * two. Changing it changes every stored match key: only with a backfill that rewrites them all.
 */
const MATCH_KEY_INFO = 'anchor-outreach/signup-match-key/v1';
/** HKDF salt: fixed (the data key is already uniformly random, so a salt adds nothing; RFC 5869 section 3.1). */
const MATCH_KEY_SALT = new Uint8Array(32);

const text = (value: string | undefined) => (value ?? '').trim().toLowerCase();

/**
 * The one normaliser of the duplicate rule (features/signup/duplicates.ts and the match key both use it): names
 * trimmed and lower-cased, the date of birth as saved (an ISO date), the postcode lower-cased without any spaces
 * ("SS1 1AA" and "ss11aa" are one postcode). Null unless all four are there: an incomplete sign-up matches nobody.
 */
export function signupIdentity(answers: IdentityAnswers | undefined): string | null {
  const parts = [
    text(answers?.firstName),
    text(answers?.lastName),
    (answers?.dateOfBirth ?? '').trim(),
    text(answers?.postcode).replace(/\s+/g, ''),
  ];
  if (parts.some((part) => part === '')) return null;
  // JSON keeps the parts apart ("ann"+"a lee" and "anna"+"lee" differ).
  return JSON.stringify(parts);
}

let cached: { dataKey: CryptoKey; hmac: Promise<CryptoKey> } | null = null;

// Locking forgets the data key: the match key derived from it goes at the same moment.
keyringStore.subscribe((state) => {
  if (!state.worker) cached = null;
});

/**
 * The unlocked worker's HMAC-SHA-256 key for match keys, derived from their data key by HKDF-SHA-256 and kept in
 * memory until the tablet locks. The data key is extractable (keyring.ts unwraps it so, to wrap it again under a
 * new passcode), so HKDF can take its bytes directly; nothing new is stored, and the HMAC key is not extractable.
 * Another worker's key gives other match keys, so nobody's index says anything about another worker's residents.
 */
function matchingKey(): Promise<CryptoKey> {
  const { key } = unlockedKey();
  if (cached?.dataKey === key) return cached.hmac;
  const hmac = (async () => {
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key));
    const material = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
    raw.fill(0);
    return crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: MATCH_KEY_SALT, info: new TextEncoder().encode(MATCH_KEY_INFO) },
      material,
      { name: 'HMAC', hash: 'SHA-256', length: 256 },
      false,
      ['sign'],
    );
  })();
  // A failed derivation is not kept: the next call tries again.
  hmac.catch(() => {
    if (cached?.hmac === hmac) cached = null;
  });
  cached = { dataKey: key, hmac };
  return hmac;
}

const hex = (bytes: ArrayBuffer) =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** The unlocked worker's match key for these answers (lower-case hex HMAC), or null when a part is missing. */
export async function matchKeyOf(answers: IdentityAnswers | undefined): Promise<string | null> {
  const identity = signupIdentity(answers);
  if (identity === null) return null;
  const signature = await crypto.subtle.sign('HMAC', await matchingKey(), new TextEncoder().encode(identity));
  return hex(signature);
}

/**
 * The index fields a record's row carries for this payload: a sign-up's `matchKey` (null when its answers lack a
 * part); nothing for other types. Call wherever a record's payload is encoded for its row, outside transactions.
 */
export async function indexFieldsFor(
  type: RecordType,
  payload: unknown,
): Promise<Pick<StoredRecord, 'matchKey'>> {
  if (type !== 'signup') return {};
  return { matchKey: await matchKeyOf((payload as Partial<SignupPayload> | null)?.answers) };
}

/**
 * The unlocked worker's sign-ups (other than `exceptId`) whose match key is that of `answers`, most recently
 * changed first: one read of the [workerId+matchKey] index, decoding only the rows it finds. Records nobody owns
 * (made before anyone signed in) have no match key until claimed and sealed, as the scan before this did not read
 * them either (its lists were the worker's); another worker's sign-ups carry keys of their own key, never equal.
 */
export async function findSignupMatches(
  exceptId: string,
  answers: IdentityAnswers,
): Promise<LocalRecord<SignupPayload>[]> {
  return guarded(async () => {
    const { workerId } = unlockedKey();
    const key = await matchKeyOf(answers);
    if (key === null) return [];
    const rows = await database()
      .signups.where('[workerId+matchKey]')
      .equals([workerId, key])
      .filter((row) => row.id !== exceptId)
      .toArray();
    rows.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0));
    return Promise.all(
      rows.map(async (row) => ({ ...row, payload: await decodePayload<SignupPayload>(row.payload) })),
    );
  });
}
