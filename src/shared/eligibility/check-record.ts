// An eligibility-check record's payload: which check, where it came from, the answers, the computed result and
// any override beside it. The server requires a finished check (with its result) on push.
import * as v from 'valibot';
import type { GrantCheckAnswers, ResidentCheckAnswers } from './answers';
import { type EligibilityResult, EligibilityResultSchema, type Override, OverrideSchema } from './types';

export const CHECK_KINDS = ['resident', 'organisation'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const CHECK_KIND_LABELS: Record<CheckKind, string> = {
  resident: 'Resident check (Southend 2050 Ambition)',
  organisation: 'Organisation check (micro-grant)',
};

/** The record a check was started from, whose answers it reused. */
export interface CheckSource {
  type: 'signup' | 'grant-application';
  id: string;
}

export type EligibilityCheckPayload =
  | {
      kind: 'resident';
      source: CheckSource | null;
      answers: ResidentCheckAnswers;
      result: EligibilityResult | null;
      override: Override | null;
      resumeAt: string;
    }
  | {
      kind: 'organisation';
      source: CheckSource | null;
      /** The organisation's name, so the check can be found again; not used by the rules. */
      answers: GrantCheckAnswers & { organisationName?: string };
      result: EligibilityResult | null;
      override: Override | null;
      resumeAt: string;
    };

const SourceSchema = v.nullable(
  v.object({ type: v.picklist(['signup', 'grant-application']), id: v.pipe(v.string(), v.uuid()) }),
);

/** What the server accepts: a finished check carrying its computed result (and an override, if any). */
export const FinishedCheckSchema = v.looseObject({
  kind: v.picklist(CHECK_KINDS),
  source: v.optional(SourceSchema),
  answers: v.looseObject({}),
  result: EligibilityResultSchema,
  override: v.optional(v.nullable(OverrideSchema)),
});
