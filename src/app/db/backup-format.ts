// The backup file: its JSON format, checksum and validation. Pure (no IndexedDB), so tests and tools can use it.
import * as v from 'valibot';
import { DeviceIdSchema, RecordStatusSchema, RecordTypeSchema, TimestampSchema } from '../../shared/records';
import { SUPERSEDES_MAX } from '../../shared/sync-limits';
import { sha256Hex } from './hash';

export const BACKUP_FORMAT = 'anchor-outreach-backup';
/**
 * 2: records carry acknowledgedAt, conflict (the server's copy, payload decoded), review and purgedAt, and the
 * statuses 'conflict' and 'purged'. Version 1 files (without them) still import.
 */
export const BACKUP_FORMAT_VERSION = 2;
export const BACKUP_MEDIA_TYPE = 'application/json';

const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

const BackupRecordSchema = v.object({
  id: DeviceIdSchema,
  type: RecordTypeSchema,
  status: v.union([
    RecordStatusSchema,
    // Files from versions that stored "syncing" while a push was in flight: that push may not have landed.
    v.pipe(
      v.literal('syncing'),
      v.transform(() => 'ready' as const),
    ),
  ]),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  workerId: v.nullable(v.string()),
  deviceId: DeviceIdSchema,
  version: v.pipe(Count, v.minValue(1)),
  serverVersion: Count,
  /** Any code: one this build does not know becomes 'unrecognised-code' on import, with its words kept. */
  problem: v.nullable(v.object({ code: v.string(), message: v.string() })),
  payload: v.unknown(),
  acknowledgedAt: v.optional(v.nullable(TimestampSchema)),
  /** The server's copy of a conflicted record, its payload decoded like the record's. */
  conflict: v.optional(
    v.nullable(v.object({ version: Count, payload: v.unknown(), updatedAt: TimestampSchema })),
  ),
  purgedAt: v.optional(v.nullable(TimestampSchema)),
  review: v.optional(
    v.nullable(v.object({ decision: v.string(), note: v.nullable(v.string()), decidedAt: TimestampSchema })),
  ),
});

const BackupChangeSchema = v.object({
  changeId: DeviceIdSchema,
  recordType: RecordTypeSchema,
  recordId: DeviceIdSchema,
  recordVersion: v.pipe(Count, v.minValue(1)),
  baseVersion: Count,
  payload: v.unknown(),
  clientUpdatedAt: TimestampSchema,
  queuedAt: TimestampSchema,
  attempts: Count,
  supersedes: v.optional(v.pipe(v.array(DeviceIdSchema), v.maxLength(SUPERSEDES_MAX))),
  // Files from before changes carried their worker: restore takes the record's.
  workerId: v.optional(v.nullable(v.string())),
});

const BackupAttachmentSchema = v.object({
  id: DeviceIdSchema,
  recordId: DeviceIdSchema,
  recordType: RecordTypeSchema,
  name: v.string(),
  mediaType: v.string(),
  size: Count,
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/)),
  position: Count,
  createdAt: TimestampSchema,
  /** The file's bytes, base64. */
  data: v.string(),
});

const BackupContentSchema = v.object({
  records: v.array(BackupRecordSchema),
  outbox: v.array(BackupChangeSchema),
  attachments: v.array(BackupAttachmentSchema),
});

const BackupEnvelopeSchema = v.object({
  format: v.literal(BACKUP_FORMAT),
  formatVersion: v.pipe(Count, v.minValue(1)),
  exportedAt: TimestampSchema,
  deviceId: DeviceIdSchema,
  /** "sha256:" + hex digest of JSON.stringify(content). */
  checksum: v.pipe(v.string(), v.regex(/^sha256:[0-9a-f]{64}$/)),
  content: v.unknown(),
});

export type BackupRecord = v.InferOutput<typeof BackupRecordSchema>;
export type BackupChange = v.InferOutput<typeof BackupChangeSchema>;
export type BackupAttachment = v.InferOutput<typeof BackupAttachmentSchema>;
export type BackupContent = v.InferOutput<typeof BackupContentSchema>;

