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

/** "2023-03-31" → "31 March 2023". */
export function formatIsoDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number) as [number, number, number];
  return `${day} ${MONTHS[month - 1] ?? '?'} ${year}`;
}
