// The shapes every eligibility check shares: outcomes, per-rule reasons, the result record and a worker's override.
import * as v from 'valibot';

export const OUTCOMES = ['eligible', 'not-eligible', 'needs-review'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const OutcomeSchema = v.picklist(OUTCOMES);

export const OUTCOME_LABELS: Record<Outcome, string> = {
  eligible: 'Eligible',
  'not-eligible': 'Not eligible',
  'needs-review': 'Needs review',
};

/** How one rule came out: met, not met, or not decidable from what is known (which makes the check "needs review"). */
export const RULE_STATUSES = ['met', 'not-met', 'unknown'] as const;
export type RuleStatus = (typeof RULE_STATUSES)[number];

export const ReasonSchema = v.object({
  /** Which rule this is, stable across versions (for example `age`). */
  rule: v.string(),
  /** The rule's finding, stable across versions (for example `under-minimum-age`): what reports count. */
  code: v.string(),
  status: v.picklist(RULE_STATUSES),
  /** The finding in plain English, for the worker to read out. */
  text: v.string(),
});
export type Reason = v.InferOutput<typeof ReasonSchema>;

export const EligibilityResultSchema = v.object({
  outcome: OutcomeSchema,
  /** Every rule's finding, in the order the programme lists its rules. */
  reasons: v.array(ReasonSchema),
  programmeId: v.string(),
  programmeVersion: v.number(),
  /** Versions of the data the answer rests on (deprivation data, postcode lookup, funds as last known). */
  dataVersions: v.record(v.string(), v.nullable(v.string())),
  /** The day the rules were applied (UK date), which age and date windows are measured against. */
  checkedOn: v.pipe(v.string(), v.isoDate()),
});
export type EligibilityResult = v.InferOutput<typeof EligibilityResultSchema>;

/** A worker's decision beside the computed result: it never replaces it. */
export const OverrideSchema = v.object({
  outcome: OutcomeSchema,
  reason: v.pipe(v.string(), v.trim(), v.minLength(1, 'Enter why you are changing the result')),
  by: v.string(),
  at: v.pipe(v.string(), v.isoTimestamp()),
});
export type Override = v.InferOutput<typeof OverrideSchema>;

/** The outcome to act on: the override's when a worker made one, otherwise the computed one. */
export const effectiveOutcome = (result: EligibilityResult, override?: Override | null): Outcome =>
  override ? override.outcome : result.outcome;

/** Combines rule findings: any rule not met makes it not eligible; otherwise any unknown makes it need review. */
export function outcomeOf(reasons: readonly Reason[]): Outcome {
  if (reasons.some((reason) => reason.status === 'not-met')) return 'not-eligible';
  if (reasons.some((reason) => reason.status === 'unknown')) return 'needs-review';
  return 'eligible';
}
