// The micro-grant organisation rules: type, income, where it works, amount, spend dates, date received and the
// funds left in the pot. Pure functions: the tablet runs them offline, the server can re-run them.
import { type GrantProgramme, MID_AND_SOUTH_ESSEX_DISTRICTS } from '../programmes';
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

function spendReason(answers: GrantCheckAnswers, programme: GrantProgramme): Reason {
  const { spendFrom, spendTo } = answers;
  if (!spendFrom || !spendTo)
    return missing('spend-dates', 'spend-dates-missing', 'When the money will be spent');
  const from = formatIsoDate(programme.spendWindow.from);
  const to = formatIsoDate(programme.spendWindow.to);
  if (spendFrom > spendTo)
    return reason(
      'spend-dates',
      'spend-outside-window',
      'not-met',
      `The end date, ${formatIsoDate(spendTo)}, is before the start date, ${formatIsoDate(spendFrom)}.`,
    );
  const within = spendFrom >= programme.spendWindow.from && spendTo <= programme.spendWindow.to;
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

function receivedReason(answers: GrantCheckAnswers, programme: GrantProgramme): Reason {
  const received = answers.receivedOn;
  if (!received)
    return missing('received-date', 'received-date-missing', 'When the application was received');
  const { opens, closes } = programme.applicationWindow;
  if (received < opens)
    return reason(
      'received-date',
      'received-outside-window',
      'not-met',
      `It was received on ${formatIsoDate(received)}, before applications opened on ${formatIsoDate(opens)}.`,
    );
  if (received > closes)
    return reason(
      'received-date',
      'received-outside-window',
      'not-met',
      `It was received on ${formatIsoDate(received)}, after applications closed on ${formatIsoDate(closes)}.`,
    );
  return reason(
    'received-date',
    'received-within-window',
    'met',
    `It was received on ${formatIsoDate(received)}, while applications were open.`,
  );
}

function fundsReason(answers: GrantCheckAnswers, programme: GrantProgramme, funds: FundState | null): Reason {
  const amount = answers.amountRequestedPence;
  if (amount === undefined)
    return reason(
      'funds',
      'funds-not-checked',
      'unknown',
      'The amount requested was not given, so the funds left could not be compared with it.',
    );
  const remaining = funds?.remainingPence ?? programme.potPence;
  const heardOn = funds?.asOf ? ukDayOf(funds.asOf) : null;
  const known = !funds?.asOf
    ? 'the whole pot: this tablet has not heard from the central team yet'
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
 * Settings come from `programme`; the funds are as this device last heard them (null: never heard, so the whole
 * pot is compared and the reason says so). Too little money left is "unknown", never a silent no: the central
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
  const reasons = [
    typeReason(answers),
    incomeReason(answers, programme),
    areaReason(answers, programme),
    amountReason(answers, programme),
    spendReason(answers, programme),
    receivedReason(answers, programme),
    fundsReason(answers, programme, funds),
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
