// The central endpoint's API v1: request and response shapes, and the error envelope, shared by app and server.
import * as v from 'valibot';
import type { ApiErrorCode, ChangeRejectionCode } from './error-codes';
import type { ProgrammeSchema } from './programmes';
import { DeviceIdSchema, type RecordTypeSchema } from './records';
import type { ReviewState } from './review';

export const API_PREFIX = '/api/v1';

/** Limits a client must respect; a push over them is answered 413 with code `batch-too-large`/`body-too-large`. */
export const PUSH_MAX_CHANGES = 2000;
export const PUSH_MAX_BODY_BYTES = 4 * 1024 * 1024;
export const ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024;
/**
 * Every other API request body (the server answers 413 `body-too-large` over it). The largest legitimate one is a
 * coordinator's review note or bulk review, a programme's settings or an account, all well under 64 KiB: 1 MiB
 * leaves room for growth while no anonymous sign-in can make the server hold megabytes.
 */
export const JSON_MAX_BODY_BYTES = 1024 * 1024;

/** Every 4xx/5xx body: `{"error": {"code": "kebab-case-code", "message": "...", "details": ...}}`. */
export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; details?: unknown };
}

export const ROLES = ['worker', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export const LoginRequestSchema = v.object({
  username: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter your username'), v.maxLength(100)),
  password: v.pipe(v.string(), v.minLength(1, 'Enter your password'), v.maxLength(1000)),
  /**
   * The tablet signing in. Optional so older tablets still sign in; when given, the token works only for pushes
   * (and pulls) naming this device: another device id is answered 403 `token-for-another-device`.
   */
  deviceId: v.optional(DeviceIdSchema),
});
export type LoginRequest = v.InferOutput<typeof LoginRequestSchema>;

export interface LoginResponse {
  token: string;
  expiresAt: string;
  user: { id: string; username: string; role: Role };
}

/** The push body. Each change is checked on its own (ChangeSchema), so one malformed change rejects only itself. */
export const PushRequestSchema = v.object({
  protocolVersion: v.pipe(v.number(), v.integer()),
  deviceId: DeviceIdSchema,
  changes: v.array(v.unknown()),
});
export type PushRequest = v.InferOutput<typeof PushRequestSchema>;

export type ChangeStatus = 'applied' | 'duplicate' | 'rejected' | 'conflict';

export interface ChangeResult {
  /** The change's id, or null when the change was too malformed to have one. */
  changeId: string | null;
  status: ChangeStatus;
  /** The server's version of the record after this change (applied, duplicate) or now (conflict). */
  recordVersion?: number;
  error?: { code: ChangeRejectionCode; message: string; details?: unknown };
  /** For a conflict: the server's copy, so the worker can compare both versions and choose. */
  server?: { version: number; payload: unknown; updatedAt: string };
}

export interface PushResponse {
  results: ChangeResult[];
}

/** One round's pot (servers before rounds sent one per programme, without `roundId`). Newest round first. */
export interface FundsState {
  programmeId: string;
  roundId?: string;
  potPence: number;
  requestedPence: number;
  approvedPence: number;
  remainingPence: number;
}

/**
 * A review state (src/shared/review.ts). Named `decision` on the wire since before review states: tablets keep it
 * as a string and show a value they do not know as its own text.
 */
export type ReviewDecision = ReviewState;

/** A change made centrally to one of the worker's records (a review decision), in cursor order. */
export interface RecordUpdate {
  cursor: string;
  recordId: string;
  recordType: v.InferOutput<typeof RecordTypeSchema>;
  recordVersion: number;
  review: { decision: ReviewDecision; note: string | null; decidedAt: string };
}

export interface PullResponse {
  cursor: string;
  hasMore: boolean;
  reference: {
    programmes: v.InferOutput<typeof ProgrammeSchema>[];
    fundsRemaining: FundsState[];
    postcodeLookupVersion: string | null;
  };
  updates: RecordUpdate[];
  /**
   * Only with `?deviceId=`: ids of the disabled accounts that have synced from that device and whose data the
   * device has not yet reported removing (POST /devices/{deviceId}/wipes after the disabling). Empty otherwise;
   * absent from servers before shared-tablet security.
   */
  disabledWorkers?: string[];
}

/**
 * GET /devices/{deviceId}/recovery-key: the signed-in worker's recovery key for that tablet, 32 random bytes as
 * base64url (43 characters), the same on every ask. The tablet encrypts the worker's data key under it as well.
 */
export interface RecoveryKeyResponse {
  key: string;
}

/** Largest count a wipe report may carry (PostgreSQL's integer). */
export const WIPE_COUNT_MAX = 2_147_483_647;

const wipeCount = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(WIPE_COUNT_MAX));

/**
 * POST /devices/{deviceId}/wipes: the tablet removed a disabled worker's synced data, keeping `kept` unsent records
 * locked. Answered 204. Sent with an active worker's token, or with the disabled worker's own last token.
 */
export const WipeReportSchema = v.object({
  workerId: v.pipe(v.string(), v.uuid('Expected an account id')),
  kept: wipeCount,
  removed: wipeCount,
});
export type WipeReport = v.InferOutput<typeof WipeReportSchema>;

export interface ServerRecord {
  id: string;
  type: v.InferOutput<typeof RecordTypeSchema>;
  version: number;
  ownerId: string;
  deviceId: string;
  payload: unknown;
  clientUpdatedAt: string;
  receivedAt: string;
  updatedAt: string;
  review: { decision: ReviewDecision; note: string | null; decidedAt: string; decidedBy: string } | null;
}
