// Dexie database for Anchor Outreach: tables, indexes, and the versioned schema with its upgrade functions.
import Dexie, { type Table, type Transaction } from 'dexie';
import { type ChangeRejectionCode, isChangeRejectionCode } from '../../shared/error-codes';
import type { RecordStatus, RecordType } from '../../shared/records';
import type { AttachmentSeal } from './codec';

export const DATABASE_NAME = 'anchor-outreach';

/** A payload as the codec stores it; `codec` names how `body` must be decoded (see codec.ts). */
export interface EncodedPayload {
  codec: string;
  body: unknown;
}

/**
 * Codes of a record's problem that the tablet writes itself: the server refused a change without saying why, or
 * with a code this build does not know (a newer server); the server's words are kept either way.
 */
export const LOCAL_PROBLEM_CODES = ['rejected-without-code', 'unrecognised-code'] as const;
export type LocalProblemCode = (typeof LOCAL_PROBLEM_CODES)[number];
/** Why a record needs attention: one of the server's rejection codes, or one of the tablet's own. */
export type ProblemCode = ChangeRejectionCode | LocalProblemCode;

const localCodes: ReadonlySet<string> = new Set(LOCAL_PROBLEM_CODES);

/** A code from the server, a file or an older release, as a ProblemCode: one this build does not know is named so. */
export const toProblemCode = (code: unknown): ProblemCode =>
  isChangeRejectionCode(code) || (typeof code === 'string' && localCodes.has(code))
    ? (code as ProblemCode)
    : 'unrecognised-code';

/** A record as stored: the envelope in clear (it is what lists and sync need), the payload through the codec. */
export interface StoredRecord {
  id: string;
  type: RecordType;
  status: RecordStatus;
  createdAt: string;
  updatedAt: string;
  /** The signed-in worker who made it, or null when it was made before anyone signed in on this tablet. */
  workerId: string | null;
  deviceId: string;
  /** Local edit counter: 1 when created, +1 on every save. */
  version: number;
  /** The version the server last acknowledged, 0 until it has seen the record. Sent as a change's baseVersion. */
  serverVersion: number;
  /** Why the record needs attention (a server rejection or a conflict), in the server's code and words. */
  problem: { code: ProblemCode; message: string } | null;
  payload: EncodedPayload;
  /** When the server last acknowledged the record (applied or duplicate); retention counts from here. */
  acknowledgedAt?: string | null;
  /** The server's copy when a push conflicted, kept until the worker chooses which version stands. */
  conflict?: { version: number; payload: EncodedPayload; updatedAt: string } | null;
  /** When retention removed the answers and photos, leaving only this receipt. */
  purgedAt?: string | null;
  /** The central team's latest review decision, from pull. */
  review?: { decision: string; note: string | null; decidedAt: string } | null;
  /**
   * Sign-ups only: the keyed hash of the normalised name, date of birth and postcode under the worker's key
   * (db/match-key.ts), null when a part is missing; absent on rows written before schema v5, until their worker
   * next unlocks (sealLegacyRecords fills it). Reveals nothing without the worker's key.
   */
  matchKey?: string | null;
}

/** A change waiting for the server: a snapshot of the record's payload at one local version. */
export interface OutboxChange {
  changeId: string;
  recordType: RecordType;
  recordId: string;
  recordVersion: number;
  baseVersion: number;
  payload: EncodedPayload;
  clientUpdatedAt: string;
  queuedAt: string;
  /** Sync runs that took this change and failed without an answer: the server may have applied it. */
  attempts: number;
  /**
   * ChangeIds of this record's earlier changes that failed runs had taken and an edit then replaced (absent: none),
   * sent so the server knows this change is on top of whichever of them it applied (sync-protocol.ts).
   */
  supersedes?: string[];
  /**
   * The worker whose record this is (null: made before anyone signed in, until claimed). A sync run sends only
   * the signed-in worker's changes, so nobody's record reaches the server as another worker's.
   */
  workerId: string | null;
}

/** A file belonging to a record (a photo of a paper form page), kept as a Blob. */
export interface StoredAttachment {
  id: string;
  recordId: string;
  recordType: RecordType;
  name: string;
  mediaType: string;
  size: number;
  sha256: string;
  position: number;
  createdAt: string;
  /** The bytes: ciphertext when `seal` is set (see codec.ts), else as added (before encryption). */
  blob: Blob;
  seal?: AttachmentSeal | null;
}

export interface MetaEntry {
  key: string;
  value: unknown;
}

export const RECORD_TABLES = {
  signup: 'signups',
  'eligibility-check': 'eligibilityChecks',
  'grant-application': 'grantApplications',
} as const satisfies Record<RecordType, string>;

interface SchemaVersion {
  version: number;
  stores: Record<string, string>;
  upgrade?: (tx: Transaction) => Promise<unknown>;
}

const recordIndexesV1 = 'id, status, updatedAt';
const recordIndexesV2 = 'id, status, updatedAt, [status+updatedAt]';
const recordIndexesV4 = `${recordIndexesV2}, [workerId+updatedAt], [workerId+status+updatedAt]`;
const signupIndexesV5 = `${recordIndexesV4}, [workerId+matchKey]`;
/** The meta row where versions 1-3 kept the signed-in session, bearer token in the clear. */
const LEGACY_SESSION_KEY = 'session';

