// What a record is called in lists: the resident's or organisation's name (never any other answer), beside its
// reference, and whether it matches a name typed into the list's search box.
import type { RecordType } from '../../../shared/records';

const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : '');
const answersOf = (payload: unknown): Record<string, unknown> => {
  const answers = payload && typeof payload === 'object' ? (payload as { answers?: unknown }).answers : null;
  return answers && typeof answers === 'object' ? (answers as Record<string, unknown>) : {};
};

/**
 * A sign-up: the resident's first and last name; a grant application: the organisation's name; an eligibility
 * check: the resident's postcode or the organisation's name, else "Resident check" or "Organisation check".
 * A record with none yet (or whose answers were removed after sending) is named by what it is.
 */
export function displayName(record: { type: RecordType; payload: unknown }): string {
  const answers = answersOf(record.payload);
  switch (record.type) {
    case 'signup':
      return [text(answers.firstName), text(answers.lastName)].filter(Boolean).join(' ') || 'No name yet';
    case 'grant-application':
      return text(answers.organisationName) || 'No organisation name yet';
    case 'eligibility-check': {
      const kind = (record.payload as { kind?: unknown } | null)?.kind;
      if (kind === 'organisation') return text(answers.organisationName) || 'Organisation check';
      if (kind === 'resident') return text(answers.postcode) || 'Resident check';
      return 'Eligibility check';
    }
  }
}

/** Case and spacing do not matter: "sara  ahmed" finds "Sara Ahmed". */
const folded = (value: string) => value.toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();

/** A matcher for the search box's text: every record when it is empty. */
export function nameMatcher(
  search: string,
): ((record: { type: RecordType; payload: unknown }) => boolean) | null {
  const wanted = folded(search);
  if (!wanted) return null;
  return (record) => folded(displayName(record)).includes(wanted);
}
