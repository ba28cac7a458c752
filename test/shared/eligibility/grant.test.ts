// The micro-grant's organisation rules, table by table: every rule's findings and boundaries.
import { describe, expect, it } from 'vitest';
import type { FundsState } from '../../../src/shared/api';
import type { FundState, GrantCheckAnswers } from '../../../src/shared/eligibility/answers';
import { formatIsoDate, formatPence, ukDayOf } from '../../../src/shared/eligibility/format';
import { checkGrantEligibility, fundStateFrom } from '../../../src/shared/eligibility/grant';
import { effectiveOutcome } from '../../../src/shared/eligibility/types';
import { type GrantProgramme, type GrantRound, MICRO_GRANT } from '../../../src/shared/programmes';

const ELIGIBLE: GrantCheckAnswers = {
  organisationType: 'charity',
  annualIncomePence: 2_500_000,
  areasServed: ['E06000033'],
  amountRequestedPence: 100_000,
  spendFrom: '2022-12-01',
  spendTo: '2023-07-31',
  receivedOn: '2022-11-15',
};
const FUNDS: FundState = { remainingPence: 5_000_000, asOf: '2022-11-20T09:00:00.000Z' };
const check = (answers: Partial<GrantCheckAnswers>, funds: FundState | null = FUNDS) =>
  checkGrantEligibility({ ...ELIGIBLE, ...answers }, MICRO_GRANT, funds, '2022-11-21');
/** The seed programme with its one round changed. */
const withFirstRound = (changes: Partial<GrantRound>): GrantProgramme => ({
  ...MICRO_GRANT,
  rounds: [{ ...(MICRO_GRANT.rounds?.[0] as GrantRound), ...changes }],
});
const finding = (result: ReturnType<typeof check>, rule: string) =>
  result.reasons.find((r) => r.rule === rule);

