// Southend 2050 Ambition's rules, table by table: every rule's findings and boundaries, and how they combine.
import { describe, expect, it } from 'vitest';
import type { ResidentCheckAnswers } from '../../../src/shared/eligibility/answers';
import { checkResidentEligibility } from '../../../src/shared/eligibility/resident';
import { effectiveOutcome } from '../../../src/shared/eligibility/types';
import { SOUTHEND_2050_AMBITION } from '../../../src/shared/programmes';
import { AREAS, LOOKUP } from './fixtures';

const TODAY = '2026-11-23';
const ELIGIBLE: ResidentCheckAnswers = {
  postcode: 'SS1 9ZA',
  dateOfBirth: '1990-06-01',
  employmentStatus: 'unemployed',
  rightToWork: 'yes',
  rightToWorkEvidence: 'uk-or-irish-passport',
  rightToWorkSeenOn: TODAY,
};
const data = { areas: AREAS, postcodes: LOOKUP };
const check = (
  answers: Partial<ResidentCheckAnswers>,
  options: { today?: string; postcodes?: typeof LOOKUP | null } = {},
) =>
  checkResidentEligibility(
    { ...ELIGIBLE, ...answers },
    SOUTHEND_2050_AMBITION,
    { areas: AREAS, postcodes: options.postcodes === undefined ? LOOKUP : options.postcodes },
    options.today ?? TODAY,
  );
const finding = (result: ReturnType<typeof check>, rule: string) =>
  result.reasons.find((r) => r.rule === rule);