/**
 * Every schema this app has shipped, oldest first. Never edit a shipped entry: add a new version with an upgrade
 * function, and a fixture for it in test/app/db/upgrade.test.ts.
 */
export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  {
    // v1: first schema. Payloads were stored as plain objects.
    version: 1,
    stores: {
      signups: recordIndexesV1,
      eligibilityChecks: recordIndexesV1,
      grantApplications: recordIndexesV1,
      attachments: 'id, recordId, sha256',
      outbox: 'changeId, recordId, queuedAt',
      meta: 'key',
    },
  },
  {
    // v2: payloads go through the codec ({codec, body}) so encryption at rest can follow; the list screen reads
    // records by status newest first through [status+updatedAt].
    version: 2,
    stores: {
      signups: recordIndexesV2,
      eligibilityChecks: recordIndexesV2,
      grantApplications: recordIndexesV2,
    },
    upgrade: async (tx) => {
      const wrap = (row: { payload: unknown }) => {
        row.payload = { codec: 'plain-1', body: row.payload };
      };
      for (const table of Object.values(RECORD_TABLES)) await tx.table(table).toCollection().modify(wrap);
      await tx.table('outbox').toCollection().modify(wrap);
    },
  },
  {
    // v3: 'conflict' and 'purged' become statuses of their own (they were "needs attention" with a conflict, and
    // "sent" with purgedAt), "syncing" is no longer stored (records in flight stay "ready"; the batch is marked in
    // meta), waiting changes carry their record's worker, and problem codes become a closed list. Written against the rows as they were, not
    // through db/lifecycle.ts, so that this shipped step never changes when the lifecycle does.
    version: 3,
    stores: {},
    upgrade: async (tx) => {
      const workers = new Map<string, string | null>();
      const move = (row: StoredRecord) => {
        if (row.purgedAt) row.status = 'purged';
        else if (row.status === 'needs-attention' && row.conflict) row.status = 'conflict';
        // Versions 1 and 2 stored "syncing" while a push was in flight; now that is a mark on the batch.
        else if ((row.status as string) === 'syncing') row.status = 'ready';
        workers.set(row.id, row.workerId ?? null);
        if (row.problem) row.problem = { ...row.problem, code: toProblemCode(row.problem.code) };
      };
      for (const table of Object.values(RECORD_TABLES)) await tx.table(table).toCollection().modify(move);
      // Each waiting change carries its record's worker: a run sends only the signed-in worker's.
      await tx
        .table('outbox')
        .toCollection()
        .modify((change: OutboxChange) => {
          change.workerId = workers.get(change.recordId) ?? null;
        });
    },
  },
  {
    // v4: payloads and photos are encrypted under each worker's key (codec aes-gcm-1, db/keyring.ts), and each
    // worker's lists read only their records through the worker indexes. No key exists yet, so plain payloads stay
    // until their worker unlocks (keyring-upgrade.ts seals them then); the session whose token sat here in the
    // clear goes, so each worker signs in online once more and sets a passcode.
    version: 4,
    stores: {
      signups: recordIndexesV4,
      eligibilityChecks: recordIndexesV4,
      grantApplications: recordIndexesV4,
    },
    upgrade: async (tx) => {
      await tx.table('meta').delete(LEGACY_SESSION_KEY);
    },
  },
  {
    // v5: the duplicate check reads sign-ups by their match key (a keyed hash of name, date of birth and postcode
    // under the worker's key, db/match-key.ts) through [workerId+matchKey] instead of decoding every sign-up. No
    // key is open during an upgrade, so rows get their match key when their worker next unlocks
    // (sealLegacyRecords); until then the check does not find them.
    version: 5,
    stores: {
      signups: signupIndexesV5,
    },
  },
];

export const LATEST_SCHEMA_VERSION = SCHEMA_VERSIONS.at(-1)?.version ?? 1;

export class AnchorDatabase extends Dexie {
  declare signups: Table<StoredRecord, string>;
  declare eligibilityChecks: Table<StoredRecord, string>;
  declare grantApplications: Table<StoredRecord, string>;
  declare attachments: Table<StoredAttachment, string>;
  declare outbox: Table<OutboxChange, string>;
  declare meta: Table<MetaEntry, string>;

  /** `upToVersion` exists for the upgrade tests, which open the database as an older release did. */
  constructor(name: string = DATABASE_NAME, upToVersion: number = LATEST_SCHEMA_VERSION) {
    super(name);
    for (const schema of SCHEMA_VERSIONS) {
      if (schema.version > upToVersion) break;
      const version = this.version(schema.version).stores(schema.stores);
      if (schema.upgrade) version.upgrade(schema.upgrade);
    }
  }

  recordTable(type: RecordType): Table<StoredRecord, string> {
    return this.table(RECORD_TABLES[type]);
  }

  get recordTables(): Table<StoredRecord, string>[] {
    return [this.signups, this.eligibilityChecks, this.grantApplications];
  }
}
