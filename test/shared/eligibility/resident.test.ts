// Southend 2050 Ambition's rules, table by table: every rule's findings and boundaries, and how they combine.
import { describe, expect, it } from 'vitest';
import type { ResidentCheckAnswers } from '../../../src/shared/eligibility/answers';
import type { PostcodeLookup } from '../../../src/shared/eligibility/area-data';
import { checkResidentEligibility, findHomeArea } from '../../../src/shared/eligibility/resident';
import { effectiveOutcome } from '../../../src/shared/eligibility/types';
import { SOUTHEND_2050_AMBITION } from '../../../src/shared/programmes';
import { normalisePostcode } from '../../../src/shared/validation/uk';
import { AREAS, LOOKUP, SOUTHEND } from './fixtures';

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
/** The fixture lookup plus a MADE-UP postcode in Southend whose (made-up) LSOA is not in the deprivation data. */
const WITH_NEW_LSOA: PostcodeLookup = {
  version: 'lookup-test',
  size: LOOKUP.size + 1,
  find: (postcode) =>
    normalisePostcode(postcode) === 'SS0 9ZJ'
      ? { lsoaCode: 'E01099999', districtCode: SOUTHEND }
      : LOOKUP.find(postcode),
};
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
    [
      'born 29 February, no 29th in the 16th year: still 15 on 28 February 2100',
      '2084-02-29',
      '2100-02-28',
      'under-minimum-age',
      'not-eligible',
    ],
    [
      'born 29 February, no 29th in the 16th year: 16 on 1 March 2100',
      '2084-02-29',
      '2100-03-01',
      'old-enough',
      'eligible',
    ],
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
    ['a postcode in no UK format', { postcode: 'SS1' }, 'no-postcode', 'unknown'],
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

  it('a Southend postcode whose neighbourhood is not in the data: Southend decides, deprivation needs review', () => {
    const result = check({ postcode: 'SS0 9ZJ' }, { postcodes: WITH_NEW_LSOA });
    expect(result.reasons.slice(0, 2).map((r) => [r.code, r.status])).toEqual([
      ['in-local-authority', 'met'],
      ['neighbourhood-unknown', 'unknown'],
    ]);
    expect(result.outcome).toBe('needs-review');
  });

  it('names both districts when the home is outside Southend', () => {
    expect(finding(check({ postcode: 'RM17 9ZH' }), 'home-area')?.text).toBe(
      'Thurrock 007C (E01015929) is in Thurrock. The programme is for people who live in Southend-on-Sea.',
    );
  });

  it('says which decile the neighbourhood is in and which the programme accepts', () => {
    expect(finding(check({}), 'deprivation')?.text).toBe(
      'Southend-on-Sea 014D is in decile 1 of the English Indices of Deprivation 2025 (the most deprived 10% of neighbourhoods in England); the programme accepts deciles 1 to 2.',
    );
    expect(finding(check({ postcode: 'SS3 9ZG' }), 'deprivation')?.text).toContain(
      'Southend-on-Sea 005B is in decile 3',
    );
  });

  it('uses the employment status labels from the sign-up', () => {
    const text = finding(check({ employmentStatus: 'employed-full-time' }), 'employment-status')?.text;
    expect(text).toContain('They are working full-time.');
    expect(text).toContain('unemployed and looking for work');
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

  it('reports every finding of every rule', () => {
    const cases: [Partial<ResidentCheckAnswers>, (PostcodeLookup | null)?][] = [
      [{}],
      [
        {
          postcode: 'RM17 9ZH',
          dateOfBirth: '2010-11-24',
          employmentStatus: 'in-education',
          rightToWork: 'no',
        },
      ],
      [{ postcode: 'SS3 9ZG', dateOfBirth: undefined, employmentStatus: undefined, rightToWork: undefined }],
      [{ rightToWork: 'not-seen' }, null],
      [{ postcode: 'SS1 9ZZ' }],
      [{ postcode: undefined }],
      [{ pickedAreaCode: 'E01999999' }],
    ];
    const seen = new Set(
      cases.flatMap(([answers, postcodes]) =>
        check(answers, { postcodes }).reasons.map((r) => `${r.rule} ${r.code} ${r.status}`),
      ),
    );
    expect([...seen].sort()).toEqual(
      [
        'home-area in-local-authority met',
        'home-area outside-local-authority not-met',
        'home-area no-postcode-lookup unknown',
        'home-area postcode-not-found unknown',
        'home-area no-postcode unknown',
        'home-area area-not-in-data unknown',
        'deprivation decile-within-threshold met',
        'deprivation decile-above-threshold not-met',
        'deprivation neighbourhood-unknown unknown',
        'age old-enough met',
        'age under-minimum-age not-met',
        'age date-of-birth-missing unknown',
        'employment-status status-accepted met',
        'employment-status status-not-accepted not-met',
        'employment-status status-missing unknown',
        'right-to-work evidence-seen met',
        'right-to-work no-right-to-work not-met',
        'right-to-work evidence-not-seen unknown',
        'right-to-work right-to-work-missing unknown',
      ].sort(),
    );
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

describe('findHomeArea', () => {
  const southend014D = AREAS.byCode.get('E01015842');
  it.each([
    [
      'a picked neighbourhood',
      { pickedAreaCode: 'E01015842' },
      LOOKUP,
      { how: 'picked', area: southend014D },
    ],
    [
      'a picked neighbourhood, even with no lookup and another postcode',
      { pickedAreaCode: 'E01015842', postcode: 'RM17 9ZH' },
      null,
      { how: 'picked', area: southend014D, districtCode: SOUTHEND },
    ],
    [
      'a picked code not in the data',
      { pickedAreaCode: 'E01999999' },
      LOOKUP,
      { problem: 'area-not-in-data' },
    ],
    ['a postcode, typed loosely', { postcode: ' ss1 9za ' }, LOOKUP, { how: 'postcode', area: southend014D }],
    ['no postcode', {}, LOOKUP, { how: 'postcode', problem: 'no-postcode' }],
    ['no lookup', { postcode: 'SS1 9ZA' }, null, { how: 'postcode', problem: 'no-lookup' }],
    ['an unknown postcode', { postcode: 'SS1 9ZZ' }, LOOKUP, { problem: 'postcode-not-found' }],
    [
      'a postcode whose LSOA is not in the data',
      { postcode: 'SS0 9ZJ' },
      WITH_NEW_LSOA,
      { how: 'postcode', districtCode: SOUTHEND, problem: 'area-not-in-data' },
    ],
  ])('%s', (_case, answers: ResidentCheckAnswers, postcodes, expected) => {
    const home = findHomeArea(answers, { areas: AREAS, postcodes });
    expect(home).toMatchObject(expected);
    if (!('area' in expected)) expect(home.area).toBeUndefined();
  });
});
