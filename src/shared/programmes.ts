// Programme settings as data (thresholds, statuses, amounts, windows, the pot) and the two seed programmes.
import * as v from 'valibot';

const IsoDate = v.pipe(v.string(), v.isoDate());
const Pence = v.pipe(v.number(), v.integer(), v.minValue(0));

export { AUTO_LOCK_MINUTES_DEFAULT } from './auto-lock';

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

/** The micro-grant's round before rounds were settings (its pot row and records were migrated to this id). */
export const FIRST_ROUND_ID = '2022-23';

/**
 * One funding round of a grant programme: paper forms received inside its window are judged against it and count
 * in its pot. Ids are short slugs, never reused or changed (pot rows and records name them).
 */
export const GrantRoundSchema = v.object({
  id: v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use lower-case letters, digits and hyphens')),
  name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter a name for the round'), v.maxLength(100)),
  applicationWindow: v.object({ opens: IsoDate, closes: IsoDate }),
  spendWindow: v.object({ from: IsoDate, to: IsoDate }),
  potPence: Pence,
});
export type GrantRound = v.InferOutput<typeof GrantRoundSchema>;

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
  /**
   * Every round, oldest first (absent in settings from before rounds: then the one round is the top-level window,
   * spend window and pot, as FIRST_ROUND_ID). The top-level `applicationWindow`, `spendWindow` and `potPence` mirror
   * the newest round, for tablets from before rounds.
   */
  rounds: v.optional(v.array(GrantRoundSchema)),
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
  rounds: [
    {
      id: FIRST_ROUND_ID,
      name: '2022 to 2023',
      applicationWindow: { opens: '2022-10-31', closes: '2023-03-31' },
      spendWindow: { from: '2022-11-01', to: '2023-11-30' },
      potPence: 10_000_000,
    },
  ],
};

/** A grant programme's rounds, oldest first (one, from the top-level fields, in settings from before rounds). */
export function grantRounds(programme: GrantProgramme): readonly GrantRound[] {
  if (programme.rounds && programme.rounds.length > 0) return programme.rounds;
  return [
    {
      id: FIRST_ROUND_ID,
      name: FIRST_ROUND_ID,
      applicationWindow: programme.applicationWindow,
      spendWindow: programme.spendWindow,
      potPence: programme.potPence,
    },
  ];
}

/** The round whose application window holds `receivedOn` (an ISO date), or null when none does. */
export function roundFor(programme: GrantProgramme, receivedOn: string): GrantRound | null {
  return (
    grantRounds(programme).find(
      (round) => round.applicationWindow.opens <= receivedOn && receivedOn <= round.applicationWindow.closes,
    ) ?? null
  );
}

export const SEED_PROGRAMMES: readonly Programme[] = [SOUTHEND_2050_AMBITION, MICRO_GRANT];
