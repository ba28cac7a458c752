// Drizzle schema of the central database: accounts, sessions, login throttles, devices (with their recovery keys and
// wipe reports), records, processed changes, attachments, the grant pot, programme settings and the change counter
// behind pull cursors.
import { sql } from 'drizzle-orm';
import {
  bigint,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
    reviewDecision: text('review_decision', { enum: ['approved', 'declined', 'needs-information'] }),
    reviewNote: text('review_note'),
    reviewedBy: uuid('reviewed_by').references(() => accounts.id),
    reviewedAt: at('reviewed_at'),
    /** The change counter's value at the last central change to this record: what pull pages by. */
    reviewCursor: bigint('review_cursor', { mode: 'number' }),
    /** What this record currently counts in the grant pot's requested total (0 once declined). */
    countedRequestPence: bigint('counted_request_pence', { mode: 'number' }).notNull().default(0),
    /** What this record currently counts in the pot's approved total. */
    countedApprovedPence: bigint('counted_approved_pence', { mode: 'number' }).notNull().default(0),
  },
  (table) => [
    index('records_owner_cursor_idx').on(table.ownerId, table.reviewCursor),
    index('records_type_id_idx').on(table.type, table.id),
  ],
);

/** One row per applied change: the proof it was applied, and the stored result a retry is answered with. */
export const processedChanges = pgTable('processed_changes', {
  changeId: uuid('change_id').primaryKey(),
  recordId: uuid('record_id').notNull(),
  accountId: uuid('account_id').notNull(),
  recordVersion: integer('record_version').notNull(),
  processedAt: at('processed_at').notNull().defaultNow(),
});

export const attachments = pgTable('attachments', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mediaType: text('media_type').notNull(),
  bytes: bytea('bytes').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => accounts.id),
  createdAt: at('created_at').notNull().defaultNow(),
});

/** The grant pot, one row per grant programme; every change to it happens under SELECT ... FOR UPDATE. */
export const funds = pgTable('funds', {
  programmeId: text('programme_id').primaryKey(),
  potPence: bigint('pot_pence', { mode: 'number' }).notNull(),
  requestedPence: bigint('requested_pence', { mode: 'number' }).notNull().default(0),
  approvedPence: bigint('approved_pence', { mode: 'number' }).notNull().default(0),
  updatedAt: at('updated_at').notNull().defaultNow(),
});

export const programmes = pgTable('programmes', {
  id: text('id').primaryKey(),
  version: integer('version').notNull(),
  settings: jsonb('settings').notNull(),
  updatedAt: at('updated_at').notNull().defaultNow(),
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
