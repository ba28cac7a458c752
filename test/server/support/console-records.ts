// Records for the console's list, page and export tests: ids made at a chosen time, pushes through the real
// ingest, and the area and postcode rows other parts fill in production (seeded directly here).
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Database } from '../../../src/server/db/connect';
import { change, pushBody, type testApi } from './api';

/** A UUIDv7 whose time is `at` (the record's created_at is read from its id). */
export function idAt(at: Date): string {
  const time = at.getTime().toString(16).padStart(12, '0');
  const random = randomBytes(10).toString('hex');
  const variant = (8 | (Number.parseInt(random[3] as string, 16) & 3)).toString(16);
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${random.slice(0, 3)}-${variant}${random.slice(4, 7)}-${random.slice(8, 20)}`;
}

/** Pushes one record (as its worker's tablet would) and returns its id. */
export async function pushRecord(
  api: ReturnType<typeof testApi>,
  token: string,
  input: { type: string; payload: unknown; at?: Date; id?: string },
): Promise<string> {
  const recordId = input.id ?? idAt(input.at ?? new Date());
  const response = await api.call('/api/v1/sync/push', {
    token,
    json: pushBody(idAt(new Date()), [change({ recordType: input.type, recordId, payload: input.payload })]),
  });
  const result = response.json?.results?.[0];
  if (result?.status !== 'applied') throw new Error(`push refused: ${JSON.stringify(response.json)}`);
  return recordId;
}

/** A grant application as the tablet sends it, with bank details and an organisation. */
export function grantPayload(answers: Record<string, unknown> = {}, amountRequestedPence = 120_000) {
  return {
    amountRequestedPence,
    budget: [{ item: 'Hall hire', amountPence: amountRequestedPence }],
    answers: {
      receivedBy: 'post',
      receivedOn: '2022-11-15',
      transcribedBy: 'Sam',
      organisationName: 'Leigh Community Larder',
      organisationType: 'charity',
      charityNumber: '1234567',
      addressLine1: '2 Broadway',
      town: 'Leigh-on-Sea',
      postcode: 'SS9 1AA',
      areasServed: ['E06000033'],
      annualIncomePence: 1_000_000,
      projectStart: '2022-12-01',
      projectEnd: '2023-06-30',
      accountName: 'Leigh Community Larder',
      sortCode: '309430',
      accountNumber: '12345678',
      signatory1Name: 'Pat Jones',
      signatory2Name: 'Sam Smith',
      signatoriesUnrelated: 'yes',
      ...answers,
    },
    resumeAt: 'done',
  };
}

/** A finished eligibility check of the given outcome, started from `source` (or from nothing). */
export function checkPayloadOf(
  outcome: 'eligible' | 'not-eligible' | 'needs-review',
  options: {
    source?: { type: 'signup' | 'grant-application'; id: string };
    answers?: Record<string, unknown>;
  } = {},
) {
  return {
    kind: 'resident',
    source: options.source ?? null,
    answers: {
      postcode: 'SS1 9ZA',
      dateOfBirth: '1990-12-10',
      employmentStatus: 'unemployed',
      ...options.answers,
    },
    result: {
      outcome,
      reasons: [{ rule: 'age', code: 'old-enough', status: 'met', text: 'Old enough.' }],
      programmeId: 'southend-2050-ambition',
      programmeVersion: 1,
      dataVersions: { imd: 'imd2025-test', postcodes: null },
      checkedOn: '2026-11-23',
    },
    override: null,
    resumeAt: 'result',
  };
}

/** An area (LSOA) with its district and decile, and postcodes in it, as the seeding and the postcode import do. */
export async function seedPlace(
  db: Database,
  place: { lsoa: string; district: string; decile: number; postcodes: string[] },
): Promise<void> {
  await db.execute(sql`INSERT INTO areas (lsoa_code, name, district_code, imd_decile, population)
    VALUES (${place.lsoa}, ${`Area ${place.lsoa}`}, ${place.district}, ${place.decile}, 1500)
    ON CONFLICT DO NOTHING`);
  for (const postcode of place.postcodes) {
    await db.execute(sql`INSERT INTO postcode_places (postcode, lsoa_code, district_code)
      VALUES (${postcode.replace(/\s/g, '').toUpperCase()}, ${place.lsoa}, ${place.district})
      ON CONFLICT DO NOTHING`);
  }
}

const FIRST_NAMES = ['Ada', 'Grace', 'Alan', 'Mary', 'Tariq', 'Priya', 'Femi', 'Olga', 'Sean', 'Mei'];
const LAST_NAMES = [
  'Lovelace',
  'Hopper',
  'Turing',
  'Seacole',
  'Khan',
  'Patel',
  'Adeyemi',
  'Nowak',
  'Byrne',
  'Chen',
];
/** Postcodes the bulk records use, cycled; seed them with seedPlace to give the records districts and deciles. */
export const BULK_POSTCODES = [
  'SS1 1AA',
  'SS4 1AA',
  'SS9 1AA',
  'SS0 7AB',
  'SS2 5XY',
  'CM1 1AA',
  'RM17 6AB',
  'SS7 9ZZ',
];

/**
 * Inserts `count` records in one statement (generate_series, no push): types cycle signup (7 in 10), eligibility
 * check (2 in 10, each started from the sign-up before it) and grant application (1 in 10); workers, postcodes,
 * names and review states cycle too. Ids are UUIDv7 `stepMs` (default a second) apart from `start`, so
 * created_at is known.
 * For the large-export test and the bench, where pushing 100,000 records would take minutes.
 */
export async function seedBulkRecords(
  db: Database,
  options: { count: number; workerIds: string[]; start: Date; salt?: string; stepMs?: number },
): Promise<void> {
  const salt = options.salt ?? 'bulk';
  const step = options.stepMs ?? 1000;
  const id = (g: ReturnType<typeof sql>) => sql`(
    substr(lpad(to_hex(${options.start.getTime()}::bigint + (${g})::bigint * ${step}), 12, '0'), 1, 8) || '-' ||
    substr(lpad(to_hex(${options.start.getTime()}::bigint + (${g})::bigint * ${step}), 12, '0'), 9, 4) || '-7' ||
    substr(md5(${salt} || (${g})::text), 1, 3) || '-8' || substr(md5(${salt} || (${g})::text), 4, 3) || '-' ||
    substr(md5(${salt} || (${g})::text), 7, 12))::uuid`;
  await db.execute(sql`
    INSERT INTO records (id, type, owner_id, device_id, version, payload, client_updated_at, received_at, updated_at, review_state)
    SELECT ${id(sql`g`)},
      CASE WHEN g % 10 < 7 THEN 'signup' WHEN g % 10 < 9 THEN 'eligibility-check' ELSE 'grant-application' END,
      (${sql.param(options.workerIds)}::uuid[])[1 + g % ${options.workerIds.length}],
      ${idAt(options.start)}::uuid, 1,
      CASE
        WHEN g % 10 < 7 THEN jsonb_build_object(
          'answers', jsonb_build_object(
            'firstName', (${sql.param(FIRST_NAMES)}::text[])[1 + g % ${FIRST_NAMES.length}],
            'lastName', (${sql.param(LAST_NAMES)}::text[])[1 + (g / 10) % ${LAST_NAMES.length}] || '-' || g,
            'postcode', (${sql.param(BULK_POSTCODES)}::text[])[1 + g % ${BULK_POSTCODES.length}],
            'dateOfBirth', '1990-12-10', 'employmentStatus', 'unemployed', 'mobile', '+447700900123',
            'roles', jsonb_build_array('healthcare-assistant', 'admin'), 'partnerSupport', jsonb_build_array('pave'),
            'venue', 'Kursaal community day', 'contactMethod', 'text'),
          'resumeAt', 'check-answers')
        WHEN g % 10 < 9 THEN jsonb_build_object(
          'kind', 'resident',
          'source', jsonb_build_object('type', 'signup', 'id', ${id(sql`g - 1 - (g % 10 - 7)`)}::text),
          'answers', jsonb_build_object('postcode', (${sql.param(BULK_POSTCODES)}::text[])[1 + g % ${BULK_POSTCODES.length}]),
          'result', jsonb_build_object('outcome', (ARRAY['eligible', 'not-eligible', 'needs-review'])[1 + g % 3],
            'reasons', '[]'::jsonb, 'programmeId', 'southend-2050-ambition', 'programmeVersion', 1,
            'dataVersions', '{}'::jsonb, 'checkedOn', '2026-11-23'),
          'override', null, 'resumeAt', 'result')
        ELSE jsonb_build_object(
          'amountRequestedPence', 50000 + (g % 100) * 1000,
          'answers', jsonb_build_object(
            'organisationName', 'Community Group ' || g, 'postcode', (${sql.param(BULK_POSTCODES)}::text[])[1 + g % ${BULK_POSTCODES.length}],
            'receivedOn', '2022-11-15', 'sortCode', '309430', 'accountNumber', '12345678'),
          'resumeAt', 'done')
      END,
      now(), now(), now(),
      CASE WHEN g % 10 < 7 AND g % 4 = 0 THEN 'contacted' WHEN g % 10 = 9 AND g % 3 = 0 THEN 'under-review' END
    FROM generate_series(1, ${options.count}) AS g`);
}
