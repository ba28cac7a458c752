// Tag: the NHS.UK tag, and the colour each record status and central review decision is shown in.
import type { ComponentChildren } from 'preact';
import { RECORD_STATUS_LABELS, type RecordStatus } from '../../shared/records';

export type TagColour =
  | 'white'
  | 'grey'
  | 'green'
  | 'aqua-green'
  | 'blue'
  | 'purple'
  | 'pink'
  | 'red'
  | 'orange'
  | 'yellow';

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

/** The central team's review decisions in words; a decision this build does not know is shown as sent. */
export const REVIEW_DECISION_LABELS: Record<string, { text: string; colour: TagColour }> = {
  approved: { text: 'Approved', colour: 'green' },
  declined: { text: 'Declined', colour: 'red' },
  'needs-information': { text: 'More information needed', colour: 'yellow' },
};

export const reviewDecisionText = (decision: string): string =>
  REVIEW_DECISION_LABELS[decision]?.text ?? decision;

export function ReviewTag(props: { decision: string }) {
  return (
    <Tag colour={REVIEW_DECISION_LABELS[props.decision]?.colour ?? 'white'}>
      {reviewDecisionText(props.decision)}
    </Tag>
  );
}
