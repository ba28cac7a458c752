// The micro-grant organisation rules: type, income, where it works, amount, spend dates, date received and the
// funds left in the pot, judged against the round the paper form was received in. Pure functions: the tablet runs
// them offline, the server can re-run them.
import type { FundsState } from '../api';
import {
  type GrantProgramme,
  type GrantRound,
  grantRounds,
  MID_AND_SOUTH_ESSEX_DISTRICTS,
  roundFor,
} from '../programmes';
import { type FundState, type GrantCheckAnswers, ORGANISATION_TYPES } from './answers';
import { formatIsoDate, formatPence, ukDayOf } from './format';
import { type EligibilityResult, outcomeOf, type Reason } from './types';

const reason = (rule: string, code: string, status: Reason['status'], text: string): Reason => ({
  rule,
  code,
  status,
  text,
});
const missing = (rule: string, code: string, what: string) =>
  reason(rule, code, 'unknown', `${what} was not given.`);

function typeReason(answers: GrantCheckAnswers): Reason {
  const type = ORGANISATION_TYPES.find((option) => option.value === answers.organisationType);
  if (!type) return missing('organisation-type', 'type-missing', 'The type of organisation');
  return type.vcfse
    ? reason(
        'organisation-type',
        'vcfse-organisation',
        'met',
        `${type.label}: a voluntary, community, faith or social enterprise organisation.`,
      )
    : reason(
        'organisation-type',
        'not-vcfse',
        'not-met',
        'The micro-grant is for voluntary, community, faith or social enterprise organisations only.',
      );
}

function incomeReason(answers: GrantCheckAnswers, programme: GrantProgramme): Reason {
  const income = answers.annualIncomePence;
  if (income === undefined) return missing('annual-income', 'income-missing', 'Annual income');
  const limit = formatPence(programme.incomeLimitPence);
  return income < programme.incomeLimitPence
    ? reason(
        'annual-income',
        'income-under-limit',
        'met',
        `Annual income of ${formatPence(income)} is under ${limit}.`,
      )
    : reason(
        'annual-income',
        'income-at-or-over-limit',
        'not-met',
        `Annual income of ${formatPence(income)} is not under ${limit}, the programme's limit.`,
      );
}

function areaReason(answers: GrantCheckAnswers, programme: GrantProgramme): Reason {
  const served = answers.areasServed ?? [];
  if (served.length === 0) return missing('area', 'area-missing', 'Where the organisation works');
  const inArea = served.filter((code) => programme.districtCodes.includes(code));
  const name = (code: string) =>
    MID_AND_SOUTH_ESSEX_DISTRICTS[code as keyof typeof MID_AND_SOUTH_ESSEX_DISTRICTS] ?? code;
  return inArea.length
    ? reason('area', 'works-in-area', 'met', `It works in ${inArea.map(name).join(', ')}.`)
    : reason(
        'area',
        'outside-area',
        'not-met',
        'It does not work in any of the Mid and South Essex districts.',
      );
}

function amountReason(answers: GrantCheckAnswers, programme: GrantProgramme): Reason {
  const amount = answers.amountRequestedPence;
  if (amount === undefined) return missing('amount', 'amount-missing', 'The amount requested');
  const range = `${formatPence(programme.minAmountPence)} to ${formatPence(programme.maxAmountPence)}`;
  if (amount < programme.minAmountPence)
    return reason(
      'amount',
      'amount-below-minimum',
      'not-met',
      `${formatPence(amount)} is less than the smallest grant; grants are ${range}.`,
    );
  if (amount > programme.maxAmountPence)
    return reason(
      'amount',
      'amount-above-maximum',
      'not-met',
      `${formatPence(amount)} is more than the largest grant; grants are ${range}.`,
    );
  return reason('amount', 'amount-within-range', 'met', `${formatPence(amount)} is within ${range}.`);
}

function spendReason(answers: GrantCheckAnswers, round: GrantRound): Reason {
  const { spendFrom, spendTo } = answers;
  if (!spendFrom || !spendTo)
    return missing('spend-dates', 'spend-dates-missing', 'When the money will be spent');
  const from = formatIsoDate(round.spendWindow.from);
  const to = formatIsoDate(round.spendWindow.to);
  if (spendFrom > spendTo)
    return reason(
      'spend-dates',
      'spend-outside-window',
      'not-met',
      `The end date, ${formatIsoDate(spendTo)}, is before the start date, ${formatIsoDate(spendFrom)}.`,
    );
  const within = spendFrom >= round.spendWindow.from && spendTo <= round.spendWindow.to;
  const when = `from ${formatIsoDate(spendFrom)} to ${formatIsoDate(spendTo)}`;
  return within
    ? reason(
        'spend-dates',
        'spend-within-window',
        'met',
        `The money is spent ${when}, within the spending period (${from} to ${to}).`,
      )
    : reason(
        'spend-dates',
        'spend-outside-window',
        'not-met',
        `The money is spent ${when}; it must be spent between ${from} and ${to}.`,
      );
}

/**
 * The round the paper form was received in, or why there is none. With no received date the newest round stands in
 * for the spend and funds rules (the form is most likely for the round open now).
 */
