// Benchmark: postcode lookup and a full resident check, per call, on a lookup of 10,000 postcodes built by the
// real import from a CSV in the ONS directory's form (made-up postcodes mapped to real LSOAs).
import { performance } from 'node:perf_hooks';
import { buildAreaDataJson } from '../../scripts/area-data-plugin';
import { areaDataFrom, type CompactAreaData } from '../../src/shared/eligibility/area-data';
import { createPostcodeImporter, postcodeLookupFrom } from '../../src/shared/eligibility/postcode-import';
import { checkResidentEligibility } from '../../src/shared/eligibility/resident';
import { MID_AND_SOUTH_ESSEX_DISTRICTS, SOUTHEND_2050_AMBITION } from '../../src/shared/programmes';
import type { BenchResult, Goal } from './result';

const POSTCODES = 10_000;
const CALLS = 200_000;
/** The goal for a lookup and a full check: under 1 ms a call. */
const PER_CALL_GOAL: Goal = { op: '<', target: 1_000 };

/** Made-up postcodes in a valid format: SS1 0AA, SS1 0AB, … spread over the real LSOAs. */
function madeUpPostcodes(count: number): string[] {
  const letters = 'ABDEFGHJLNPQRSTUWXYZ';
  const out: string[] = [];
  for (let district = 1; out.length < count; district++) {
    for (let sector = 0; sector < 10 && out.length < count; sector++) {
      for (const a of letters)
        for (const b of letters) if (out.length < count) out.push(`SS${district} ${sector}${a}${b}`);
    }
  }
  return out;
}

function perCall(calls: number, run: (i: number) => unknown): number {
  let sink = 0;
  for (let i = 0; i < 1000; i++) sink += run(i) ? 1 : 0; // warm up
  const started = performance.now();
  for (let i = 0; i < calls; i++) sink += run(i) ? 1 : 0;
  const elapsed = performance.now() - started;
  if (sink < 0) console.log(sink);
  return (elapsed / calls) * 1000; // microseconds
}

export async function eligibilityCheck(): Promise<BenchResult[]> {
  const areas = areaDataFrom(JSON.parse(buildAreaDataJson()) as CompactAreaData);
  const postcodes = madeUpPostcodes(POSTCODES);
  const csv = [
    'pcds,doterm,lsoa21cd,ladcd',
    ...postcodes.map((postcode, i) => {
      const area = areas.areas[i % areas.areas.length];
      return `"${postcode}",,${area?.code},${area?.districtCode}`;
    }),
  ];
  const importStarted = performance.now();
  const importer = createPostcodeImporter({ districtCodes: Object.keys(MID_AND_SOUTH_ESSEX_DISTRICTS) });
  for (const line of csv) importer.addLine(line);
  const { lookup: compact } = importer.finish('bench');
  const importMs = performance.now() - importStarted;
  const openStarted = performance.now();
  const lookup = postcodeLookupFrom(compact);
  const openMs = performance.now() - openStarted;
  if (lookup.size !== POSTCODES)
    throw new Error(`expected ${POSTCODES} postcodes, the lookup has ${lookup.size}`);

  const typed = postcodes.map((postcode) => postcode.toLowerCase().replace(' ', ''));
  const findUs = perCall(CALLS, (i) => lookup.find(typed[i % POSTCODES] as string));
  const data = { areas, postcodes: lookup };
  const checkUs = perCall(CALLS / 4, (i) =>
    checkResidentEligibility(
      {
        postcode: typed[i % POSTCODES] as string,
        dateOfBirth: '1990-06-01',
        employmentStatus: 'unemployed',
        rightToWork: 'yes',
        rightToWorkEvidence: 'uk-or-irish-passport',
        rightToWorkSeenOn: '2026-11-23',
      },
      SOUTHEND_2050_AMBITION,
      data,
      '2026-11-23',
    ),
  );
  const bytes = Buffer.byteLength(JSON.stringify(compact));
  return [
    {
      name: `postcode lookup, per call, on a lookup of ${POSTCODES.toLocaleString('en-GB')} postcodes`,
      value: Number(findUs.toFixed(2)),
      unit: 'µs',
      goal: PER_CALL_GOAL,
      note: `${CALLS.toLocaleString('en-GB')} calls with typed, unnormalised postcodes; binary search`,
    },
    {
      name: 'full resident check (lookup, 5 rules, reasons in plain English), per call',
      value: Number(checkUs.toFixed(2)),
      unit: 'µs',
      goal: PER_CALL_GOAL,
      note: `${(CALLS / 4).toLocaleString('en-GB')} calls`,
    },
    {
      name: `importing ${POSTCODES.toLocaleString('en-GB')} CSV rows into the compact lookup`,
      value: Math.round(importMs),
      unit: 'ms',
      note: `${(bytes / 1024).toFixed(0)} kB as stored; opening it on the tablet took ${openMs.toFixed(2)} ms`,
    },
  ];
}
