// The coordinator console's API v1 (coordinators only, online): records list and page, review and its audit
// trail, the grant pot and rounds, reach, export, programme versions, accounts and devices, postcode imports.
// Request schemas are valibot (the server parses with them); responses are types both sides share.
import * as v from 'valibot';
import { AccountRoleSchema, PasswordSchema, UsernameSchema } from './account-rules';
import type { ServerRecord } from './api';
import type { EligibilityResult, Override } from './eligibility/types';
import type { GrantRound, Programme } from './programmes';
import { DeviceIdSchema, type RecordType, RecordTypeSchema } from './records';
import { REVIEW_STATES, type ReviewState } from './review';
import type { PARTNER_SUPPORT } from './signup';
import { parseDateParts } from './validation/uk';

// ---------------------------------------------------------------------------------------------------------------
// Records: list, filters, search, page

export const CONSOLE_PAGE_SIZE_DEFAULT = 50;
export const CONSOLE_PAGE_SIZE_MAX = 200;

/** The tablet's (or a linked check's) eligibility outcome, as a list filter. */
export const ELIGIBILITY_OUTCOMES = ['eligible', 'not-eligible', 'needs-review'] as const;
export type EligibilityOutcomeFilter = (typeof ELIGIBILITY_OUTCOMES)[number];

const IsoDate = v.pipe(v.string(), v.isoDate('Enter a real date'));
const Decile = v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(10));

/**
 * GET /records query (every filter optional and combined with AND; the list and the CSV export read the same).
 * `q` matches names, organisation, postcode (with or without its space) and the reference (id or its start).
 * `from`/`to` are inclusive dates the record was made on the tablet. Paged by `cursor` (opaque), newest first.
 */
export const RecordQuerySchema = v.object({
  type: v.optional(RecordTypeSchema),
  review: v.optional(v.picklist(REVIEW_STATES)),
  eligibility: v.optional(v.picklist(ELIGIBILITY_OUTCOMES)),
  worker: v.optional(v.pipe(v.string(), v.uuid('Expected an account id'))),
  district: v.optional(v.pipe(v.string(), v.regex(/^E0[67]\d{6}$/, 'Expected a district code'))),
  decile: v.optional(Decile),
  from: v.optional(IsoDate),
  to: v.optional(IsoDate),
  q: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(100))),
  cursor: v.optional(v.pipe(v.string(), v.maxLength(200))),
  limit: v.optional(
    v.pipe(v.string(), v.toNumber(), v.integer(), v.minValue(1), v.maxValue(CONSOLE_PAGE_SIZE_MAX)),
  ),
});
export type RecordQuery = v.InferOutput<typeof RecordQuerySchema>;

/** One row of the records list: what a coordinator scans, never the whole payload. */
export interface RecordListItem {
  id: string;
  type: RecordType;
  /** The short reference workers and coordinators quote (the same as the tablet shows). */
  reference: string;
  displayName: string | null;
  postcode: string | null;
  workerId: string;
  workerName: string;
  createdAt: string;
  receivedAt: string;
  /** Null for eligibility checks (not reviewed); otherwise the state, its type's initial state before any move. */
  reviewState: ReviewState | null;
  eligibility: EligibilityOutcomeFilter | null;
  districtCode: string | null;
  imdDecile: number | null;
  /** Grant applications only. */
  amountPence: number | null;
  roundId: string | null;
}

export interface RecordListResponse {
  records: RecordListItem[];
  /** Matching records in all (exact). */
  total: number;
  /** Pass back as `cursor` for the next page; null on the last. */
  nextCursor: string | null;
}

export const RECORD_EVENT_KINDS = ['received', 'updated', 'review', 'bank-revealed'] as const;
export type RecordEventKind = (typeof RECORD_EVENT_KINDS)[number];

/** One line of a record's history: tablet versions arriving, review moves, bank details revealed. */
export interface RecordEvent {
  at: string;
  kind: RecordEventKind;
  actorId: string;
  actorName: string;
  fromState: ReviewState | null;
  toState: ReviewState | null;
  note: string | null;
  /** Why a coordinator approved against the server's re-check. */
  reason: string | null;
  /** For received/updated: the record's version. */
  version: number | null;
}

/**
 * GET /records/{id}: everything the record page shows. Bank details are masked: in `record.payload.answers` the
 * sort code and account number are bullets and their last digits ("••••30", "••••5678"); POST .../reveal-bank
 * gives them whole (audited).
 */
