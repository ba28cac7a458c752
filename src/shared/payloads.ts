// What the server requires of each record type's payload, and the fields it reads (attachments, grant amount).
import * as v from 'valibot';
import { FinishedCheckSchema } from './eligibility/check-record';
import { GrantPayloadSchema } from './grant/application';
import type { RecordType } from './records';
import { SignupAnswersSchema } from './signup';

/** A payload names its attachments by SHA-256; the server refuses a record whose attachments it lacks. */
export const AttachmentRefSchema = v.object({
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'Expected a lower-case hex SHA-256')),
});

const Attachments = v.optional(v.array(AttachmentRefSchema));

/**
 * What the server accepts for each type. A sign-up must carry complete, valid answers (the same schema the
 * tablet's check-your-answers page uses); an eligibility check must carry its computed result.
 */
export const PAYLOAD_SCHEMAS = {
  signup: v.looseObject({ answers: SignupAnswersSchema, attachments: Attachments }),
  'eligibility-check': FinishedCheckSchema,
  /** amountRequestedPence is what the grant pot counts while the application is not declined. */
  'grant-application': GrantPayloadSchema,
} satisfies Record<RecordType, v.GenericSchema>;

export function attachmentHashes(payload: unknown): string[] {
  const refs = (payload as { attachments?: { sha256: string }[] } | null)?.attachments;
  return Array.isArray(refs) ? refs.map((ref) => ref.sha256) : [];
}

export function grantAmountPence(payload: unknown): number {
  const amount = (payload as { amountRequestedPence?: unknown } | null)?.amountRequestedPence;
  return typeof amount === 'number' && Number.isInteger(amount) ? amount : 0;
}
