// Money and dates as the rules' plain-English reasons write them, without depending on the device's locale data.
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** 150000 → "£1,500"; 150050 → "£1,500.50"; negative amounts get a leading minus. */
export function formatPence(pence: number): string {
  const sign = pence < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(pence));
  const pounds = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const rest = abs % 100;
  return `${sign}£${pounds}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`;
}

/** "2023-03-31" → "31 March 2023". A full timestamp is written as its UK day (see `ukDayOf`). */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = (ukDayOf(iso) ?? iso).split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1] ?? '?'} ${year}`;
}

/** 01:00 UTC on the last Sunday of a month: when UK clocks change (March forward, October back). */
function clocksChange(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * The UK day ("YYYY-MM-DD") an ISO date or timestamp falls on. A plain date is returned as it is; a timestamp is
 * moved to UK time (GMT, or BST from the last Sunday of March to the last Sunday of October) by arithmetic, so it
 * gives the same answer on every device whatever its time zone or locale data. Null when it is neither.
 */
export function ukDayOf(iso: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso)) return null;
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return null;
  const year = new Date(instant).getUTCFullYear();
  const summer = instant >= clocksChange(year, 2) && instant < clocksChange(year, 9);
  return new Date(instant + (summer ? 3_600_000 : 0)).toISOString().slice(0, 10);
}
