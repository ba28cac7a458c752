// The sign-up's page order and branching, as pure functions.
import { describe, expect, it } from 'vitest';
import {
  applicablePages,
  firstUnanswered,
  nextStep,
  previousStep,
  stepAfterChange,
  withoutInapplicable,
} from '../../../../src/app/features/signup/signup-flow';
import { HOURS } from '../../../../src/shared/signup';

describe('sign-up flow', () => {
  it('skips the equality details unless the resident chose to answer them', () => {
    expect(nextStep('equality', { equalityOptIn: 'no' })).toBe('consent');
    expect(nextStep('equality', { equalityOptIn: 'yes' })).toBe('equality-details');
    expect(nextStep('equality-details', { equalityOptIn: 'yes' })).toBe('consent');
    expect(applicablePages({ equalityOptIn: 'no' })).not.toContain('equality-details');
    expect(previousStep('consent', { equalityOptIn: 'no' })).toBe('equality');
    expect(previousStep('consent', { equalityOptIn: 'yes' })).toBe('equality-details');
  });

  it('goes from the last page to check your answers, and back', () => {
    expect(nextStep('consent', {})).toBe('check-answers');
    expect(previousStep('check-answers', { equalityOptIn: 'no' })).toBe('consent');
    expect(previousStep('name', {})).toBeNull();
    expect(previousStep('possible-duplicate', {})).toBe('address');
  });

  it('after a change returns to check your answers unless the change opened an unanswered page', () => {
    const complete = {
      firstName: 'Ada',
      dateOfBirth: '1990-01-01',
      addressLine1: '1 High Street',
      mobile: '',
      employmentStatus: 'unemployed',
      roles: ['admin'],
      hoursAvailable: 'flexible',
      barriers: ['none'],
      partnerSupport: ['none'],
      heardAbout: 'jobcentre',
      equalityOptIn: 'no',
      privacyNoticeAccepted: ['accepted'],
    };
    expect(firstUnanswered(complete)).toBe('check-answers');
    expect(stepAfterChange(complete)).toBe('check-answers');
    expect(stepAfterChange({ ...complete, equalityOptIn: 'yes' })).toBe('equality-details');
    expect(firstUnanswered({ firstName: 'Ada' })).toBe('date-of-birth');
  });

  it('hours bands do not overlap, and a draft holding an earlier overlapping band is asked again', () => {
    const complete = {
      firstName: 'Ada',
      dateOfBirth: '1990-01-01',
      addressLine1: '1 High Street',
      mobile: '',
      employmentStatus: 'unemployed',
      roles: ['admin'],
      hoursAvailable: '16-to-29',
      barriers: ['none'],
      partnerSupport: ['none'],
      heardAbout: 'jobcentre',
      equalityOptIn: 'no',
      privacyNoticeAccepted: ['accepted'],
    };
    expect(firstUnanswered(complete)).toBe('check-answers');
    expect(firstUnanswered({ ...complete, hoursAvailable: '16-to-30' })).toBe('hours');
    // Every whole number of hours from 0 to 60 falls in exactly one band.
    const bands = HOURS.filter((band) => band.value !== 'flexible').map((band) => {
      const numbers = band.label.match(/\d+/g)?.map(Number) ?? [];
      return band.label.startsWith('Up to')
        ? [0, numbers[0] as number]
        : band.label.includes('or more')
          ? [numbers[0] as number, Number.POSITIVE_INFINITY]
          : [numbers[0] as number, numbers[1] as number];
    });
    for (let hours = 0; hours <= 60; hours++) {
      expect(
        bands.filter(([low, high]) => hours >= (low as number) && hours <= (high as number)),
      ).toHaveLength(1);
    }
  });

  it('drops answers to pages that no longer apply', () => {
    const answers = withoutInapplicable({
      equalityOptIn: 'no',
      ethnicity: 'white-irish',
      carer: 'no',
      firstName: 'A',
    });
    expect(answers).toEqual({ equalityOptIn: 'no', firstName: 'A' });
  });
});