export interface RecordDetail {
  item: RecordListItem;
  record: ServerRecord;
  /** The result the tablet recorded (a check's own, or the latest check started from this record). */
  tabletEligibility: EligibilityResult | null;
  /** A worker's override beside that result (it never replaces it), or null. */
  tabletOverride: Override | null;
  /** The check the tablet's result comes from (this record, or the latest check started from it). */
  tabletCheckId: string | null;
  /** The rules run again on the server now, with its settings, data, lookup and pot; null when nothing to check. */
  serverEligibility: EligibilityResult | null;
  /** Photos of the paper form, in order. GET /attachments/{sha256} gives the bytes to coordinators. */
  photos: { sha256: string; size: number; mediaType: string }[];
  /** The moves a coordinator may make now. */
  allowedMoves: ReviewState[];
  /** Approving needs a stated reason: the server's re-check does not find the application eligible. */
  approvalNeedsReason: boolean;
  round: { id: string; name: string } | null;
  history: RecordEvent[];
}

/** POST /records/{id}/reveal-bank: the unmasked bank details (audited as `bank-revealed`). */
export interface BankDetails {
  accountName: string | null;
  sortCode: string | null;
  accountNumber: string | null;
  buildingSocietyRoll: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// Review

export const REVIEW_NOTE_MAX = 2000;

/**
 * POST /records/{id}/review. `expected` is the state the coordinator saw (null: never reviewed): if someone moved
 * the record since, 409 `review-stale`. `reason` is required when approving an application the server's re-check
 * does not find eligible (422 `reason-required`).
 */
export const ReviewRequestSchema = v.object({
  state: v.picklist(REVIEW_STATES),
  expected: v.optional(v.nullable(v.picklist(REVIEW_STATES))),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(REVIEW_NOTE_MAX))),
  reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(REVIEW_NOTE_MAX))),
});
export type ReviewRequest = v.InferOutput<typeof ReviewRequestSchema>;

export const BULK_REVIEW_MAX = 500;

/** POST /records/review: one move for a selection; each record is moved (or refused) on its own. */
export const BulkReviewRequestSchema = v.object({
  ids: v.pipe(v.array(DeviceIdSchema), v.minLength(1), v.maxLength(BULK_REVIEW_MAX)),
  state: v.picklist(REVIEW_STATES),
  note: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(REVIEW_NOTE_MAX))),
  reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(REVIEW_NOTE_MAX))),
});
export type BulkReviewRequest = v.InferOutput<typeof BulkReviewRequestSchema>;

export interface BulkReviewResponse {
  saved: string[];
  failed: { id: string; code: string; message: string }[];
}

// ---------------------------------------------------------------------------------------------------------------
// The grant pot and rounds

export interface PotTotals {
  potPence: number;
  requestedPence: number;
  approvedPence: number;
  paidPence: number;
  /** pot - approved (paid counts as approved). */
  remainingPence: number;
  applications: number;
}

/** GET /grant-pot: each round's pot (newest first), also by the applicant's district. */
export interface PotResponse {
  programmeId: string;
  rounds: (PotTotals & {
    round: GrantRound;
    byDistrict: (Omit<PotTotals, 'potPence' | 'remainingPence'> & { districtCode: string | null })[];
  })[];
}

/** POST /programmes/micro-grant/rounds: opens a new round (a new settings version with it added). */
export const NewRoundRequestSchema = v.object({
  /** The settings version the coordinator saw: 409 `version-conflict` if it moved. */
  version: v.pipe(v.number(), v.integer(), v.minValue(1)),
  round: v.object({
    id: v.pipe(
      v.string(),
      v.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'Use lower-case letters, digits and hyphens'),
    ),
    name: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter a name for the round'), v.maxLength(100)),
    applicationWindow: v.object({ opens: IsoDate, closes: IsoDate }),
    spendWindow: v.object({ from: IsoDate, to: IsoDate }),
    potPence: v.pipe(v.number(), v.integer(), v.minValue(1, 'Enter the pot')),
  }),
});

/** GET /programmes/{id}/versions: every saved version, newest first. */
export interface ProgrammeVersionsResponse {
  versions: { version: number; settings: Programme; savedAt: string; savedBy: string | null }[];
}

// ---------------------------------------------------------------------------------------------------------------
// Reach

/** A date as YYYY-MM-DD that exists on the calendar (no 31 April). */
const RealIsoDate = (label: string) =>
  v.pipe(
    v.string(),
    v.regex(/^\d{4}-\d{2}-\d{2}$/, `${label} must be a date like 2026-12-31`),
    v.check((iso) => {
      const [year = '', month = '', day = ''] = iso.split('-');
      return parseDateParts({ day, month, year }).ok;
    }, `${label} must be a real date`),
  );