function receivedReason(answers: GrantCheckAnswers, programme: GrantProgramme): Reason {
  const received = answers.receivedOn;
  if (!received)
    return missing('received-date', 'received-date-missing', 'When the application was received');
  const round = roundFor(programme, received);
  if (round)
    return reason(
      'received-date',
      'received-within-window',
      'met',
      `It was received on ${formatIsoDate(received)}, while applications were open for the ${round.name} round.`,
    );
  const rounds = grantRounds(programme);
  const opens = rounds
    .map((r) => r.applicationWindow.opens)
    .reduce((first, date) => (date < first ? date : first));
  const latest = rounds.at(-1) as GrantRound;
  if (received < opens)
    return reason(
      'received-date',
      'received-outside-window',
      'not-met',
      `It was received on ${formatIsoDate(received)}, before applications opened on ${formatIsoDate(opens)}.`,
    );
  if (received > latest.applicationWindow.closes)
    return reason(
      'received-date',
      'received-outside-window',
      'not-met',
      `It was received on ${formatIsoDate(received)}, after applications closed on ${formatIsoDate(latest.applicationWindow.closes)} (the ${latest.name} round), and no later round is open.`,
    );
  return reason(
    'received-date',
    'received-outside-window',
    'not-met',
    `It was received on ${formatIsoDate(received)}, between rounds: no round was open for applications that day.`,
  );
}

/** What is left in `round`'s pot as last heard: its own figure, or the whole pot when never heard of. */
function remainingIn(round: GrantRound, funds: FundState | null, newestRoundId: string) {
  if (!funds?.asOf) return { pence: round.potPence, heard: false };
  if (funds.byRound) {
    const pence = funds.byRound[round.id];
    return pence === undefined ? { pence: round.potPence, heard: false } : { pence, heard: true };
  }
  // A server from before rounds sent one pot: the newest round's.
  return round.id === newestRoundId
    ? { pence: funds.remainingPence, heard: true }
    : { pence: round.potPence, heard: false };
}

function fundsReason(
  answers: GrantCheckAnswers,
  round: GrantRound,
  funds: FundState | null,
  newestRoundId: string,
): Reason {
  const amount = answers.amountRequestedPence;
  if (amount === undefined)
    return reason(
      'funds',
      'funds-not-checked',
      'unknown',
      'The amount requested was not given, so the funds left could not be compared with it.',
    );
  const left = remainingIn(round, funds, newestRoundId);
  const remaining = left.pence;
  const heardOn = funds?.asOf ? ukDayOf(funds.asOf) : null;
  const known = !funds?.asOf
    ? 'the whole pot: this tablet has not heard from the central team yet'
    : !left.heard
      ? `the whole pot of the ${round.name} round: this tablet has not heard about that round yet`
      : heardOn
        ? `as last heard from the central team on ${formatIsoDate(heardOn)}`
        : 'as last heard from the central team';
  return amount <= remaining
    ? reason(
        'funds',
        'funds-available',
        'met',
        `${formatPence(amount)} is within the ${formatPence(remaining)} left (${known}).`,
      )
    : reason(
        'funds',
        'funds-may-be-insufficient',
        'unknown',
        `${formatPence(amount)} is more than the ${formatPence(remaining)} left (${known}). The central team will decide.`,
      );
}

/**
 * Applies the micro-grant's rules, in order: organisation type, annual income (strictly under the limit), area,
 * amount (minimum and maximum both allowed), spend dates and date received (window edges included), and funds.
 * Settings come from `programme`; the application is judged against the round whose application window holds its
 * received date (that round's spend window and pot), and is not eligible when no round holds it (the newest round
 * then stands in for the spend and funds rules). The funds are as this device last heard them (null: never heard,
 * so the whole pot is compared and the reason says so). Too little money left is "unknown", never a silent no: the central
 * team decides. With no amount, both `amount` (`amount-missing`) and `funds` (`funds-not-checked`) are unknown,
 * so every result has the same seven rules. Missing answers make the check "needs review" unless another rule
 * is not met. `checkedOn` is kept on the result; the funds' `asOf` is its data version.
 */
export function checkGrantEligibility(
  answers: GrantCheckAnswers,
  programme: GrantProgramme,
  funds: FundState | null,
  checkedOn: string,
): EligibilityResult {
  const rounds = grantRounds(programme);
  const newest = rounds.at(-1) as GrantRound;
  const round = (answers.receivedOn ? roundFor(programme, answers.receivedOn) : null) ?? newest;
  const reasons = [
    typeReason(answers),
    incomeReason(answers, programme),
    areaReason(answers, programme),
    amountReason(answers, programme),
    spendReason(answers, round),
    receivedReason(answers, programme),
    fundsReason(answers, round, funds, newest.id),
  ];
  return {
    outcome: outcomeOf(reasons),
    reasons,
    programmeId: programme.id,
    programmeVersion: programme.version,
    dataVersions: { funds: funds?.asOf ?? null },
    checkedOn,
  };
}

/**
 * The funds the rules read, from pot rows as a pull delivers them (newest round first): the newest round's
 * remaining, and each round's by id when the server names rounds. Null when none is for `programmeId`.
 */
export function fundStateFrom(
  rows: readonly FundsState[],
  programmeId: string,
  asOf: string | null,
): FundState | null {
  const mine = rows.filter((row) => row.programmeId === programmeId);
  const newest = mine[0];
  if (!newest) return null;
  const byRound: Record<string, number> = {};
  for (const row of mine) if (row.roundId) byRound[row.roundId] = row.remainingPence;
  return Object.keys(byRound).length > 0
    ? { remainingPence: newest.remainingPence, asOf, byRound }
    : { remainingPence: newest.remainingPence, asOf };
}
