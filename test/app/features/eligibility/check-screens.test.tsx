// The eligibility check screens in the app: an organisation check from start to result with validation, a
// resident check started from a sign-up reusing its answers, the no-lookup path, and an override kept beside the
// computed result.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { listOutbox } from '../../../../src/app/db/outbox';
import { createRecord, getRecord, listRecords, markReady } from '../../../../src/app/db/records';
import { computeResult } from '../../../../src/app/features/eligibility/check-store';
import {
  loadEligibilityData,
  useAreaDataForTests,
} from '../../../../src/app/features/eligibility/eligibility-data';
import { App } from '../../../../src/app/shell/app';
import { navigate } from '../../../../src/app/shell/router';
import type { EligibilityCheckPayload } from '../../../../src/shared/eligibility/check-record';
import { signupPayload } from '../../../server/support/api';
import { realCompact } from '../../../shared/eligibility/fixtures';
import { freshDatabase } from '../../db/fresh-database';
import { choose, h1, type } from '../signup/fill';

beforeEach(() => {
  freshDatabase();
  useAreaDataForTests(realCompact());
});

const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const errorSummary = () => within(screen.getByRole('alert'));
function dateIn(legend: string, day: string, month: string, year: string) {
  const group = within(screen.getByRole('group', { name: legend }));
  fireEvent.input(group.getByLabelText('Day'), { target: { value: day } });
  fireEvent.input(group.getByLabelText('Month'), { target: { value: month } });
  fireEvent.input(group.getByLabelText('Year'), { target: { value: year } });
}
const onlyCheck = async () => {
  const { records } = await listRecords<EligibilityCheckPayload>({ type: 'eligibility-check' });
  expect(records).toHaveLength(1);
  return records[0] as (typeof records)[number];
};

describe('organisation check', () => {
  it('shows the programme settings, validates each page and ends on a plain-English result', async () => {
    navigate('/check');
    render(<App />);
    await h1('Check eligibility');
    expect(screen.getByText('31 October 2022 to 31 March 2023')).toBeTruthy();
    expect(screen.getByText('£500 to £1,500')).toBeTruthy();
    expect(screen.getByText('Under £100,000')).toBeTruthy();
    press('Check an organisation');

    await h1('About the organisation');
    press('Continue');
    await waitFor(() =>
      expect(
        errorSummary()
          .getAllByRole('link')
          .map((link) => link.textContent),
      ).toEqual([
        'Enter the organisation’s name',
        'Select the type of organisation',
        'Enter annual income',
        'Select where the organisation works, or that it works outside Mid and South Essex',
      ]),
    );
    type('Organisation name', 'Shoebury Seniors Lunch Club');
    choose('Unincorporated community group');
    type('Annual income', '£12,500.5');
    choose('Southend-on-Sea');
    choose('Rochford');
    press('Continue');

    await h1('About the application');
    type('Amount requested', '1,500.01');
    dateIn('When will the project start spending the money?', '1', '6', '2023');
    dateIn('When will it finish?', '31', '5', '2023');
    dateIn('When was the application received?', '15', '11', '2022');
    press('See the result');
    await waitFor(() =>
      expect(
        errorSummary()
          .getAllByRole('link')
          .map((link) => link.textContent),
      ).toEqual(['The end date must be the same as or after the start date']),
    );
    dateIn('When will it finish?', '30', '11', '2023');
    press('See the result');

    await h1('Not eligible: Mid and South Essex ICS micro-grant');
    expect(
      screen.getByText('£1,500.01 is more than the largest grant; grants are £500 to £1,500.'),
    ).toBeTruthy();
    expect(screen.getByText('Annual income of £12,500.50 is under £100,000.')).toBeTruthy();
    const record = await onlyCheck();
    expect(record.status).toBe('ready');
    expect(record.payload.answers).toMatchObject({
      organisationName: 'Shoebury Seniors Lunch Club',
      annualIncomePence: 1_250_050,
      amountRequestedPence: 150_001,
      areasServed: ['E07000075', 'E06000033'].sort(),
    });
    expect(record.payload.result?.reasons.map((reason) => reason.code)).toContain('amount-above-maximum');
    expect((await listOutbox()).map((change) => change.recordId)).toEqual([record.id]);
  });
});