/** GET /reach query: inclusive dates (UK time) the records were made on the tablet; either may be left out. */
export const ReachQuerySchema = v.pipe(
  v.object({ from: v.optional(RealIsoDate('The start date')), to: v.optional(RealIsoDate('The end date')) }),
  v.forward(
    v.partialCheck(
      [['from'], ['to']],
      (query) => !query.from || !query.to || query.from <= query.to,
      'The end date must be the same as or after the start date',
    ),
    ['to'],
  ),
);
export type ReachQuery = v.InferOutput<typeof ReachQuerySchema>;

type PartnerSupport = (typeof PARTNER_SUPPORT)[number]['value'];

/** The partners a sign-up can ask for support from (PARTNER_SUPPORT without "none"), with their short names. */
export const REACH_PARTNERS = [
  { value: 'abs-childcare', label: 'ABSS' },
  { value: 'generation-medics', label: 'Generation Medics' },
  { value: 'pave', label: 'PAVE' },
  { value: 'halo', label: 'HALO' },
  { value: 'sech-it', label: 'SECH' },
  { value: 'trust-one-to-one', label: 'The Trust' },
] as const satisfies readonly { value: Exclude<PartnerSupport, 'none'>; label: string }[];

/**
 * GET /reach?from=&to=: counts for the reach charts and their tables, over records made on the tablet from `from`
 * to `to` (inclusive, UK dates; null: unbounded). A record's neighbourhood is its postcode's in the server's
 * postcode lookup, else the one a worker picked on its eligibility check; with neither, decile and district are
 * null ("not known"). Every list is complete and in a fixed order, zeros included: deciles 1..10 then null; the
 * nine districts (src/shared/programmes.ts order), any other district, then null; partners in REACH_PARTNERS order.
 */
export interface ReachResponse {
  from: string | null;
  to: string | null;
  signups: {
    total: number;
    /**
     * Sign-ups per decile, and that decile's share (0..1) of the population of the nine Mid and South Essex
     * districts (mid-2022, from the areas table; the shares of 1..10 add up to 1; null for "not known").
     */
    byDecile: { decile: number | null; count: number; populationShare: number | null }[];
    byDistrict: { districtCode: string | null; count: number }[];
    /** Every ISO week (weekStart: its Monday, YYYY-MM-DD) from the first sign-up's to the last's, by decile. */
    byWeek: { weekStart: string; byDecile: { decile: number | null; count: number }[] }[];
  };
  /** Sign-ups asking for each partner's support (REACH_PARTNERS values; a sign-up counts once per partner). */
  referrals: { partner: string; count: number }[];
  /** Grant applications: amount requested, and what each counts in its round's approved total (paid included). */
  grants: {
    byDistrict: {
      districtCode: string | null;
      count: number;
      requestedPence: number;
      approvedPence: number;
    }[];
    byDecile: { decile: number | null; count: number; requestedPence: number; approvedPence: number }[];
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Accounts and devices

/**
 * POST /accounts: 201 with the new AccountSummary; 409 `account-exists` for a taken username; 400 `invalid-request`
 * for a name or password outside src/shared/account-rules.ts. POST /accounts/{id}/disable (not one's own: 400),
 * /enable and /reset-password (ResetPasswordRequestSchema) answer the account's AccountSummary; an unknown id is
 * 404 `account-not-found`. Disabling and resetting revoke the account's sessions at once.
 */
export const CreateAccountRequestSchema = v.object({
  username: UsernameSchema,
  password: PasswordSchema,
  role: AccountRoleSchema,
});
export type CreateAccountRequest = v.InferOutput<typeof CreateAccountRequestSchema>;

export const ResetPasswordRequestSchema = v.object({ password: PasswordSchema });

export interface DeviceSummary {
  deviceId: string;
  firstSeenAt: string;
  lastContactAt: string | null;
  /** Records of this worker the tablet said it still held unsent at its last contact (null: never said). */
  pendingCount: number | null;
}

export interface AccountSummary {
  id: string;
  username: string;
  role: 'worker' | 'coordinator';
  createdAt: string;
  disabledAt: string | null;
  devices: DeviceSummary[];
}

/** GET /accounts: every account by username, each with the tablets it synced from (latest contact first). */
export interface AccountsResponse {
  accounts: AccountSummary[];
}

// ---------------------------------------------------------------------------------------------------------------
// Postcode directory imports

/**
 * POST /postcode-imports (the directory CSV as a text/csv body, up to 2 GiB, streamed) answers 201 with this when
 * the import ends (400 `invalid-request` with details.importId for a file that is not the directory; 409
 * `import-running` with details.importId while another runs). While it runs, GET /postcode-imports/latest (404
 * before any import) and GET /postcode-imports/{id} show its progress.
 */
export interface PostcodeImportStatus {
  id: string;
  state: 'running' | 'done' | 'failed';
  rowsRead: number;
  postcodesKept: number;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}
