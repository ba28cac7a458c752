// The grant application screens: drafts saved on every Continue, the budget that must add up, bank details typed
// twice and never shown back in full, check answers refusing an unfinished application, and Change links.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { getRecord, listRecords } from '../../../../src/app/db/records';
import { finishCheck, saveCheckAnswers } from '../../../../src/app/features/eligibility/check-store';
import {
  loadEligibilityData,
  useAreaDataForTests,
} from '../../../../src/app/features/eligibility/eligibility-data';
import { saveGrantPage, startGrant } from '../../../../src/app/features/grants/grant-store';
import { App } from '../../../../src/app/shell/app';
import { navigate } from '../../../../src/app/shell/router';
import type { EligibilityCheckPayload } from '../../../../src/shared/eligibility/check-record';
import type { GrantPayload } from '../../../../src/shared/grant/application';
import { realCompact } from '../../../shared/eligibility/fixtures';
import { freshDatabase } from '../../db/fresh-database';
import { choose, h1, type } from '../signup/fill';

beforeEach(() => {
  freshDatabase();
  useAreaDataForTests(realCompact());
});

const press = (name: string) => fireEvent.click(screen.getByRole('button', { name }));
const summaryTexts = () =>
  within(screen.getByRole('alert'))
    .getAllByRole('link')
    .map((link) => link.textContent);
const payloadOf = async (id: string) =>
  (await getRecord<GrantPayload & { pagesDone: string[] }>('grant-application', id))?.payload;

const onlyCheck = async () => {
  const { records } = await listRecords<EligibilityCheckPayload>({ type: 'eligibility-check' });
  expect(records).toHaveLength(1);
  return records[0] as (typeof records)[number];
};

/** Finishes a check with answers that meet every rule, as the check's pages would. */
async function finishEligibleCheck(checkId: string) {
  await saveCheckAnswers(
    checkId,
    {
      organisationName: 'Friends of Priory Park',
      organisationType: 'charity',
      annualIncomePence: 1_250_000,
      areasServed: ['E06000033'],
      amountRequestedPence: 100_000,
      spendFrom: '2023-01-01',
      spendTo: '2023-06-30',
      receivedOn: '2022-11-15',
    },
    'application',
  );
  await finishCheck(checkId, await loadEligibilityData());
}

async function open(step: string) {
  const record = await startGrant('Sam Worker');
  navigate(`/grants/${record.id}/${step}`);
  render(<App />);
  return record.id;
}

