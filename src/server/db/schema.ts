// Drizzle schema of the central database: accounts, sessions, login throttles, devices (with their recovery keys and
// wipe reports), records and their audit trail, processed changes, attachments, the grant pot per round, programme
// settings and their versions, areas and postcode places, postcode imports, and the change counter behind pulls.
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const at = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accounts = pgTable('accounts', {
  id: uuid('id').primaryKey(),
  username: text('username').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: ['worker', 'coordinator'] }).notNull(),
  createdAt: at('created_at').notNull().defaultNow(),
  disabledAt: at('disabled_at'),
});

/** Bearer tokens, stored only as their SHA-256. */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    createdAt: at('created_at').notNull().defaultNow(),
    expiresAt: at('expires_at').notNull(),
    revokedAt: at('revoked_at'),
    /** The tablet that signed in (the login's deviceId): a push naming another device is refused. Null: not bound. */
    deviceId: uuid('device_id'),
  },
  (table) => [index('sessions_account_idx').on(table.accountId)],
);

/** Failed logins per username in the current window; shared by every instance, so limits hold behind a balancer. */
export const loginAttempts = pgTable('login_attempts', {
  usernameKey: text('username_key').primaryKey(),
  windowStartedAt: at('window_started_at').notNull(),
  failures: integer('failures').notNull(),
});

/**
 * Failed logins per client address (src/server/http/client-address.ts) in the current window, across usernames;
 * shared by every instance like login_attempts.
 */
export const loginAddressAttempts = pgTable('login_address_attempts', {
  addressKey: text('address_key').primaryKey(),
  windowStartedAt: at('window_started_at').notNull(),
  failures: integer('failures').notNull(),
});

/**
 * Which workers have pushed from which tablet: one row per (device id, account), since tablets are shared and any
 * active worker may sync from any of them. Records stay owned by whoever pushed them.
 */
