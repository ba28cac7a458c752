// Grant applications and rounds for server tests: an application the rules find eligible in a given round, and a
// second round a coordinator can open.
import { newId } from '../../../src/shared/ids';
import type { GrantRound } from '../../../src/shared/programmes';
import { change } from './api';

/** The seed round (2022-23): received, spent and judged inside its windows. */
export const FIRST_ROUND_FORM = {
  receivedOn: '2022-11-15',
  projectStart: '2022-12-01',
  projectEnd: '2023-07-31',
};

/** A later round for tests to open, and a form that falls inside it. */
export const LATER_ROUND: GrantRound = {
  id: '2030-31',
  name: '2030 to 2031',
  applicationWindow: { opens: '2030-04-01', closes: '2030-09-30' },
  spendWindow: { from: '2030-05-01', to: '2031-03-31' },
  potPence: 1_000_000,
};
export const LATER_ROUND_FORM = {
  receivedOn: '2030-05-15',
  projectStart: '2030-06-01',
  projectEnd: '2030-12-31',
};

/** The answers of an application every micro-grant rule finds eligible, for the dates given. */
export function grantAnswers(
  dates: Record<string, string> = FIRST_ROUND_FORM,
  more: Record<string, unknown> = {},
) {
  return {
    receivedBy: 'post',
    transcribedBy: 'Sam Worker',
    organisationName: 'Southend Community Larder',
    organisationType: 'charity',
    charityNumber: '1234567',
    postcode: 'SS1 1AA',
    areasServed: ['E06000033'],
    annualIncomePence: 2_500_000,
    ...dates,
    ...more,
  };
}

/** A new grant application (baseVersion 0) asking for `amountPence`, eligible, received inside `dates`' round. */
export function grantApplication(
  amountPence: number,
  dates: Record<string, string> = FIRST_ROUND_FORM,
  more: { answers?: Record<string, unknown>; recordId?: string; baseVersion?: number } = {},
) {
  return change({
    changeId: newId(),
    recordType: 'grant-application',
    recordId: more.recordId ?? newId(),
    baseVersion: more.baseVersion ?? 0,
    payload: {
      amountRequestedPence: amountPence,
      answers: grantAnswers(dates, more.answers),
      resumeAt: 'done',
    },
  });
}
