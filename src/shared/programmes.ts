// Programme settings as data (thresholds, statuses, amounts, windows, the pot) and the two seed programmes.
import * as v from 'valibot';

const IsoDate = v.pipe(v.string(), v.isoDate());
const Pence = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Minutes a shared tablet may sit unused before it locks, when the programme does not say. */
export const AUTO_LOCK_MINUTES_DEFAULT = 5;

export const ResidentProgrammeSchema = v.object({
  id: v.literal('southend-2050-ambition'),
  kind: v.literal('resident'),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  name: v.string(),
  localAuthorityCode: v.string(),
  /** Eligible when the home LSOA's national IMD decile is at or below this (1 = most deprived 10%). */
  maxImdDecile: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10)),
  minimumAge: v.pipe(v.number(), v.integer(), v.minValue(0)),
  acceptedEmploymentStatuses: v.array(v.string()),
  /** Days a tablet keeps personal details after the server has acknowledged a record. */
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(0)),
  /** Minutes a tablet may sit unused before it locks (AUTO_LOCK_MINUTES_DEFAULT when absent). */
  autoLockMinutes: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(60))),
});

export const GrantProgrammeSchema = v.object({
  id: v.literal('micro-grant'),
  kind: v.literal('grant'),
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  name: v.string(),
  potPence: Pence,
  minAmountPence: Pence,
  maxAmountPence: Pence,
  incomeLimitPence: Pence,
  districtCodes: v.array(v.string()),
  applicationWindow: v.object({ opens: IsoDate, closes: IsoDate }),
  spendWindow: v.object({ from: IsoDate, to: IsoDate }),
  retentionDays: v.pipe(v.number(), v.integer(), v.minValue(0)),
});

export const ProgrammeSchema = v.variant('kind', [ResidentProgrammeSchema, GrantProgrammeSchema]);
export type ResidentProgramme = v.InferOutput<typeof ResidentProgrammeSchema>;
export type GrantProgramme = v.InferOutput<typeof GrantProgrammeSchema>;
export type Programme = v.InferOutput<typeof ProgrammeSchema>;

/** The nine local authority districts of Mid and South Essex (2024 codes). */
export const MID_AND_SOUTH_ESSEX_DISTRICTS = {
  E07000066: 'Basildon',
  E07000067: 'Braintree',
  E07000068: 'Brentwood',
  E07000069: 'Castle Point',
  E07000070: 'Chelmsford',
  E07000074: 'Maldon',
  E07000075: 'Rochford',
  E06000033: 'Southend-on-Sea',
  E06000034: 'Thurrock',
} as const;

export const SOUTHEND_2050_AMBITION: ResidentProgramme = {
  id: 'southend-2050-ambition',
  kind: 'resident',
  version: 1,
  name: 'Southend 2050 Ambition',
  localAuthorityCode: 'E06000033',
  maxImdDecile: 2,
  minimumAge: 16,
  acceptedEmploymentStatuses: ['unemployed', 'economically-inactive'],
  retentionDays: 7,
};

export const MICRO_GRANT: GrantProgramme = {
  id: 'micro-grant',
  kind: 'grant',
  version: 1,
  name: 'Mid and South Essex ICS micro-grant',
  potPence: 10_000_000,
  minAmountPence: 50_000,
  maxAmountPence: 150_000,
  incomeLimitPence: 10_000_000,
  districtCodes: Object.keys(MID_AND_SOUTH_ESSEX_DISTRICTS),
  applicationWindow: { opens: '2022-10-31', closes: '2023-03-31' },
  spendWindow: { from: '2022-11-01', to: '2023-11-30' },
  retentionDays: 7,
};

export const SEED_PROGRAMMES: readonly Programme[] = [SOUTHEND_2050_AMBITION, MICRO_GRANT];
