// The one codec every record payload and attachment passes through on its way into and out of IndexedDB.
import type { EncodedPayload } from './database';
import { StoreError } from './errors';
import { openBytes, openJson, type Sealed, sealBytes, sealJson, unlockedKey } from './keyring';

/**
 * The codec new writes use: `aes-gcm-1` seals the payload's JSON with AES-GCM under the unlocked worker's data key
 * (db/keyring.ts), naming the worker whose key it needs. `plain-1` (a structured clone) is still read: records
 * from before encryption, re-encrypted when their worker unlocks (sealLegacyRecords), and retention receipts,
 * which hold nothing personal. All functions are async (WebCrypto): call them outside Dexie transactions.
 */
export const CURRENT_CODEC = 'aes-gcm-1';
export const PLAIN_CODEC = 'plain-1';

/** The body of an `aes-gcm-1` payload: the sealed JSON and whose key sealed it. */
export interface SealedBody {
  worker: string;
  data: Sealed;
}

export async function encodePayload(payload: unknown): Promise<EncodedPayload> {
  const { workerId, key } = unlockedKey();
  const body: SealedBody = { worker: workerId, data: await sealJson(key, payload) };
  return { codec: CURRENT_CODEC, body };
}

/** A payload with nothing personal in it (a retention receipt), stored so any worker's list can show it. */
export async function encodePlain(payload: unknown): Promise<EncodedPayload> {
  return { codec: PLAIN_CODEC, body: structuredClone(payload) };
}

function keyFor(body: Pick<SealedBody, 'worker'>) {
  const unlocked = unlockedKey();
  // Another worker's record: only their key opens it (lists never show it; a direct address says so).
  if (unlocked.workerId !== body.worker) {
    throw new StoreError('locked', { message: 'This record belongs to another worker on this tablet.' });
  }
  return unlocked.key;
}

export async function decodePayload<P>(encoded: EncodedPayload): Promise<P> {
  if (encoded.codec === PLAIN_CODEC) return encoded.body as P;
  if (encoded.codec === CURRENT_CODEC) {
    const body = encoded.body as SealedBody;
    try {
      return await openJson<P>(keyFor(body), body.data);
    } catch (error) {
      if (error instanceof StoreError) throw error;
      throw new StoreError('unreadable', { cause: error });
    }
  }
  throw new StoreError('unreadable', {
    message: `This record was saved in a form this version of the app cannot read (${encoded.codec}). Update the app.`,
  });
}

/** Whether a payload is still in the clear from before encryption (and not a receipt, which stays so). */
export const isLegacyPlain = (encoded: EncodedPayload): boolean => encoded.codec === PLAIN_CODEC;

/** Whose key sealed an attachment (its Blob holds the IV and the ciphertext). */
export type AttachmentSeal = Pick<SealedBody, 'worker'>;

/** An attachment's bytes as stored: an opaque Blob of ciphertext, sealed under the unlocked worker's key. */
export async function encodeAttachment(blob: Blob): Promise<{ blob: Blob; seal: AttachmentSeal }> {
  const { workerId, key } = unlockedKey();
  const sealed = await sealBytes(key, await blob.arrayBuffer());
  return {
    blob: new Blob([sealed], { type: 'application/octet-stream' }),
    seal: { worker: workerId },
  };
}

/** An attachment's bytes as they were added, with their media type (rows from before encryption as they are). */
export async function decodeAttachment(row: {
  seal?: AttachmentSeal | null;
  blob: Blob;
  mediaType: string;
}): Promise<Blob> {
  if (!row.seal) return row.blob;
  const seal = row.seal;
  try {
    const bytes = await openBytes(keyFor(seal), await row.blob.arrayBuffer());
    return new Blob([bytes], { type: row.mediaType });
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw new StoreError('unreadable', { cause: error });
  }
}
