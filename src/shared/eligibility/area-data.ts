// Neighbourhood (LSOA 2021) deprivation data and the postcode lookup the resident rules read, with their
// compact on-the-wire forms and parsers. Pure: callers fetch or read the text.

/** One LSOA 2021 neighbourhood and its national IMD 2025 position (decile 1 = most deprived 10% in England). */
export interface Area {
  code: string;
  name: string;
  districtCode: string;
  imdDecile: number;
  imdRank: number;
}

export interface AreaData {
  /** Changes whenever the source data changes; recorded on every check. */
  version: string;
  attribution: string;
  districts: Record<string, string>;
  areas: readonly Area[];
  byCode: ReadonlyMap<string, Area>;
}

/** The file the build step writes and the app fetches (precached by the service worker). */
export interface CompactAreaData {
  format: 1;
  version: string;
  source: string;
  attribution: string;
  /** Every LSOA in England, for "ranked N of M". */
  rankedOutOf: number;
  districts: Record<string, string>;
  /** [code, name, district code, IMD decile, IMD rank] */
  areas: [string, string, string, number, number][];
}

export function areaDataFrom(compact: CompactAreaData): AreaData {
  const areas = compact.areas.map(([code, name, districtCode, imdDecile, imdRank]) => ({
    code,
    name,
    districtCode,
    imdDecile,
    imdRank,
  }));
  return {
    version: compact.version,
    attribution: compact.attribution,
    districts: compact.districts,
    areas,
    byCode: new Map(areas.map((area) => [area.code, area])),
  };
}

/** Where a postcode is: its LSOA 2021 and local authority district. */
export interface PostcodePlace {
  lsoaCode: string;
  districtCode: string;
}

export interface PostcodeLookup {
  version: string;
  size: number;
  find(postcode: string): PostcodePlace | undefined;
}
