// The IoD2025 extract's rows with their populations (what the server seeds its areas table from), read by the same
// parser as the app's area data.
import { describe, expect, it } from 'vitest';
import { parseImdCsv, parseImdRows } from '../../../src/shared/eligibility/imd-csv';
import { REAL_CSV } from './fixtures';

describe('parseImdRows', () => {
  it('reads every neighbourhood with its district, decile, rank and mid-2022 population', () => {
    const rows = parseImdRows(REAL_CSV);
    expect(rows).toHaveLength(parseImdCsv(REAL_CSV, 'v').areas.length);
    // The extract's first row (scripts/area-data/imd2025_mid_south_essex.csv).
    expect(rows[0]).toEqual({
      code: 'E01015814',
      name: 'Southend-on-Sea 003A',
      districtCode: 'E06000033',
      districtName: 'Southend-on-Sea',
      imdDecile: 6,
      imdRank: 19370,
      population: 1335,
    });
    expect(new Set(rows.map((row) => row.districtCode)).size).toBe(9);
  });

  it('refuses a row without a population, naming the line', () => {
    const lines = REAL_CSV.split('\n');
    lines[2] = (lines[2] as string).replace(/,\d+\r?$/, ',');
    expect(() => parseImdRows(lines.join('\n'))).toThrow(/line 3/);
    expect(() => parseImdRows(REAL_CSV.replace('population_2022', 'people'))).toThrow(
      /no population_2022 column/,
    );
  });
});