describe('grant application screens', () => {
  it('starts from /grants with the worker’s name and saves the first page on Continue', async () => {
    navigate('/grants');
    render(<App />);
    await h1('Transcribe a paper micro-grant application');
    press('Start now');
    await h1('How was the paper form received?');
    expect((screen.getByLabelText('Your name') as HTMLInputElement).value).toBe('');
    press('Continue');
    await waitFor(() =>
      expect(summaryTexts()).toEqual([
        'Select how the paper form was received',
        'Enter date received',
        'Enter your name',
      ]),
    );
    choose('Handed in');
    type('Day', '31');
    type('Month', '3');
    type('Year', '2023');
    type('Your name', 'Sam Worker');
    press('Continue');
    await h1('About the organisation');
  });

  it('refuses a budget that does not add up, naming both figures, and stores pence', async () => {
    const id = await open('money');
    await h1('Money');
    type('Amount requested', '1,500');
    type('What line 1 pays for', 'Hall hire');
    type('Line 1 amount', '1,450');
    press('Continue');
    await waitFor(() =>
      expect(summaryTexts()).toEqual(['The budget adds up to £1,450 but the amount requested is £1,500']),
    );
    expect(screen.getByText('£1,450')).toBeTruthy(); // the running total
    press('Add another line');
    type('What line 2 pays for', '');
    type('Line 2 amount', 'fifty');
    press('Continue');
    await waitFor(() =>
      expect(summaryTexts()).toEqual([
        'Enter what this line pays for',
        'Enter the amount for this line in pounds, like 250 or 249.99',
      ]),
    );
    type('What line 2 pays for', 'Leaflets');
    type('Line 2 amount', '50');
    press('Continue');
    await h1('Safeguarding and insurance');
    const payload = await payloadOf(id);
    expect(payload?.amountRequestedPence).toBe(150_000);
    expect(payload?.budget).toEqual([
      { item: 'Hall hire', amountPence: 145_000 },
      { item: 'Leaflets', amountPence: 5_000 },
    ]);
  });

  it('compares the account number typed twice, and never shows saved bank details in full', async () => {
    const id = await open('bank');
    await h1('Bank details for payment');
    type('Name on the account', 'Friends of Priory Park');
    type('Sort code', '30 94 30');
    type('Account number', '12345678');
    type('Account number again', '12345687');
    type('First signatory’s name', 'Pat Jones');
    type('Second signatory’s name', 'Pat Jones');
    choose('No');
    press('Continue');
    await waitFor(() =>
      expect(summaryTexts()).toEqual([
        'The account numbers do not match',
        'The 2 signatories must be different people',
        'The 2 signatories must not be related or live at the same address',
      ]),
    );
    type('Account number again', '1234 5678');
    type('Second signatory’s name', 'Sam Patel');
    choose('Yes');
    press('Continue');
    await h1('The declaration');
    const payload = await payloadOf(id);
    expect(payload?.answers).toMatchObject({ sortCode: '309430', accountNumber: '12345678' });
    expect(payload?.answers).not.toHaveProperty('accountNumberAgain');

    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await h1('Bank details for payment');
    expect(screen.getByText(/sort code 30-\*\*-\*\*, account \*\*\*\*5678/)).toBeTruthy();
    expect((screen.getByLabelText('Account number') as HTMLInputElement).value).toBe('');
    expect(document.body.textContent).not.toContain('12345678');
  });

  it('will not submit an unfinished application, and says what is missing', async () => {
    const id = await open('check-answers');
    await h1('Check the application before submitting it');
    expect(screen.getAllByRole('link', { name: /^Answer/ }).length).toBeGreaterThan(10);
    press('Submit application');
    await waitFor(() => expect(summaryTexts()).toContain('Add a photo of each page of the paper form'));
    expect(summaryTexts()).toContain('Answer the section “About the organisation”');
    expect((await getRecord('grant-application', id))?.status).toBe('draft');
  });

  it('refuses a second contact who is the main contact, with the message next to the name', async () => {
    const record = await startGrant('Sam Worker');
    await saveGrantPage(
      record.id,
      'main-contact',
      { mainContactName: 'Pat Jones', mainContactRole: 'Chair', mainContactPhone: '01702123456' },
      'second-contact',
    );
    navigate(`/grants/${record.id}/second-contact`);
    render(<App />);
    await h1('Second contact');
    type('Full name', 'Pat Jones');
    type('Role in the organisation', 'Treasurer');
    type('Phone number', '01702 123456');
    press('Continue');
    const message = 'The second contact must be a different person from the main contact, Pat Jones';
    await waitFor(() => expect(summaryTexts()).toEqual([message]));
    const name = screen.getByLabelText('Full name');
    expect(name.classList.contains('nhsuk-input--error')).toBe(true);
    const described = (name.getAttribute('aria-describedby') ?? '')
      .split(' ')
      .map((describedBy) => document.getElementById(describedBy)?.textContent ?? '')
      .join(' ');
    expect(described).toContain(message);
    expect((await payloadOf(record.id))?.answers).not.toHaveProperty('secondContactName');
    // Another person may share the organisation’s phone number.
    type('Full name', 'Sam Patel');
    press('Continue');
    await h1('About the project');
  });

  it('sends the error summary’s “Add a photo of each page” link to the photos page, and a missing section’s link to its page', async () => {
    const id = await open('check-answers');
    await h1('Check the application before submitting it');
    press('Submit application');
    const summary = await screen.findByRole('alert');
    expect(
      within(summary)
        .getByRole('link', { name: 'Answer the section “About the organisation”' })
        .getAttribute('href'),
    ).toBe(`/grants/${id}/organisation?change=1`);
    fireEvent.click(
      within(summary).getByRole('link', { name: 'Add a photo of each page of the paper form' }),
    );
    await h1('Photos of the paper form');
    expect(window.location.pathname).toBe(`/grants/${id}/photos`);
  });

  it('goes back from the organisation check to the application’s check answers, from its first page and its result', async () => {
    const id = await open('check-answers');
    await h1('Check the application before submitting it');
    fireEvent.click(await screen.findByRole('button', { name: 'Check the organisation’s eligibility' }));
    await h1('About the organisation');
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe(
      `/grants/${id}/check-answers`,
    );
    fireEvent.click(screen.getByRole('link', { name: 'Back' }));
    await h1('Check the application before submitting it');
    await finishEligibleCheck((await onlyCheck()).id);
    navigate(`/check/${(await onlyCheck()).id}/result`);
    await h1('Eligible: Mid and South Essex ICS micro-grant');
    fireEvent.click(screen.getByRole('link', { name: 'Back to the grant application' }));
    await h1('Check the application before submitting it');
  });

  it('shows the latest organisation check on check answers, its outcome in plain words with a link to it, or a prompt to run one', async () => {
    const id = await open('check-answers');
    await h1('Check the application before submitting it');
    await screen.findByText(/The organisation’s eligibility has not been checked yet/);
    press('Check the organisation’s eligibility');
    await h1('About the organisation');
    navigate(`/grants/${id}/check-answers`);
    await h1('Check the application before submitting it');
    await screen.findByText(/An organisation check was started on .* but not finished\./);
    const check = await onlyCheck();
    expect(check.payload.source).toEqual({ type: 'grant-application', id });
    expect(screen.getByRole('link', { name: 'Finish the organisation check' }).getAttribute('href')).toBe(
      `/check/${check.id}/organisation`,
    );
    await finishEligibleCheck(check.id);
    await screen.findByText('The organisation meets every rule of the micro-grant.');
    expect(screen.getByText('Eligible', { selector: 'strong' })).toBeTruthy();
    expect(
      screen.getByRole('link', { name: 'See the organisation check and why' }).getAttribute('href'),
    ).toBe(`/check/${check.id}/result`);
    expect(screen.getByRole('button', { name: 'Check the organisation’s eligibility again' })).toBeTruthy();
  });
});