describe('checkGrantEligibility', () => {
  it('is eligible when every rule is met, with every rule reported in order', () => {
    const result = check({});
    expect(result.outcome).toBe('eligible');
    expect(result.reasons.map((r) => [r.rule, r.code])).toEqual([
      ['organisation-type', 'vcfse-organisation'],
      ['annual-income', 'income-under-limit'],
      ['area', 'works-in-area'],
      ['amount', 'amount-within-range'],
      ['spend-dates', 'spend-within-window'],
      ['received-date', 'received-within-window'],
      ['funds', 'funds-available'],
    ]);
    expect(result).toMatchObject({
      programmeId: 'micro-grant',
      programmeVersion: 1,
      dataVersions: { funds: FUNDS.asOf },
    });
  });

  it.each([
    ['£499', 49_900, 'amount-below-minimum', 'not-eligible'],
    ['£499.99', 49_999, 'amount-below-minimum', 'not-eligible'],
    ['£500', 50_000, 'amount-within-range', 'eligible'],
    ['£1,500', 150_000, 'amount-within-range', 'eligible'],
    ['£1,500.01', 150_001, 'amount-above-maximum', 'not-eligible'],
    ['£1,501', 150_100, 'amount-above-maximum', 'not-eligible'],
    ['nothing', undefined, 'amount-missing', 'needs-review'],
  ])('amount %s', (_case, amountRequestedPence, code, outcome) => {
    const result = check({ amountRequestedPence });
    expect(finding(result, 'amount')?.code).toBe(code);
    expect(result.outcome).toBe(outcome);
  });

  it.each([
    ['one penny under the limit', 9_999_999, 'income-under-limit', 'eligible'],
    ['at the limit', 10_000_000, 'income-at-or-over-limit', 'not-eligible'],
    ['over the limit', 12_000_000, 'income-at-or-over-limit', 'not-eligible'],
    ['no income yet (a new group)', 0, 'income-under-limit', 'eligible'],
    ['not given', undefined, 'income-missing', 'needs-review'],
  ])('annual income %s', (_case, annualIncomePence, code, outcome) => {
    const result = check({ annualIncomePence });
    expect(finding(result, 'annual-income')?.code).toBe(code);
    expect(result.outcome).toBe(outcome);
  });

  it.each([
    ['the first day of the window', { spendFrom: '2022-11-01' }, 'spend-within-window'],
    ['the last day of the window', { spendTo: '2023-11-30' }, 'spend-within-window'],
    ['one day before the window', { spendFrom: '2022-10-31' }, 'spend-outside-window'],
    ['one day after the window', { spendTo: '2023-12-01' }, 'spend-outside-window'],
    ['ending before it starts', { spendFrom: '2023-05-01', spendTo: '2023-04-30' }, 'spend-outside-window'],
    ['no dates', { spendFrom: undefined }, 'spend-dates-missing'],
  ])('spend dates: %s', (_case, answers, code) => {
    expect(finding(check(answers), 'spend-dates')?.code).toBe(code);
  });

  it.each([
    ['on the day applications opened', '2022-10-31', 'received-within-window', 'met'],
    ['on the day they closed', '2023-03-31', 'received-within-window', 'met'],
    ['the day before they opened', '2022-10-30', 'received-outside-window', 'not-met'],
    ['the day after they closed', '2023-04-01', 'received-outside-window', 'not-met'],
    ['not given', undefined, 'received-date-missing', 'unknown'],
  ])('received %s', (_case, receivedOn, code, status) => {
    expect(finding(check({ receivedOn }), 'received-date')).toMatchObject({ code, status });
  });

  it('says whether a late application came before opening or after closing', () => {
    expect(finding(check({ receivedOn: '2022-10-30' }), 'received-date')?.text).toContain(
      'before applications opened on 31 October 2022',
    );
    expect(finding(check({ receivedOn: '2023-04-01' }), 'received-date')?.text).toContain(
      'after applications closed on 31 March 2023',
    );
  });

  it.each([
    ['a charity', 'charity', 'vcfse-organisation'],
    ['a CIC', 'cic', 'vcfse-organisation'],
    ['a faith group', 'faith-group', 'vcfse-organisation'],
    ['another kind of organisation', 'other', 'not-vcfse'],
    ['not given', undefined, 'type-missing'],
  ])('organisation type: %s', (_case, organisationType, code) => {
    expect(finding(check({ organisationType }), 'organisation-type')?.code).toBe(code);
  });

  it.each([
    ['Southend only', ['E06000033'], 'works-in-area'],
    ['Thurrock and outside', ['E06000034', 'outside'], 'works-in-area'],
    ['only outside', ['outside'], 'outside-area'],
    ['a district elsewhere', ['E09000007'], 'outside-area'],
    ['nothing selected', [], 'area-missing'],
  ])('area: %s', (_case, areasServed, code) => {
    expect(finding(check({ areasServed }), 'area')?.code).toBe(code);
  });

  it.each([
    ['more than enough left', 5_000_000, 'funds-available', 'eligible'],
    ['exactly the amount left', 100_000, 'funds-available', 'eligible'],
    ['one penny less than the amount left', 99_999, 'funds-may-be-insufficient', 'needs-review'],
    ['nothing left', 0, 'funds-may-be-insufficient', 'needs-review'],
  ])('funds: %s', (_case, remainingPence, code, outcome) => {
    const result = check({}, { remainingPence, asOf: FUNDS.asOf });
    expect(finding(result, 'funds')?.code).toBe(code);
    expect(result.outcome).toBe(outcome); // never a silent no
  });

  it('with no amount, the funds are not checked and the check needs review', () => {
    const result = check({ amountRequestedPence: undefined });
    expect(finding(result, 'funds')).toMatchObject({ code: 'funds-not-checked', status: 'unknown' });
    expect(result.reasons).toHaveLength(7);
    expect(result.outcome).toBe('needs-review');
  });

  it('gives the amount, the funds left and when they were last heard', () => {
    const result = check({}, { remainingPence: 99_999, asOf: '2022-11-20T09:00:00.000Z' });
    expect(finding(result, 'funds')).toMatchObject({
      status: 'unknown',
      text: '£1,000 is more than the £999.99 left (as last heard from the central team on 20 November 2022). The central team will decide.',
    });
  });

  it('with no word from the central team and a smaller pot, still compares and needs review', () => {
    const result = checkGrantEligibility(ELIGIBLE, withFirstRound({ potPence: 50_000 }), null, '2022-11-21');
    expect(finding(result, 'funds')).toMatchObject({ code: 'funds-may-be-insufficient', status: 'unknown' });
    expect(finding(result, 'funds')?.text).toContain('£500 left (the whole pot: this tablet has not heard');
    expect(result.outcome).toBe('needs-review');
  });

  it('with no word from the central team, compares with the whole pot and records that', () => {
    const result = check({}, null);
    expect(finding(result, 'funds')?.code).toBe('funds-available');
    expect(finding(result, 'funds')?.text).toContain('has not heard from the central team yet');
    expect(result.dataVersions.funds).toBeNull();
  });

  it('says when the end date is before the start date', () => {
    expect(finding(check({ spendFrom: '2023-05-01', spendTo: '2023-04-30' }), 'spend-dates')?.text).toBe(
      'The end date, 30 April 2023, is before the start date, 1 May 2023.',
    );
  });

  it('reports every finding of every rule', () => {
    const cases: [Partial<GrantCheckAnswers>, FundState | null][] = [
      [{}, FUNDS],
      [
        {
          organisationType: 'other',
          annualIncomePence: 10_000_000,
          areasServed: ['outside'],
          amountRequestedPence: 49_900,
          spendFrom: '2022-10-31',
          receivedOn: '2022-10-30',
        },
        FUNDS,
      ],
      [{ amountRequestedPence: 150_100 }, { remainingPence: 0, asOf: FUNDS.asOf }],
      [
        {
          organisationType: undefined,
          annualIncomePence: undefined,
          areasServed: undefined,
          amountRequestedPence: undefined,
          spendTo: undefined,
          receivedOn: undefined,
        },
        null,
      ],
    ];
    const seen = new Set(
      cases.flatMap(([answers, funds]) =>
        check(answers, funds).reasons.map((r) => `${r.rule} ${r.code} ${r.status}`),
      ),
    );
    expect([...seen].sort()).toEqual(
      [
        'organisation-type vcfse-organisation met',
        'organisation-type not-vcfse not-met',
        'organisation-type type-missing unknown',
        'annual-income income-under-limit met',
        'annual-income income-at-or-over-limit not-met',
        'annual-income income-missing unknown',
        'area works-in-area met',
        'area outside-area not-met',
        'area area-missing unknown',
        'amount amount-within-range met',
        'amount amount-below-minimum not-met',
        'amount amount-above-maximum not-met',
        'amount amount-missing unknown',
        'spend-dates spend-within-window met',
        'spend-dates spend-outside-window not-met',
        'spend-dates spend-dates-missing unknown',
        'received-date received-within-window met',
        'received-date received-outside-window not-met',
        'received-date received-date-missing unknown',
        'funds funds-available met',
        'funds funds-may-be-insufficient unknown',
        'funds funds-not-checked unknown',
      ].sort(),
    );
  });

  it('an override is kept beside the computed result, which it never changes', () => {
    const result = check({}, { remainingPence: 0, asOf: FUNDS.asOf });
    const before = structuredClone(result);
    const override = {
      outcome: 'eligible' as const,
      reason: 'The central team confirmed funds are set aside',
      by: 'worker1',
      at: '2022-11-21T10:00:00.000Z',
    };
    expect(effectiveOutcome(result, override)).toBe('eligible');
    expect(effectiveOutcome(result)).toBe('needs-review');
    expect(result).toEqual(before);
  });

  it('a rule not met beats too little money left', () => {
    const result = check({ organisationType: 'other' }, { remainingPence: 0, asOf: FUNDS.asOf });
    expect(result.outcome).toBe('not-eligible');
  });

  it('reads the amounts and windows from the programme settings', () => {
    const bigger = {
      ...withFirstRound({ applicationWindow: { opens: '2022-10-31', closes: '2023-06-30' } }),
      version: 2,
      maxAmountPence: 200_000,
    };
    const result = checkGrantEligibility(
      { ...ELIGIBLE, amountRequestedPence: 200_000, receivedOn: '2023-06-01' },
      bigger,
      FUNDS,
      '2023-06-02',
    );
    expect(result.outcome).toBe('eligible');
    expect(result.programmeVersion).toBe(2);
  });
});

