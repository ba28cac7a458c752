// The postcode lookup: reads the ONS postcode directory's CSV forms (NSPL/ONSPD, or the PCD_OA21_LSOA21 lookup),
// keeps live postcodes in the programme's districts, and builds the compact lookup tablets store and search.
import * as v from 'valibot';
import { normalisePostcode } from '../validation/uk';
import type { PostcodeLookup, PostcodePlace } from './area-data';
import { columnIndex, splitCsvLine } from './csv';

export const CompactPostcodeLookupSchema = v.object({
  format: v.literal(1),
  version: v.string(),
  source: v.string(),
  /** Distinct LSOA 2021 codes, and each one's district (parallel arrays). */
  areas: v.array(v.string()),
  areaDistricts: v.array(v.string()),
  /** Normalised postcodes ('SS1 1AA'), sorted by plain string comparison, and each one's index into `areas`. */
  postcodes: v.array(v.string()),
  areaIndex: v.array(v.number()),
});
export type CompactPostcodeLookup = v.InferOutput<typeof CompactPostcodeLookupSchema>;

export interface ImportStats {
  rows: number;
  kept: number;
  terminated: number;
  outsideArea: number;
  invalid: number;
}

const POSTCODE_COLUMNS = ['pcds', 'pcd', 'pcd7', 'pcd8', 'pcd2', 'postcode'];
const LSOA_COLUMNS = ['lsoa21cd', 'lsoa21'];
const DISTRICT_COLUMNS = ['ladcd', 'lad24cd', 'lad23cd', 'lad22cd', 'laua', 'oslaua', 'lad'];
const TERMINATION_COLUMNS = ['doterm'];

export const ONS_POSTCODE_SOURCE = 'ONS postcode directory (Office for National Statistics)';

/**
 * Reads a directory line by line (the real files are hundreds of megabytes: callers stream them). The first line
 * is the header; a header without a postcode, LSOA 2021 or district column throws. A later row for the same
 * postcode replaces an earlier one.
 */
export function createPostcodeImporter(options: { districtCodes: readonly string[]; source?: string }) {
  const districts = new Set(options.districtCodes);
  const places = new Map<string, { lsoa: string; district: string }>();
  const stats: ImportStats = { rows: 0, kept: 0, terminated: 0, outsideArea: 0, invalid: 0 };
  let columns: { postcode: number; lsoa: number; district: number; termination: number } | null = null;

  return {
    addLine(line: string): void {
      if (line.trim() === '') return;
      const fields = splitCsvLine(line);
      if (!columns) {
        columns = {
          postcode: columnIndex(fields, POSTCODE_COLUMNS),
          lsoa: columnIndex(fields, LSOA_COLUMNS),
          district: columnIndex(fields, DISTRICT_COLUMNS),
          termination: columnIndex(fields, TERMINATION_COLUMNS),
        };
        const missing = [
          columns.postcode < 0 ? `a postcode column (${POSTCODE_COLUMNS.join(', ')})` : '',
          columns.lsoa < 0 ? `an LSOA 2021 column (${LSOA_COLUMNS.join(', ')})` : '',
          columns.district < 0 ? `a local authority column (${DISTRICT_COLUMNS.join(', ')})` : '',
        ].filter(Boolean);
        if (missing.length)
          throw new Error(`This is not a postcode directory file: it is missing ${missing.join(' and ')}`);
        return;
      }
      stats.rows++;
      const termination = columns.termination >= 0 ? (fields[columns.termination] ?? '').trim() : '';
      if (termination !== '') {
        stats.terminated++;
        return;
      }
      const district = (fields[columns.district] ?? '').trim();
      if (!districts.has(district)) {
        stats.outsideArea++;
        return;
      }
      const postcode = normalisePostcode(fields[columns.postcode] ?? '');
      const lsoa = (fields[columns.lsoa] ?? '').trim();
      if (!postcode || !/^E01\d{6}$/.test(lsoa)) {
        stats.invalid++;
        return;
      }
      places.set(postcode, { lsoa, district });
    },

    /** Rows read and postcodes kept so far (a later row for a kept postcode replaces it, not adds). */
    progress(): { rows: number; kept: number } {
      return { rows: stats.rows, kept: places.size };
    },

    finish(version: string): { lookup: CompactPostcodeLookup; stats: ImportStats } {
      if (!columns) throw new Error('The postcode directory file is empty');
      const areas: string[] = [];
      const areaDistricts: string[] = [];
      const areaAt = new Map<string, number>();
      const postcodes = [...places.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const areaIndex = postcodes.map((postcode) => {
        const place = places.get(postcode) as { lsoa: string; district: string };
        let index = areaAt.get(place.lsoa);
        if (index === undefined) {
          index = areas.length;
          areas.push(place.lsoa);
          areaDistricts.push(place.district);
          areaAt.set(place.lsoa, index);
        }
        return index;
      });
      stats.kept = postcodes.length;
      return {
        lookup: {
          format: 1,
          version,
          source: options.source ?? ONS_POSTCODE_SOURCE,
          areas,
          areaDistricts,
          postcodes,
          areaIndex,
        },
        stats: { ...stats },
      };
    },
  };
}

/** Searches the compact lookup in place (binary search), so opening a large lookup costs nothing up front. */
export function postcodeLookupFrom(compact: CompactPostcodeLookup): PostcodeLookup {
  const { postcodes, areaIndex, areas, areaDistricts } = compact;
  return {
    version: compact.version,
    size: postcodes.length,
    find(input: string): PostcodePlace | undefined {
      const postcode = normalisePostcode(input);
      if (!postcode) return undefined;
      let low = 0;
      let high = postcodes.length - 1;
      while (low <= high) {
        const middle = (low + high) >>> 1;
        const candidate = postcodes[middle] as string;
        if (candidate === postcode) {
          const index = areaIndex[middle] as number;
          return { lsoaCode: areas[index] as string, districtCode: areaDistricts[index] as string };
        }
        if (candidate < postcode) low = middle + 1;
        else high = middle - 1;
      }
      return undefined;
    },
  };
}
