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

/** Characters PostgreSQL's jsonb cannot hold: NUL, and half of a UTF-16 surrogate pair on its own. */
const SURROGATE = /[\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) =>
  text.includes('\0') || (SURROGATE.test(text) && LONE_SURROGATE.test(text));

export type PayloadShapeProblem = 'too-deep' | 'unstorable-text';

/**
 * Looks over a parsed payload without recursion (an explicit stack), so a payload nested any depth is safe to
 * look at: `too-deep` once objects and arrays nest past `maxDepth` (`{}` is depth 1), `unstorable-text` for a
 * string or key the database cannot store (NUL, a lone surrogate), else null.
 */
export function payloadShapeProblem(payload: unknown, maxDepth: number): PayloadShapeProblem | null {
  const values: unknown[] = [payload];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value === 'string') {
      if (unstorable(value)) return 'unstorable-text';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return 'too-deep';
    if (Array.isArray(value)) {
      for (const item of value) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const [key, item] of Object.entries(value)) {
      if (unstorable(key)) return 'unstorable-text';
      values.push(item);
      depths.push(depth + 1);
    }
  }
  return null;
}