describe('checkGrantEligibility with rounds', () => {
  const SECOND: GrantRound = {
    id: '2026-27',
    name: '2026 to 2027',
    applicationWindow: { opens: '2026-10-01', closes: '2027-03-31' },
    spendWindow: { from: '2026-11-01', to: '2027-12-31' },
    potPence: 300_000,
  };
  const TWO_ROUNDS: GrantProgramme = {
    ...MICRO_GRANT,
    rounds: [...(MICRO_GRANT.rounds ?? []), SECOND],
    applicationWindow: SECOND.applicationWindow,
    spendWindow: SECOND.spendWindow,
    potPence: SECOND.potPence,
  };
  const NEW_FORM: Partial<GrantCheckAnswers> = {
    receivedOn: '2026-12-01',
    spendFrom: '2027-01-01',
    spendTo: '2027-06-30',
  };
  const heard = (byRound: Record<string, number>): FundState => ({
    remainingPence: byRound[SECOND.id] ?? 0,
    asOf: '2026-12-02T09:00:00.000Z',
    byRound,
  });
  const run = (answers: Partial<GrantCheckAnswers>, funds: FundState | null) =>
    checkGrantEligibility({ ...ELIGIBLE, ...answers }, TWO_ROUNDS, funds, '2026-12-05');

  it('judges an application received in the first round by that round, even after a new round opened', () => {
    const result = run({}, heard({ '2022-23': 500_000, [SECOND.id]: 0 }));
    expect(result.outcome).toBe('eligible');
    expect(finding(result, 'received-date')?.text).toContain('open for the 2022 to 2023 round');
    expect(finding(result, 'funds')?.text).toContain('£5,000 left');
  });

  it('judges an application received in the new round by its spend window and its pot', () => {
    const result = run(NEW_FORM, heard({ '2022-23': 5_000_000, [SECOND.id]: 50_000 }));
    expect(finding(result, 'received-date')).toMatchObject({ code: 'received-within-window', status: 'met' });
    expect(finding(result, 'spend-dates')?.code).toBe('spend-within-window');
    // £1,000 asked, £500 left in this round (the old round's £50,000 does not count).
    expect(finding(result, 'funds')).toMatchObject({ code: 'funds-may-be-insufficient', status: 'unknown' });
    const oldSpend = run({ ...NEW_FORM, spendFrom: '2023-01-01', spendTo: '2023-02-01' }, null);
    expect(finding(oldSpend, 'spend-dates')?.code).toBe('spend-outside-window');
  });

  it('is not eligible, saying so plainly, when no round holds the received date', () => {
    const between = run({ receivedOn: '2024-05-01' }, null);
    expect(between.outcome).toBe('not-eligible');
    expect(finding(between, 'received-date')).toMatchObject({
      code: 'received-outside-window',
      status: 'not-met',
      text: 'It was received on 1 May 2024, between rounds: no round was open for applications that day.',
    });
    const late = run({ receivedOn: '2027-04-01' }, null);
    expect(finding(late, 'received-date')?.text).toBe(
      'It was received on 1 April 2027, after applications closed on 31 March 2027 (the 2026 to 2027 round), and no later round is open.',
    );
  });

  it('compares with the round’s whole pot when the tablet has not heard about that round', () => {
    const result = run(NEW_FORM, heard({ '2022-23': 0 }));
    expect(finding(result, 'funds')).toMatchObject({ code: 'funds-available', status: 'met' });
    expect(finding(result, 'funds')?.text).toContain(
      '£3,000 left (the whole pot of the 2026 to 2027 round: this tablet has not heard about that round yet)',
    );
  });

  it('reads a pot from a server before rounds as the newest round’s only', () => {
    const old: FundState = { remainingPence: 0, asOf: '2026-12-02T09:00:00.000Z' };
    expect(finding(run(NEW_FORM, old), 'funds')?.code).toBe('funds-may-be-insufficient');
    expect(finding(run({}, old), 'funds')?.code).toBe('funds-available');
  });

  it('builds the funds it reads from a pull’s rows, newest round first', () => {
    const rows: FundsState[] = [
      {
        programmeId: 'micro-grant',
        roundId: SECOND.id,
        potPence: 1,
        requestedPence: 0,
        approvedPence: 0,
        remainingPence: 7,
      },
      {
        programmeId: 'micro-grant',
        roundId: '2022-23',
        potPence: 1,
        requestedPence: 0,
        approvedPence: 0,
        remainingPence: 9,
      },
      {
        programmeId: 'other',
        roundId: 'x',
        potPence: 1,
        requestedPence: 0,
        approvedPence: 0,
        remainingPence: 1,
      },
    ];
    expect(fundStateFrom(rows, 'micro-grant', 'T')).toEqual({
      remainingPence: 7,
      asOf: 'T',
      byRound: { [SECOND.id]: 7, '2022-23': 9 },
    });
    expect(fundStateFrom(rows, 'none', 'T')).toBeNull();
  });
});