describe('resident check', () => {
  it('starts from a sign-up with its answers, needs review without a postcode lookup, and keeps an override beside the result', async () => {
    const signup = await markReady(
      'signup',
      (await createRecord('signup', signupPayload({ postcode: 'SS1 9ZA' }))).id,
    );
    navigate(`/records/signup/${signup.id}`);
    render(<App />);
    await screen.findByRole('button', { name: 'Check their eligibility' });
    press('Check their eligibility');

    await h1('What is their home postcode?');
    expect((screen.getByLabelText('Postcode') as HTMLInputElement).value).toBe('SS1 9ZA');
    press('Continue');
    // No lookup on this tablet yet: the worker is offered the list, and may go on without choosing.
    await h1('Choose their neighbourhood');
    expect(
      await screen.findByText(/There is no postcode lookup on this tablet yet, so SS1 9ZA cannot be matched/),
    ).toBeTruthy();
    press('Continue without a neighbourhood');

    await h1('About them');
    expect((screen.getByLabelText('Year') as HTMLInputElement).value).toBe('1990');
    expect((screen.getByLabelText('Unemployed and looking for work') as HTMLInputElement).checked).toBe(true);
    press('Continue');
    await h1('Right to work in the UK');
    choose('Yes, but I have not seen evidence yet');
    press('See the result');

    await h1('Needs review: Southend 2050 Ambition');
    expect(
      screen.getByText(/There is no postcode lookup on this tablet, so SS1 9ZA could not be matched/),
    ).toBeTruthy();
    const check = await onlyCheck();
    expect(check.payload.source).toEqual({ type: 'signup', id: signup.id });
    expect(check.payload.result?.dataVersions).toMatchObject({ imd: 'imd2025-real', postcodes: null });

    fireEvent.click(screen.getByText('Record a different result (override)'));
    press('Save the override');
    await waitFor(() =>
      expect(
        errorSummary()
          .getAllByRole('link')
          .map((link) => link.textContent),
      ).toEqual(['Select the result you are recording', 'Enter why you are changing the result']),
    );
    // The unlocked worker's name is filled in; it can still be changed.
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('user-worker-test');
    choose('Eligible');
    type('Why are you changing the result?', 'Council tax bill for 14 Example Road, Southend 014D, seen');
    type('Your name', 'Sam Worker');
    press('Save the override');
    await h1('Eligible: Southend 2050 Ambition');
    const saved = await getRecord<EligibilityCheckPayload>('eligibility-check', check.id);
    expect(saved?.payload.result?.outcome).toBe('needs-review');
    expect(saved?.payload.override).toMatchObject({ outcome: 'eligible', by: 'Sam Worker' });
    expect(screen.getByText(/Sam Worker changed the result to “Eligible”/)).toBeTruthy();
    expect((await listOutbox()).filter((change) => change.recordId === check.id)).toHaveLength(1);
  });

  it('finds a neighbourhood by searching the list', async () => {
    navigate('/check');
    render(<App />);
    await h1('Check eligibility');
    press('Check a resident');
    await h1('What is their home postcode?');
    fireEvent.click(screen.getByRole('link', { name: /choose their neighbourhood instead/ }));
    await h1('Choose their neighbourhood');
    press('Continue');
    await waitFor(() => expect(errorSummary().getByText('Choose a neighbourhood')).toBeTruthy());
    type('Search by name, code or district', 'thurrock 007');
    // Thurrock 007A to 007F, and Thurrock 018E whose code E01016007 contains 007.
    await screen.findByText('7 neighbourhoods match.');
    choose('Thurrock 007C (E01015929)');
    press('Continue');
    await h1('About them');
    const record = await onlyCheck();
    expect(record.payload.answers).toMatchObject({ pickedAreaCode: 'E01015929' });
  });
});

describe('a check left finished but not queued by an older version', () => {
  it('shows the result with a way to send it, and sending queues it once', async () => {
    const answers = { postcode: 'SS1 9ZA', dateOfBirth: '1990-01-01', employmentStatus: 'unemployed' };
    const unfinished: EligibilityCheckPayload = {
      kind: 'resident',
      source: null,
      answers,
      result: null,
      override: null,
      resumeAt: 'result',
    };
    const payload = { ...unfinished, result: computeResult(unfinished, await loadEligibilityData()) };
    const draft = await createRecord<EligibilityCheckPayload>('eligibility-check', payload);
    navigate(`/check/${draft.id}/result`);
    render(<App />);
    await screen.findByText('This check is finished but was not queued to send to the central team.');
    // Showing it queues nothing by itself.
    expect(await listOutbox()).toEqual([]);
    press('Send this check');
    await waitFor(async () => expect((await getRecord('eligibility-check', draft.id))?.status).toBe('ready'));
    expect((await listOutbox()).map((change) => change.recordId)).toEqual([draft.id]);
    expect((await getRecord<EligibilityCheckPayload>('eligibility-check', draft.id))?.payload.result).toEqual(
      payload.result,
    );
    await waitFor(() =>
      expect(
        screen.queryByText('This check is finished but was not queued to send to the central team.'),
      ).toBeNull(),
    );
  });
});

describe('an organisation check’s result', () => {
  it('shows when the funds were last heard as a UK date and time, and the spending period as “between X and Y”', async () => {
    const unfinished: EligibilityCheckPayload = {
      kind: 'organisation',
      source: null,
      answers: {
        organisationName: 'Shoebury Seniors Lunch Club',
        organisationType: 'charity',
        annualIncomePence: 1_250_000,
        areasServed: ['E06000033'],
        amountRequestedPence: 100_000,
        spendFrom: '2023-06-01',
        spendTo: '2023-12-31',
        receivedOn: '2022-11-15',
      },
      result: null,
      override: null,
      resumeAt: 'result',
    };
    const data = {
      ...(await loadEligibilityData()),
      funds: { remainingPence: 5_000_000, asOf: '2026-12-01T21:25:10.665Z' },
    };
    const check = await createRecord<EligibilityCheckPayload>('eligibility-check', {
      ...unfinished,
      result: computeResult(unfinished, data, '2026-12-02'),
    });
    navigate(`/check/${check.id}/result`);
    render(<App />);
    await h1('Not eligible: Mid and South Essex ICS micro-grant');
    expect(
      screen.getByText(
        'The money is spent from 1 June 2023 to 31 December 2023; it must be spent between 1 November 2022 and 30 November 2023.',
      ),
    ).toBeTruthy();
    // December is GMT, so the UK time is the UTC time.
    expect(screen.getByText(/^1 December 2026(,| at) 9:25\spm$/)).toBeTruthy();
    expect(document.body.textContent).not.toContain('2026-12-01T21:25:10.665Z');
    expect(document.body.textContent).not.toMatch(/between [^.]* to /);
  });
});