describe('checkResidentEligibility', () => {
  it('is eligible when every rule is met, and says which programme and data gave the answer', () => {
    const result = checkResidentEligibility(ELIGIBLE, SOUTHEND_2050_AMBITION, data, TODAY);
    expect(result.outcome).toBe('eligible');
    expect(result.reasons.map((r) => [r.rule, r.code, r.status])).toEqual([
      ['home-area', 'in-local-authority', 'met'],
      ['deprivation', 'decile-within-threshold', 'met'],
      ['age', 'old-enough', 'met'],
      ['employment-status', 'status-accepted', 'met'],
      ['right-to-work', 'evidence-seen', 'met'],
    ]);
    expect(result).toMatchObject({
      programmeId: 'southend-2050-ambition',
      programmeVersion: 1,
      dataVersions: { imd: 'imd-test', postcodes: 'lookup-test' },
      checkedOn: TODAY,
    });
    expect(finding(result, 'deprivation')?.text).toContain('Southend-on-Sea 014D is in decile 1');
  });

  it.each([
    ['the day before the 16th birthday', '2010-11-24', TODAY, 'under-minimum-age', 'not-eligible'],
    ['the 16th birthday itself', '2010-11-23', TODAY, 'old-enough', 'eligible'],
    ['the day after the 16th birthday', '2010-11-22', TODAY, 'old-enough', 'eligible'],
    [
      'born 29 February: still 15 the day before',
      '2008-02-29',
      '2024-02-28',
      'under-minimum-age',
      'not-eligible',
    ],
    ['born 29 February: 16 on 29 February 2024', '2008-02-29', '2024-02-29', 'old-enough', 'eligible'],
    ['no date of birth', undefined, TODAY, 'date-of-birth-missing', 'needs-review'],
  ])('age: %s', (_case, dateOfBirth, today, code, outcome) => {
    const result = check({ dateOfBirth, rightToWorkSeenOn: today }, { today });
    expect(finding(result, 'age')?.code).toBe(code);
    expect(result.outcome).toBe(outcome);
  });

  it.each([
    ['decile 1', 'SS1 9ZA', 'decile-within-threshold', 'eligible'],
    ['decile 2, at the threshold', 'SS2 9ZF', 'decile-within-threshold', 'eligible'],
    ['decile 3, above the threshold', 'SS3 9ZG', 'decile-above-threshold', 'not-eligible'],
    ['decile 9', 'SS9 9ZB', 'decile-above-threshold', 'not-eligible'],
  ])('deprivation: %s', (_case, postcode, code, outcome) => {
    const result = check({ postcode });
    expect(finding(result, 'deprivation')?.code).toBe(code);
    expect(result.outcome).toBe(outcome);
  });

  it('reads the threshold from the programme settings, not from code', () => {
    const wider = { ...SOUTHEND_2050_AMBITION, maxImdDecile: 3, version: 2 };
    const result = checkResidentEligibility({ ...ELIGIBLE, postcode: 'SS3 9ZG' }, wider, data, TODAY);
    expect(result.outcome).toBe('eligible');
    expect(result.programmeVersion).toBe(2);
  });

  it.each([
    ['a postcode in Southend', { postcode: 'ss19za' }, 'in-local-authority', 'met'],
    ['a postcode in Thurrock (decile 2)', { postcode: 'RM17 9ZH' }, 'outside-local-authority', 'not-met'],
    [
      'a postcode outside the deprivation data',
      { postcode: 'NW1 9ZE' },
      'outside-local-authority',
      'not-met',
    ],
    ['an unknown postcode', { postcode: 'SS1 9ZZ' }, 'postcode-not-found', 'unknown'],
    ['no postcode', { postcode: undefined }, 'no-postcode', 'unknown'],
    [
      'a picked Southend neighbourhood',
      { postcode: 'SS1 9ZZ', pickedAreaCode: 'E01015842' },
      'in-local-authority',
      'met',
    ],
    [
      'a picked Thurrock neighbourhood',
      { pickedAreaCode: 'E01015929' },
      'outside-local-authority',
      'not-met',
    ],
    ['a picked code not in the data', { pickedAreaCode: 'E01999999' }, 'area-not-in-data', 'unknown'],
  ])('home area: %s', (_case, answers, code, status) => {
    const result = check(answers);
    expect(finding(result, 'home-area')).toMatchObject({ code, status });
  });

  it('with no postcode lookup on the tablet, a postcode needs review and a picked neighbourhood decides', () => {
    const noLookup = check({}, { postcodes: null });
    expect(finding(noLookup, 'home-area')?.code).toBe('no-postcode-lookup');
    expect(finding(noLookup, 'deprivation')?.code).toBe('neighbourhood-unknown');
    expect(noLookup.outcome).toBe('needs-review');
    expect(noLookup.dataVersions.postcodes).toBeNull();
    const picked = check({ pickedAreaCode: 'E01015842' }, { postcodes: null });
    expect(picked.outcome).toBe('eligible');
  });

  it('an unknown postcode ends as needs review with that reason, never a silent no', () => {
    const result = check({ postcode: 'SS1 9ZZ' });
    expect(result.outcome).toBe('needs-review');
    expect(finding(result, 'home-area')?.text).toContain('SS1 9ZZ is not in the postcode lookup');
  });

  it.each([
    ['unemployed', 'status-accepted', 'eligible'],
    ['economically-inactive', 'status-accepted', 'eligible'],
    ['employed-full-time', 'status-not-accepted', 'not-eligible'],
    ['in-education', 'status-not-accepted', 'not-eligible'],
    [undefined, 'status-missing', 'needs-review'],
  ])('employment status %s', (employmentStatus, code, outcome) => {
    const result = check({ employmentStatus });
    expect(finding(result, 'employment-status')?.code).toBe(code);
    expect(result.outcome).toBe(outcome);
  });

  it.each([
    ['evidence seen today', {}, 'evidence-seen', 'eligible'],
    ['evidence seen last year', { rightToWorkSeenOn: '2025-11-23' }, 'evidence-seen', 'eligible'],
    ['a date seen after the check', { rightToWorkSeenOn: '2026-11-24' }, 'evidence-not-seen', 'needs-review'],
    [
      'yes without the evidence type',
      { rightToWorkEvidence: undefined },
      'evidence-not-seen',
      'needs-review',
    ],
    ['declared but not seen', { rightToWork: 'not-seen' as const }, 'evidence-not-seen', 'needs-review'],
    ['no right to work', { rightToWork: 'no' as const }, 'no-right-to-work', 'not-eligible'],
    ['not asked', { rightToWork: undefined }, 'right-to-work-missing', 'needs-review'],
  ])('right to work: %s', (_case, answers, code, outcome) => {
    const result = check(answers);
    expect(finding(result, 'right-to-work')?.code).toBe(code);
    expect(result.outcome).toBe(outcome);
  });

  it('a rule not met beats rules that need review', () => {
    const result = check({
      employmentStatus: 'employed-full-time',
      postcode: 'SS1 9ZZ',
      rightToWork: undefined,
    });
    expect(result.outcome).toBe('not-eligible');
  });

  it('never mentions a document number: only the evidence type and date', () => {
    const text = finding(check({}), 'right-to-work')?.text;
    expect(text).toBe(
      'They have the right to work in the UK: UK or Irish passport (current or expired) seen on 23 November 2026.',
    );
  });

  it('an override is kept beside the computed result, which it never changes', () => {
    const result = check({ postcode: 'SS1 9ZZ' });
    const override = {
      outcome: 'eligible' as const,
      reason: 'Tenancy agreement seen',
      by: 'worker1',
      at: '2026-11-23T10:00:00.000Z',
    };
    expect(effectiveOutcome(result, override)).toBe('eligible');
    expect(effectiveOutcome(result, null)).toBe('needs-review');
    expect(result.outcome).toBe('needs-review');
  });
});
