// The central team's review of a record: the states each reviewable type moves through, the allowed moves, and
// their words. The server refuses any other move; the console offers only these; tablets show the state as a tag.
import type { RecordType } from './records';

export const SIGNUP_REVIEW_STATES = ['new', 'contacted', 'enrolled', 'not-eligible', 'withdrawn'] as const;
export const GRANT_REVIEW_STATES = ['received', 'under-review', 'approved', 'declined', 'paid'] as const;

export type SignupReviewState = (typeof SIGNUP_REVIEW_STATES)[number];
export type GrantReviewState = (typeof GRANT_REVIEW_STATES)[number];
export type ReviewState = SignupReviewState | GrantReviewState;

export const REVIEW_STATES: readonly ReviewState[] = [...SIGNUP_REVIEW_STATES, ...GRANT_REVIEW_STATES];

/** Types the central team reviews. Eligibility checks are evidence beside a sign-up or application, not reviewed. */
export const REVIEWABLE_TYPES = ['signup', 'grant-application'] as const;
export type ReviewableType = (typeof REVIEWABLE_TYPES)[number];

export const isReviewableType = (type: RecordType): type is ReviewableType =>
  (REVIEWABLE_TYPES as readonly string[]).includes(type);

/** Where a record starts when it reaches the server (stored as null until a coordinator first moves it). */
export const INITIAL_REVIEW_STATE = {
  signup: 'new',
  'grant-application': 'received',
} as const satisfies Record<ReviewableType, ReviewState>;

/**
 * Every allowed move, per type: from a state to the states a coordinator may move it to. A move not listed is
 * refused (409 `review-move-refused`). Closed states can be reopened where real life reopens them (a withdrawn
 * resident comes back; a declined application is looked at again); a paid grant is final.
 */
export const REVIEW_MOVES: {
  signup: Record<SignupReviewState, readonly SignupReviewState[]>;
  'grant-application': Record<GrantReviewState, readonly GrantReviewState[]>;
} = {
  signup: {
    new: ['contacted', 'not-eligible', 'withdrawn'],
    contacted: ['enrolled', 'not-eligible', 'withdrawn'],
    enrolled: ['withdrawn'],
    'not-eligible': ['contacted'],
    withdrawn: ['contacted'],
  },
  'grant-application': {
    received: ['under-review', 'declined'],
    'under-review': ['approved', 'declined'],
    approved: ['paid', 'declined'],
    declined: ['under-review'],
    paid: [],
  },
};

export function statesFor(type: ReviewableType): readonly ReviewState[] {
  return type === 'signup' ? SIGNUP_REVIEW_STATES : GRANT_REVIEW_STATES;
}

export const isReviewState = (type: ReviewableType, state: unknown): state is ReviewState =>
  typeof state === 'string' && (statesFor(type) as readonly string[]).includes(state);

/** The states a record of `type` may move to from `from` (null: never reviewed, so the type's initial state). */
export function movesFrom(type: ReviewableType, from: ReviewState | null): readonly ReviewState[] {
  const current = from ?? INITIAL_REVIEW_STATE[type];
  const moves = REVIEW_MOVES[type] as Record<string, readonly ReviewState[]>;
  return moves[current] ?? [];
}

export const canMove = (type: ReviewableType, from: ReviewState | null, to: ReviewState): boolean =>
  movesFrom(type, from).includes(to);

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

/**
 * Words and tag colour of each state, and of the decisions servers sent before review states (still held by
 * tablets and in old backups). A value this build does not know is shown as its own text.
 */
export const REVIEW_STATE_LABELS: Record<string, { text: string; colour: TagColour }> = {
  new: { text: 'New', colour: 'white' },
  contacted: { text: 'Contacted', colour: 'blue' },
  enrolled: { text: 'Enrolled', colour: 'green' },
  'not-eligible': { text: 'Not eligible', colour: 'red' },
  withdrawn: { text: 'Withdrawn', colour: 'grey' },
  received: { text: 'Received', colour: 'white' },
  'under-review': { text: 'Under review', colour: 'yellow' },
  approved: { text: 'Approved', colour: 'green' },
  declined: { text: 'Declined', colour: 'red' },
  paid: { text: 'Paid', colour: 'aqua-green' },
  // Before review states (servers up to 2026-12): kept so tablets and backups holding them still read well.
  'needs-information': { text: 'More information needed', colour: 'yellow' },
};

export const reviewStateText = (state: string): string => REVIEW_STATE_LABELS[state]?.text ?? state;

/** Review states whose grant amount counts in the round's approved total (approved, and paid on top). */
export const COUNTS_AS_APPROVED: readonly GrantReviewState[] = ['approved', 'paid'];
/** Review states whose grant amount no longer counts as requested. */
export const RELEASES_REQUEST: readonly GrantReviewState[] = ['declined'];
