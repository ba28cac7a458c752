// Tag: the NHS.UK tag, and the colour each record status and central review decision is shown in.
import type { ComponentChildren } from 'preact';
import type { Outcome, Reason } from '../../shared/eligibility/types';
import { RECORD_STATUS_LABELS, type RecordStatus } from '../../shared/record-types';
import { REVIEW_STATE_LABELS, reviewStateText, type TagColour } from '../../shared/review';

export type { TagColour };

export function Tag(props: { colour?: TagColour; children: ComponentChildren }) {
  return (
    <strong class={`nhsuk-tag${props.colour ? ` nhsuk-tag--${props.colour}` : ''}`}>{props.children}</strong>
  );
}

const STATUS_COLOURS: Record<RecordStatus, TagColour> = {
  draft: 'grey',
  ready: 'blue',
  synced: 'green',
  'needs-attention': 'red',
  conflict: 'orange',
  purged: 'grey',
};

export function StatusTag(props: { status: RecordStatus }) {
  return <Tag colour={STATUS_COLOURS[props.status]}>{RECORD_STATUS_LABELS[props.status]}</Tag>;
}

/** The central team's review state in words (src/shared/review.ts); a value this build does not know is shown as its own text. */
export const reviewDecisionText = reviewStateText;

export function ReviewTag(props: { decision: string }) {
  return (
    <Tag colour={REVIEW_STATE_LABELS[props.decision]?.colour ?? 'white'}>
      {reviewDecisionText(props.decision)}
    </Tag>
  );
}

/** The colour of each eligibility outcome's tag (the check's result page and the console's record page). */
export const OUTCOME_COLOURS: Record<Outcome, TagColour> = {
  eligible: 'green',
  'not-eligible': 'red',
  'needs-review': 'yellow',
};

/** Each rule's finding in words and colour. */
export const FINDING: Record<Reason['status'], { text: string; colour: TagColour }> = {
  met: { text: 'Met', colour: 'green' },
  'not-met': { text: 'Not met', colour: 'red' },
  unknown: { text: 'Needs review', colour: 'yellow' },
};
