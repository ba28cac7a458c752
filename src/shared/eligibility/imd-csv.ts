// Reads the IoD2025 extract (scripts/area-data/imd2025_mid_south_essex.csv) into the compact area data the app
// ships. Used by the build step; pure, so tests can run it on the real file.
import type { CompactAreaData } from './area-data';
import { columnIndex, splitCsvLine } from './csv';

export const IMD_ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0.';
export const IMD_SOURCE =
  'English Indices of Deprivation 2025, Ministry of Housing, Communities and Local Government';
/** LSOAs in England that the national ranks and deciles are relative to. */
export const LSOAS_IN_ENGLAND = 33_755;

const COLUMNS = ['lsoa21cd', 'lsoa21nm', 'lad24cd', 'lad24nm', 'imd_rank', 'imd_decile'] as const;

/** Throws an Error naming the line for a missing column or a malformed row, so a bad file never ships. */
export function parseImdCsv(text: string, version: string): CompactAreaData {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '');
  const at = Object.fromEntries(COLUMNS.map((name) => [name, columnIndex(header, [name])])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  for (const name of COLUMNS) if (at[name] < 0) throw new Error(`IMD file: no ${name} column in the header`);
  const districts: Record<string, string> = {};
  const areas: CompactAreaData['areas'] = [];
  lines.slice(1).forEach((line, index) => {
    const fields = splitCsvLine(line);
    const code = fields[at.lsoa21cd] ?? '';
    const decile = Number(fields[at.imd_decile]);
    const rank = Number(fields[at.imd_rank]);
    const districtCode = fields[at.lad24cd] ?? '';
    if (
      !/^E01\d{6}$/.test(code) ||
      !/^E0[6-9]\d{6}$/.test(districtCode) ||
      !Number.isInteger(decile) ||
      decile < 1 ||
      decile > 10 ||
      !Number.isInteger(rank) ||
      rank < 1 ||
      rank > LSOAS_IN_ENGLAND
    ) {
      throw new Error(`IMD file line ${index + 2}: not a valid row: ${line.slice(0, 120)}`);
    }
    districts[districtCode] = fields[at.lad24nm] ?? districtCode;
    areas.push([code, fields[at.lsoa21nm] ?? code, districtCode, decile, rank]);
  });
  return {
    format: 1,
    version,
    source: IMD_SOURCE,
    attribution: IMD_ATTRIBUTION,
    rankedOutOf: LSOAS_IN_ENGLAND,
    districts,
    areas,
  };
}
