// A record's short reference, the one copy the tablet and the coordinator console (and its search) share.

/** The last 8 hex digits of the record's UUIDv7 (its random part), e.g. "4F2A-9C1B": quotable on the phone. */
export function recordReference(id: string): string {
  const tail = id.replace(/-/g, '').slice(-8).toUpperCase();
  return `${tail.slice(0, 4)}-${tail.slice(4)}`;
}

const REFERENCE = /^([0-9a-f]{4})-?([0-9a-f]{4})$/i;

/**
 * What a reference as typed ("4f2a-9c1b", "4F2A9C1B") looks like inside the record's id: its 8 hex digits in
 * lower case, or null when the text is not a reference.
 */
export function referenceDigits(typed: string): string | null {
  const match = REFERENCE.exec(typed.trim());
  return match ? `${match[1]}${match[2]}`.toLowerCase() : null;
}
