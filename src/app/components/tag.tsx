// Tag: the NHS.UK tag, and the colour each record status is shown in.
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
