// Device-made identifiers: UUIDv7 for records, changes and attachments, monotonic within one JavaScript realm.
import { uuidv7 } from 'uuidv7';

/** A new UUIDv7. Made offline with no coordination; collisions are as unlikely as for any random UUID. */
export const newId = (): string => uuidv7();