export interface VerifiedBackup {
  exportedAt: string;
  deviceId: string;
  content: BackupContent;
  /** Attachment bytes by attachment id, already checked against their size and SHA-256. */
  attachmentBytes: Map<string, Uint8Array<ArrayBuffer>>;
}

/** `another-worker`: the file holds records another worker made; only they may restore them (under their key). */
export type BackupProblem = 'foreign' | 'newer' | 'damaged' | 'another-worker';

/** Why a file was refused; nothing from a refused file is ever imported. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
  constructor(
    readonly problem: BackupProblem,
    message: string,
  ) {
    super(message);
  }
}

const FOREIGN =
  'This file is not an Anchor Outreach backup. Choose a file that was made with “Download a backup”.';
const damaged = (detail: string) =>
  new BackupError('damaged', `This backup file is damaged (${detail}), so nothing was imported from it.`);

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Writes a backup file's text from its content. The checksum lets an import detect any change to the content. */
export async function serializeBackup(
  content: BackupContent,
  source: { deviceId: string; exportedAt: string },
): Promise<string> {
  const contentJson = JSON.stringify(content);
  const checksum = `sha256:${await sha256Hex(new TextEncoder().encode(contentJson))}`;
  const head = JSON.stringify({
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    exportedAt: source.exportedAt,
    deviceId: source.deviceId,
    checksum,
  });
  return `${head.slice(0, -1)},"content":${contentJson}}`;
}

/**
 * Reads and checks a backup file's text completely before anything is imported: that it is ours, from a version
 * this app understands, that its checksum matches, every field is well formed, every attachment matches its
 * SHA-256 and size, and every change and attachment belongs to a record in the file. Throws BackupError.
 */
export async function verifyBackup(text: string): Promise<VerifiedBackup> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new BackupError('foreign', FOREIGN);
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { format?: unknown }).format !== BACKUP_FORMAT) {
    throw new BackupError('foreign', FOREIGN);
  }
  const envelope = v.safeParse(BackupEnvelopeSchema, parsed);
  if (!envelope.success) throw damaged('its header is not complete');
  const { formatVersion, checksum, exportedAt, deviceId } = envelope.output;
  if (formatVersion > BACKUP_FORMAT_VERSION) {
    throw new BackupError(
      'newer',
      'This backup was made by a newer version of Anchor Outreach. Update the app on this tablet, then try again.',
    );
  }
  const actual = `sha256:${await sha256Hex(new TextEncoder().encode(JSON.stringify(envelope.output.content)))}`;
  if (actual !== checksum) throw damaged('its contents do not match its checksum');
  const content = v.safeParse(BackupContentSchema, envelope.output.content);
  if (!content.success) {
    const path = v.getDotPath(content.issues[0]);
    throw damaged(`a value is not valid${path ? ` at ${path}` : ''}`);
  }
  if (content.output.records.some((record) => record.status === 'conflict' && !record.conflict)) {
    throw damaged('a record in conflict has no central copy');
  }
  const records = new Set(content.output.records.map((record) => record.id));
  for (const change of content.output.outbox) {
    if (!records.has(change.recordId)) throw damaged('a waiting change has no record');
  }
  const attachmentBytes = new Map<string, Uint8Array<ArrayBuffer>>();
  for (const attachment of content.output.attachments) {
    if (!records.has(attachment.recordId)) throw damaged('an attachment has no record');
    let bytes: Uint8Array<ArrayBuffer>;
    try {
      bytes = base64ToBytes(attachment.data);
    } catch {
      throw damaged(`attachment ${attachment.name} cannot be read`);
    }
    if (bytes.length !== attachment.size || (await sha256Hex(bytes)) !== attachment.sha256) {
      throw damaged(`attachment ${attachment.name} does not match its fingerprint`);
    }
    attachmentBytes.set(attachment.id, bytes);
  }
  return { exportedAt, deviceId, content: content.output, attachmentBytes };
}
