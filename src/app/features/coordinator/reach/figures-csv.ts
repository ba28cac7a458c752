// "Download these figures (CSV)": the page's tables as one CSV file, built in the browser with csv-stringify's
// browser build (RFC 4180 quoting, CRLF, UTF-8 with a byte order mark so Excel reads it as UTF-8). The library is
// loaded on the first download, so the page itself does not carry it.
import type { Cell, ColumnKind, FigureTable } from './figures';

const UNITS: Record<ColumnKind, string> = { text: '', count: '', percent: ' (%)', money: ' (£)' };

/** Figures as numbers a spreadsheet adds up: shares as percentages to one place, money in pounds and pence. */
function csvCell(cell: Cell, kind: ColumnKind): string | number {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (kind === 'percent') return Number((cell * 100).toFixed(1));
  if (kind === 'money') return (cell / 100).toFixed(2);
  return cell;
}

/**
 * One file: a title line, then each table as its caption, its header and its rows, with an empty line between
 * tables. Every line has the same number of fields (RFC 4180), padded with empty ones.
 */
export async function figuresCsv(title: string, tables: FigureTable[]): Promise<Blob> {
  const { stringify } = await import('csv-stringify/browser/esm/sync');
  const width = Math.max(1, ...tables.map((table) => table.columns.length));
  const line = (fields: (string | number)[]) => [
    ...fields,
    ...Array.from({ length: width - fields.length }, () => ''),
  ];
  const lines = [line([title]), line([])];
  for (const table of tables) {
    lines.push(line([table.caption]));
    lines.push(line(table.columns.map((column) => `${column.label}${UNITS[column.kind]}`)));
    for (const row of table.rows) {
      lines.push(line(row.map((cell, index) => csvCell(cell, table.columns[index]?.kind ?? 'text'))));
    }
    lines.push(line([]));
  }
  const text = stringify(lines, { bom: true, record_delimiter: 'windows' });
  return new Blob([text], { type: 'text/csv;charset=utf-8' });
}