describe('formatting for reasons', () => {
  it.each([
    [0, '£0'],
    [50_000, '£500'],
    [150_050, '£1,500.50'],
    [10_000_000, '£100,000'],
    [5, '£0.05'],
    [49_999, '£499.99'],
    [-150_050, '-£1,500.50'],
  ])('%i pence is %s', (pence, text) => expect(formatPence(pence)).toBe(text));

  it('writes dates the UK way', () => {
    expect(formatIsoDate('2023-03-31')).toBe('31 March 2023');
    expect(formatIsoDate('2022-11-01')).toBe('1 November 2022');
    expect(formatIsoDate('2023-06-30T23:30:00.000Z')).toBe('1 July 2023');
  });

  it.each([
    ['a plain date, as it is', '2023-03-31', '2023-03-31'],
    ['winter: GMT', '2023-12-31T23:30:00.000Z', '2023-12-31'],
    ['summer: BST, so the next day', '2023-06-30T23:30:00.000Z', '2023-07-01'],
    ['just before the clocks go forward', '2023-03-26T00:59:59.000Z', '2023-03-26'],
    ['the evening before the clocks go forward', '2023-03-25T23:30:00.000Z', '2023-03-25'],
    ['the evening before the clocks go back', '2023-10-28T23:30:00.000Z', '2023-10-29'],
    ['just after the clocks go back', '2023-10-29T01:00:00.000Z', '2023-10-29'],
    ['an offset timestamp', '2023-07-01T00:30:00+01:00', '2023-07-01'],
    ['not a date', 'yesterday', null],
  ])('ukDayOf: %s', (_case, iso, day) => expect(ukDayOf(iso)).toBe(day));
});
