// The one codec every record payload passes through on its way into and out of IndexedDB.
import type { EncodedPayload } from './database';
import { StoreError } from './errors';

/**
 * The codec new writes use. `plain-1` stores a structured clone of the payload. Encryption at rest will add a
 * codec here (and keep decoding `plain-1`), without any feature code changing: features only ever see payloads.
 * Both functions are async so that such a codec can use WebCrypto; call them outside Dexie transactions.
 */
export const CURRENT_CODEC = 'plain-1';

export async function encodePayload(payload: unknown): Promise<EncodedPayload> {
  return { codec: CURRENT_CODEC, body: structuredClone(payload) };
}

export async function decodePayload<P>(encoded: EncodedPayload): Promise<P> {
  if (encoded.codec === 'plain-1') return encoded.body as P;
  throw new StoreError('unreadable', {
    message: `This record was saved in a form this version of the app cannot read (${encoded.codec}). Update the app.`,
  });
}
