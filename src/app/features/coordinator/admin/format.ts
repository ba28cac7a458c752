// How the administration screens write money, districts, dates and counts: money always with pence, as the
// central team's accounts do ("£1,234.56"), so columns line up.
import { formatIsoDate } from '../../../../shared/eligibility/format';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../../../shared/programmes';

/** 123456 → "£1,234.56"; 10000000 → "£100,000.00"; negative amounts get a leading minus. */
export function formatMoney(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(pence));
  const pounds = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}£${pounds}.${String(abs % 100).padStart(2, '0')}`;
}

/** 150050 → "1500.50": pence as typed into a pounds box (the box shows "£" before it). */
export function penceToTyped(pence: number): string {
  const whole = Math.floor(pence / 100);
  const rest = pence % 100;
  return rest ? `${whole}.${String(rest).padStart(2, '0')}` : String(whole);
}

/** A district's name; null is "Not known" (no neighbourhood); a code outside Mid and South Essex is shown as it is. */
export function districtName(code: string | null): string {
  if (code === null) return 'Not known';
  return (MID_AND_SOUTH_ESSEX_DISTRICTS as Record<string, string>)[code] ?? code;
}

/** "2023-03-31" → "31 March 2023". */
export const formatDay = formatIsoDate;

/** 120000 → "120,000". */
export const formatCount = (count: number): string => count.toLocaleString('en-GB');