export const devices = pgTable(
  'devices',
  {
    id: uuid('id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    firstSeenAt: at('first_seen_at').notNull().defaultNow(),
    /** The last push or pull from this tablet by this worker. */
    lastContactAt: at('last_contact_at'),
    /** How many of this worker's records the tablet said it still held unsent, at its last contact. */
    pendingCount: integer('pending_count'),
  },
  (table) => [primaryKey({ name: 'devices_id_account_pk', columns: [table.id, table.accountId] })],
);

export const records = pgTable(
  'records',
  {
    id: uuid('id').primaryKey(),
    type: text('type', { enum: ['signup', 'eligibility-check', 'grant-application'] }).notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id),
    deviceId: uuid('device_id').notNull(),
    version: integer('version').notNull(),
    payload: jsonb('payload').notNull(),
    clientUpdatedAt: at('client_updated_at').notNull(),
    receivedAt: at('received_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
    /** The central review state (src/shared/review.ts); null until a coordinator first moves the record. */
    reviewState: text('review_state'),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => accounts.id),
    reviewedAt: at('reviewed_at'),
    /** The change counter's value at the last central change to this record: what pull pages by. */
    reviewCursor: bigint('review_cursor', { mode: 'number' }),
    /** What this record currently counts in the grant pot's requested total (0 once declined). */
    countedRequestPence: bigint('counted_request_pence', { mode: 'number' }).notNull().default(0),
    /** What this record currently counts in the pot's approved total. */
    countedApprovedPence: bigint('counted_approved_pence', { mode: 'number' }).notNull().default(0),
    /** What this record currently counts in its round's paid total. */
    countedPaidPence: bigint('counted_paid_pence', { mode: 'number' }).notNull().default(0),
    /** A grant application's round (the programme's round its paper form was received in); null otherwise. */
    roundId: text('round_id'),
    // Generated from the id and payload, so every insert path fills them and lists, filters and search read
    // indexes instead of decoding payloads. Each expression is immutable SQL that PGlite and PostgreSQL share.
    /** When the tablet made the record: the UUIDv7 id's millisecond timestamp. */
    createdAt: at('created_at').generatedAlwaysAs(
      sql`to_timestamp((('x' || lpad(replace(left(id::text, 13), '-', ''), 16, '0'))::bit(64)::bigint)::double precision / 1000)`,
    ),
    /** A sign-up's first and last name, an application's or check's organisation name. */
    displayName: text('display_name').generatedAlwaysAs(
      sql`CASE WHEN type = 'signup' THEN btrim(coalesce(payload->'answers'->>'firstName', '') || ' ' || coalesce(payload->'answers'->>'lastName', '')) ELSE payload->'answers'->>'organisationName' END`,
    ),
    /** The postcode answered, upper case without spaces (joins postcode_places). */
    postcodeKey: text('postcode_key').generatedAlwaysAs(
      sql`upper(replace(payload->'answers'->>'postcode', ' ', ''))`,
    ),
    /** A neighbourhood (LSOA 2021) the worker picked from the list when the postcode was not in the lookup. */
    pickedAreaCode: text('picked_area_code').generatedAlwaysAs(sql`payload->'answers'->>'pickedAreaCode'`),
    /** An eligibility check's record it was started from (a sign-up or application). */
    sourceId: text('source_id').generatedAlwaysAs(sql`payload->'source'->>'id'`),
    /** An eligibility check's outcome as the tablet recorded it (a worker's override first). */
    checkOutcome: text('check_outcome').generatedAlwaysAs(
      sql`coalesce(payload->'override'->>'outcome', payload->'result'->>'outcome')`,
    ),
    /** A grant application's amount requested. */
    amountPence: bigint('amount_pence', { mode: 'number' }).generatedAlwaysAs(
      sql`CASE WHEN jsonb_typeof(payload->'amountRequestedPence') = 'number' THEN (payload->>'amountRequestedPence')::numeric::bigint END`,
    ),
    /** A grant application's paper form received date (ISO text). */
    receivedOn: text('received_on').generatedAlwaysAs(sql`payload->'answers'->>'receivedOn'`),
    /** What search matches: name, organisation, postcode (with and without its space) and id, lower case. */
    searchText: text('search_text').generatedAlwaysAs(
      sql`lower(coalesce(payload->'answers'->>'firstName', '') || ' ' || coalesce(payload->'answers'->>'lastName', '') || ' ' || coalesce(payload->'answers'->>'preferredName', '') || ' ' || coalesce(payload->'answers'->>'organisationName', '') || ' ' || coalesce(payload->'answers'->>'postcode', '') || ' ' || replace(coalesce(payload->'answers'->>'postcode', ''), ' ', '') || ' ' || id::text)`,
    ),
  },
  (table) => [
    index('records_owner_cursor_idx').on(table.ownerId, table.reviewCursor),
    index('records_type_id_idx').on(table.type, table.id),
    index('records_type_created_idx').on(table.type, table.createdAt, table.id),
    index('records_created_idx').on(table.createdAt, table.id),
    index('records_postcode_idx').on(table.postcodeKey),
    // A record's latest check and its outcome, read from the index alone (the list's eligibility filter and column).
    index('records_check_source_idx')
      .on(
        table.sourceId,
        table.createdAt.desc().nullsFirst(),
        table.id.desc().nullsFirst(),
        table.checkOutcome,
      )
      .where(sql`${table.type} = 'eligibility-check'`),
    index('records_review_idx').on(table.type, table.reviewState),
    index('records_owner_idx').on(table.ownerId, table.createdAt),
    index('records_round_idx').on(table.roundId),
  ],
);

/**
 * The audit trail: every review move (who, when, from, to, note, the reason for approving against the server's
 * re-check) and every reveal of bank details, one row each, never changed.
 */
export const recordEvents = pgTable(
  'record_events',
  {
    id: uuid('id').primaryKey(),
    recordId: uuid('record_id')
      .notNull()
      .references(() => records.id),
    at: at('at').notNull().defaultNow(),
    actorId: uuid('actor_id')
      .notNull()
      .references(() => accounts.id),
    /** 'review' | 'bank-revealed' (src/shared/console/records.ts RECORD_EVENT_KINDS). */
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    note: text('note'),
    reason: text('reason'),
  },
  (table) => [index('record_events_record_idx').on(table.recordId, table.at)],
);

/** One row per applied change: the proof it was applied, and the stored result a retry is answered with. */
export const processedChanges = pgTable(
  'processed_changes',
  {
    changeId: uuid('change_id').primaryKey(),
    recordId: uuid('record_id').notNull(),
    accountId: uuid('account_id').notNull(),
    recordVersion: integer('record_version').notNull(),
    processedAt: at('processed_at').notNull().defaultNow(),
  },
  // A record's history on its console page.
  (table) => [index('processed_changes_record_idx').on(table.recordId, table.recordVersion)],
);

export const attachments = pgTable('attachments', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mediaType: text('media_type').notNull(),
  bytes: bytea('bytes').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => accounts.id),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** The grant pot, one row per grant programme; every change to it happens under SELECT ... FOR UPDATE. */
/**
 * The grant pot of each round (src/shared/programmes.ts GrantRound): one row per programme and round; every change
 * to it happens under SELECT ... FOR UPDATE on the row.
 */
