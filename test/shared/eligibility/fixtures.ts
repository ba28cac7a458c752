// Small area data and postcode lookups for the rules' tests. The postcodes are MADE UP; the LSOA codes are real.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  areaDataFrom,
  type CompactAreaData,
  type PostcodeLookup,
} from '../../../src/shared/eligibility/area-data';
import { parseImdCsv } from '../../../src/shared/eligibility/imd-csv';
import { normalisePostcode } from '../../../src/shared/validation/uk';

export const SOUTHEND = 'E06000033';
export const THURROCK = 'E06000034';

export const AREAS = areaDataFrom({
  format: 1,
  version: 'imd-test',
  source: 'test',
  attribution: 'test',
  rankedOutOf: 33755,
  districts: { [SOUTHEND]: 'Southend-on-Sea', [THURROCK]: 'Thurrock' },
  areas: [
    ['E01015842', 'Southend-on-Sea 014D', SOUTHEND, 1, 50],
    ['E01015820', 'Southend-on-Sea 005A', SOUTHEND, 2, 5000],
    ['E01015821', 'Southend-on-Sea 005B', SOUTHEND, 3, 8000],
    ['E01015815', 'Southend-on-Sea 003B', SOUTHEND, 9, 28217],
    ['E01015929', 'Thurrock 007C', THURROCK, 2, 4000],
  ],
});

/** Made-up postcodes → real LSOAs. */
const PLACES: Record<string, { lsoaCode: string; districtCode: string }> = {
  'SS1 9ZA': { lsoaCode: 'E01015842', districtCode: SOUTHEND },
  'SS2 9ZF': { lsoaCode: 'E01015820', districtCode: SOUTHEND },
  'SS3 9ZG': { lsoaCode: 'E01015821', districtCode: SOUTHEND },
  'SS9 9ZB': { lsoaCode: 'E01015815', districtCode: SOUTHEND },
  'RM17 9ZH': { lsoaCode: 'E01015929', districtCode: THURROCK },
  // An LSOA the deprivation data does not have (outside Mid and South Essex).
  'NW1 9ZE': { lsoaCode: 'E01000907', districtCode: 'E09000007' },
};

export const LOOKUP: PostcodeLookup = {
  version: 'lookup-test',
  size: Object.keys(PLACES).length,
  find: (postcode) => PLACES[normalisePostcode(postcode) ?? ''],
};

export const REAL_CSV = readFileSync(
  join(process.cwd(), 'scripts/area-data/imd2025_mid_south_essex.csv'),
  'utf8',
);
export const realCompact = (): CompactAreaData => parseImdCsv(REAL_CSV, 'imd2025-real');
