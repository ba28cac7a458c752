// The rules on the real English Indices of Deprivation 2025 extract the app ships (scripts/area-data).
import { describe, expect, it } from 'vitest';
import { areaDataFrom } from '../../../src/shared/eligibility/area-data';
import { parseImdCsv } from '../../../src/shared/eligibility/imd-csv';
import { checkResidentEligibility } from '../../../src/shared/eligibility/resident';
import { SOUTHEND_2050_AMBITION } from '../../../src/shared/programmes';
import { REAL_CSV, realCompact, SOUTHEND } from './fixtures';

const compact = realCompact();
const areas = areaDataFrom(compact);
const answers = {
  dateOfBirth: '1990-06-01',
  employmentStatus: 'unemployed',
  rightToWork: 'yes' as const,
  rightToWorkEvidence: 'share-code',
  rightToWorkSeenOn: '2026-11-23',
};
const check = (pickedAreaCode: string) =>
  checkResidentEligibility(
    { ...answers, pickedAreaCode },
    SOUTHEND_2050_AMBITION,
    { areas, postcodes: null },
    '2026-11-23',
  );

// The counts in scripts/area-data/README.md (from the published file).
const EXPECTED: [string, string, number, number, number][] = [
  ['E06000033', 'Southend-on-Sea', 108, 12, 25],
  ['E06000034', 'Thurrock', 100, 3, 14],
  ['E07000066', 'Basildon', 112, 9, 27],
  ['E07000067', 'Braintree', 88, 0, 4],
  ['E07000068', 'Brentwood', 48, 0, 0],
  ['E07000069', 'Castle Point', 57, 1, 6],
  ['E07000070', 'Chelmsford', 113, 0, 5],
  ['E07000074', 'Maldon', 41, 0, 0],
  ['E07000075', 'Rochford', 53, 1, 2],
];

describe('the real deprivation data', () => {
  it('has every LSOA of the nine districts, with the attribution', () => {
    expect(compact.areas).toHaveLength(720);
    expect(Object.keys(compact.districts)).toHaveLength(9);
    expect(compact.attribution).toBe(
      'Contains public sector information licensed under the Open Government Licence v3.0.',
    );
  });

  it("adds up to the README table's totals: 720 LSOAs, 26 in decile 1, 83 in deciles 1-2", () => {
    expect(EXPECTED.reduce((sum, row) => sum + row[2], 0)).toBe(720);
    expect(areas.areas.filter((area) => area.imdDecile === 1)).toHaveLength(26);
    expect(areas.areas.filter((area) => area.imdDecile <= 2)).toHaveLength(83);
  });

  it('puts Southend-on-Sea 014D (E01015842) in decile 1', () => {
    expect(areas.byCode.get('E01015842')).toMatchObject({
      name: 'Southend-on-Sea 014D',
      districtCode: SOUTHEND,
      imdDecile: 1,
    });
  });

  it.each(EXPECTED)(
    '%s %s: %i LSOAs, %i in decile 1, %i in deciles 1-2',
    (code, name, total, decile1, decile12) => {
      const inDistrict = areas.areas.filter((area) => area.districtCode === code);
      expect(compact.districts[code]).toBe(name);
      expect(inDistrict).toHaveLength(total);
      expect(inDistrict.filter((area) => area.imdDecile === 1)).toHaveLength(decile1);
      expect(inDistrict.filter((area) => area.imdDecile <= 2)).toHaveLength(decile12);
    },
  );

  it('makes exactly the 25 Southend LSOAs in deciles 1-2 eligible, and every other LSOA not eligible', () => {
    const eligible = areas.areas.filter((area) => check(area.code).outcome === 'eligible');
    expect(eligible).toHaveLength(25);
    expect(eligible.every((area) => area.districtCode === SOUTHEND && area.imdDecile <= 2)).toBe(true);
  });

  it('makes a decile 1 Southend neighbourhood eligible when every other answer is', () => {
    const result = check('E01015842');
    expect(result.outcome).toBe('eligible');
    expect(result.dataVersions).toEqual({ imd: 'imd2025-real', postcodes: null });
  });

  it.each([
    ['Basildon', 'E07000066'],
    ['Thurrock', 'E06000034'],
  ])('does not make a decile 1 neighbourhood in %s eligible', (_name, districtCode) => {
    const outside = areas.areas.find((area) => area.districtCode === districtCode && area.imdDecile === 1);
    expect(outside).toBeDefined();
    const result = check(outside?.code as string);
    expect(result.outcome).toBe('not-eligible');
    expect(result.reasons[0]).toMatchObject({ code: 'outside-local-authority', status: 'not-met' });
    expect(result.reasons[1]).toMatchObject({ code: 'decile-within-threshold', status: 'met' });
  });

  it('refuses a damaged file, naming the line', () => {
    const lines = REAL_CSV.split('\n');
    lines[3] = (lines[3] as string).replace(/,\d+,(\d+),/, ',x,$1,');
    expect(() => parseImdCsv(lines.join('\n'), 'bad')).toThrow(/line 4/);
    expect(() => parseImdCsv('a,b,c\n1,2,3', 'bad')).toThrow(/no lsoa21cd column/);
  });
});
