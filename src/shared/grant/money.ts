// Money as typed ("£1,500.50") to integer pence and back. Parsed from the digits as text, so no float drift.
import * as v from 'valibot';

const TYPED_POUNDS = /^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/;

/** "1,500", "£1500.5", "1500.50" → 150050 pence; null for anything else (negatives, 3 decimals, words). */
export function poundsToPence(typed: string): number | null {
  const match = TYPED_POUNDS.exec(typed.trim());
  if (!match) return null;
  const pounds = (match[1] as string).replace(/,/g, '');
  if (pounds.length > 10) return null;
  const pence = (match[2] ?? '').padEnd(2, '0');
  return Number(pounds) * 100 + Number(pence);
}

/** A typed amount in pounds → integer pence, with the field's name in its messages. */
export const PoundsToPenceSchema = (label: string) =>
  v.pipe(
    v.string(),
    v.trim(),
    v.rawTransform(({ dataset, addIssue, NEVER }) => {
      if (dataset.value === '') {
        addIssue({ message: `Enter ${label.charAt(0).toLowerCase()}${label.slice(1)}` });
        return NEVER;
      }
      const pence = poundsToPence(dataset.value);
      if (pence === null) {
        addIssue({ message: `${label} must be an amount in pounds, like 1,500 or 1,500.50` });
        return NEVER;
      }
      return pence;
    }),
  );
