// Reads the IoD2025 extract (scripts/area-data/imd2025_mid_south_essex.csv): its rows (the server seeds its areas
// table from them) and the compact area data the app ships (the build step). Pure, so tests can run it on the real file.
import type { CompactAreaData } from './area-data';
import { columnIndex, splitCsvLine } from './csv';

export const IMD_ATTRIBUTION =
  'Contains public sector information licensed under the Open Government Licence v3.0.';
export const IMD_SOURCE =
  'English Indices of Deprivation 2025, Ministry of Housing, Communities and Local Government';
/** LSOAs in England that the national ranks and deciles are relative to. */
export const LSOAS_IN_ENGLAND = 33_755;

const COLUMNS = [
  'lsoa21cd',
  'lsoa21nm',
  'lad24cd',
  'lad24nm',
  'imd_rank',
  'imd_decile',
  'population_2022',
] as const;

/** One neighbourhood (LSOA 2021) of the extract. */
export interface ImdRow {
  code: string;
  name: string;
  districtCode: string;
  districtName: string;
  imdDecile: number;
  imdRank: number;
  /** Mid-2022 population estimate (the IoD2025 denominators). */
  population: number;
}

/** Every row of the extract. Throws an Error naming the line for a missing column or a malformed row. */
export function parseImdRows(text: string): ImdRow[] {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '');
  const at = Object.fromEntries(COLUMNS.map((name) => [name, columnIndex(header, [name])])) as Record<
    (typeof COLUMNS)[number],
    number
  >;
  for (const name of COLUMNS) if (at[name] < 0) throw new Error(`IMD file: no ${name} column in the header`);
  return lines.slice(1).map((line, index) => {
    const fields = splitCsvLine(line);
    const code = fields[at.lsoa21cd] ?? '';
    const decile = Number(fields[at.imd_decile]);
    const rank = Number(fields[at.imd_rank]);
    const population = Number(fields[at.population_2022]);
    const districtCode = fields[at.lad24cd] ?? '';
    if (
      !/^E01\d{6}$/.test(code) ||
      !/^E0[6-9]\d{6}$/.test(districtCode) ||
      !Number.isInteger(decile) ||
      decile < 1 ||
      decile > 10 ||
      !Number.isInteger(rank) ||
      rank < 1 ||
      rank > LSOAS_IN_ENGLAND ||
      // A blank field reads as 0 through Number(): a neighbourhood always has people.
      !Number.isInteger(population) ||
      population < 1
    ) {
      throw new Error(`IMD file line ${index + 2}: not a valid row: ${line.slice(0, 120)}`);
    }
    return {
      code,
      name: fields[at.lsoa21nm] ?? code,
      districtCode,
      districtName: fields[at.lad24nm] ?? districtCode,
      imdDecile: decile,
      imdRank: rank,
      population,
    };
  });
}

/** The compact area data the app ships; throws as parseImdRows does, so a bad file never ships. */
export function parseImdCsv(text: string, version: string): CompactAreaData {
  const districts: Record<string, string> = {};
  const areas: CompactAreaData['areas'] = [];
  for (const row of parseImdRows(text)) {
    districts[row.districtCode] = row.districtName;
    areas.push([row.code, row.name, row.districtCode, row.imdDecile, row.imdRank]);
  }
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
