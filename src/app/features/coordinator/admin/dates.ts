// Typed dates on the administration forms: the NHS.UK day/month/year boxes to an ISO date, with the messages the
// design system's date pattern uses.
import { type DateParts, parseDateParts } from '../../../../shared/validation/uk';

export const EMPTY_DATE: DateParts = { day: '', month: '', year: '' };

/** "2026-04-01" → its three boxes as typed. */
export function isoToBoxes(iso: string): DateParts {
  const [year = '', month = '', day = ''] = iso.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** The ISO date typed, or the message to show next to the boxes (label: "The date applications open"). */
export function readDate(label: string, parts: DateParts): { iso: string } | { error: string } {
  const parsed = parseDateParts(parts);
  if (parsed.ok) return { iso: parsed.iso };
  const lower = label.charAt(0).toLowerCase() + label.slice(1);
  switch (parsed.problem) {
    case 'missing':
      return { error: `Enter ${lower}` };
    case 'missing-day':
      return { error: `${label} must include a day` };
    case 'missing-month':
      return { error: `${label} must include a month` };
    case 'missing-year':
      return { error: `${label} must include a year` };
    default:
      return { error: `${label} must be a real date` };
  }
}