export const funds = pgTable(
  'funds',
  {
    programmeId: text('programme_id').notNull(),
    roundId: text('round_id').notNull(),
    potPence: bigint('pot_pence', { mode: 'number' }).notNull(),
    requestedPence: bigint('requested_pence', { mode: 'number' }).notNull().default(0),
    approvedPence: bigint('approved_pence', { mode: 'number' }).notNull().default(0),
    paidPence: bigint('paid_pence', { mode: 'number' }).notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ name: 'funds_programme_round_pk', columns: [table.programmeId, table.roundId] })],
);

export const programmes = pgTable('programmes', {
  id: text('id').primaryKey(),
  version: integer('version').notNull(),
  settings: jsonb('settings').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

/** Every version of every programme's settings, never changed: checks name the version they used. */
export const programmeVersions = pgTable(
  'programme_versions',
  {
    programmeId: text('programme_id').notNull(),
    version: integer('version').notNull(),
    settings: jsonb('settings').notNull(),
    /** Null for the seed. */
    savedBy: uuid('saved_by').references(() => accounts.id),
    savedAt: at('saved_at').notNull().defaultNow(),
  },
  (table) => [primaryKey({ name: 'programme_versions_pk', columns: [table.programmeId, table.version] })],
);

/** Neighbourhoods (LSOA 2021) of Mid and South Essex with their IMD 2025 decile and population (seeded). */
export const areas = pgTable(
  'areas',
  {
    lsoaCode: text('lsoa_code').primaryKey(),
    name: text('name').notNull(),
    districtCode: text('district_code').notNull(),
    imdDecile: smallint('imd_decile').notNull(),
    population: integer('population').notNull(),
  },
  (table) => [index('areas_district_idx').on(table.districtCode)],
);

/** The current postcode lookup as rows (postcode without spaces to its LSOA and district), for reach and filters. */
export const postcodePlaces = pgTable('postcode_places', {
  postcode: text('postcode').primaryKey(),
  lsoaCode: text('lsoa_code').notNull(),
  districtCode: text('district_code').notNull(),
});

/** Postcode directory imports started by coordinators, with their progress (polled by the console). */
export const postcodeImports = pgTable('postcode_imports', {
  id: uuid('id').primaryKey(),
  state: text('state', { enum: ['running', 'done', 'failed'] }).notNull(),
  rowsRead: integer('rows_read').notNull().default(0),
  postcodesKept: integer('postcodes_kept').notNull().default(0),
  startedBy: uuid('started_by').references(() => accounts.id),
  startedAt: at('started_at').notNull().defaultNow(),
  finishedAt: at('finished_at'),
  error: text('error'),
});

/** Named counters bumped inside write transactions (never clocks): `changes` orders central changes for pull. */
export const counters = pgTable('counters', {
  name: text('name').primaryKey(),
  value: bigint('value', { mode: 'number' }).notNull().default(sql`0`),
});

/** The postcode lookup tablets download: one current row, replaced whole by each import. */
export const postcodeLookups = pgTable('postcode_lookups', {
  id: text('id').primaryKey(),
  version: text('version').notNull(),
  lookup: jsonb('lookup').notNull(),
  postcodeCount: integer('postcode_count').notNull(),
  importedAt: at('imported_at').notNull().defaultNow(),
});

/**
 * Recovery keys: 32 random bytes per (account, tablet), made on the first ask and never changed. The tablet keeps
 * the worker's data key encrypted under this one too, so a forgotten passcode can be recovered while signed in.
 */
export const deviceRecoveryKeys = pgTable(
  'device_recovery_keys',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    deviceId: uuid('device_id').notNull(),
    recoveryKey: bytea('recovery_key').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (table) => [
    primaryKey({
      name: 'device_recovery_keys_account_device_pk',
      columns: [table.accountId, table.deviceId],
    }),
  ],
);

/**
 * A tablet's reports that it removed a disabled worker's synced data (keeping `kept` unsent records locked):
 * one row per report. Pull stops listing the worker for that tablet once a report is newer than the disabling.
 */
export const deviceWipes = pgTable(
  'device_wipes',
  {
    id: uuid('id').primaryKey(),
    deviceId: uuid('device_id').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id),
    reportedBy: uuid('reported_by')
      .notNull()
      .references(() => accounts.id),
    kept: integer('kept').notNull(),
    removed: integer('removed').notNull(),
    reportedAt: at('reported_at').notNull().defaultNow(),
  },
  (table) => [index('device_wipes_device_account_idx').on(table.deviceId, table.accountId)],
);
