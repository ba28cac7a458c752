// The sign-up screens: validation on each page, branching, duplicates, check answers, submit, resident mode,
// saving failures, and that a new sign-up starts empty.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AnchorDatabase } from '../../../../src/app/db/database';
import { setPasscode } from '../../../../src/app/db/keyring';
import { listOutbox } from '../../../../src/app/db/outbox';
import { getRecord } from '../../../../src/app/db/records';
import { leaveResidentMode } from '../../../../src/app/features/signup/resident-mode';
import { saveSignup, startSignup } from '../../../../src/app/features/signup/use-signup';
import { App } from '../../../../src/app/shell/app';
import { locationStore, navigate } from '../../../../src/app/shell/router';
import type { SignupPayload } from '../../../../src/shared/signup';
import { freshDatabase } from '../../db/fresh-database';
import { DEFAULT_TEST_WORKER, signedInAs } from '../../db/signed-in';
import { choose, continueTo, dateOfBirth, fillWholeSignup, h1, type } from './fill';

let db: AnchorDatabase;
beforeEach(() => {
  db = freshDatabase();
  leaveResidentMode();
  vi.useRealTimers();
});

async function openNewSignup() {
  const record = await startSignup();
  navigate(`/signup/${record.id}/name`);
  render(<App />);
  await h1('What is the resident’s name?');
  return record.id;
}

const payloadOf = async (id: string) => (await getRecord<SignupPayload>('signup', id))?.payload;
const summary = () => screen.getByRole('alert');
const summaryLinks = () =>
  within(summary())
    .getAllByRole('link')
    .map((link) => link.textContent);

describe('question pages', () => {
  it('shows errors only on Continue, in a focused summary linking to each field and inline, keeping what was typed', async () => {
    await openNewSignup();
    expect(screen.queryByRole('alert')).toBeNull();
    type('Last name', '   ');
    type('Preferred name (optional)', 'Addy');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(document.activeElement).toBe(summary()));
    expect(within(summary()).getByText('There is a problem')).toBeTruthy();
    expect(summaryLinks()).toEqual(['Enter first name', 'Enter last name']);
    expect(within(summary()).getByText('Enter first name').getAttribute('href')).toBe('#firstName');
    expect(document.getElementById('firstName-error')?.textContent).toContain('Enter first name');
    expect((screen.getByLabelText('Preferred name (optional)') as HTMLInputElement).value).toBe('Addy');
    expect(document.title).toMatch(/^Error: /);
    for (const input of document.querySelectorAll('input'))
      expect(input.getAttribute('autocomplete')).toBe('off');
  });

  it('saves the page to the draft on Continue and resumes from it', async () => {
    const id = await openNewSignup();
    type('First name', ' Ada ');
    type('Last name', 'Lovelace');
    await continueTo('What is their date of birth?');
    expect((await payloadOf(id))?.answers).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      preferredName: '',
    });
    expect((await payloadOf(id))?.resumeAt).toBe('date-of-birth');
    fireEvent.click(screen.getByText('Back'));
    await h1('What is the resident’s name?');
    expect((screen.getByLabelText('First name') as HTMLInputElement).value).toBe('Ada');
  });

  it('refuses someone under 16 and a date that is not real', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-23T12:00:00Z') });
    const id = await openNewSignup();
    type('First name', 'Ada');
    type('Last name', 'L');
    await continueTo('What is their date of birth?');
    dateOfBirth('24', '11', '2010');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(summaryLinks()).toEqual(['They must be 16 or older to sign up']));
    dateOfBirth('29', '2', '2007');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(summaryLinks()).toEqual(['Date of birth must be a real date']));
    dateOfBirth('23', '11', '2010');
    await continueTo('What is their address?');
    expect((await payloadOf(id))?.answers.dateOfBirth).toBe('2010-11-23');
  });

  it('normalises the postcode and the mobile number, and asks for a mobile when texts are chosen', async () => {
    const id = await openNewSignup();
    type('First name', 'Ada');
    type('Last name', 'L');
    await continueTo('What is their date of birth?');
    dateOfBirth('1', '1', '1990');
    await continueTo('What is their address?');
    type('Building and street', '1 High Street');
    type('Town or city', 'Southend');
    type('Postcode', 'ss2   6er');
    await continueTo('How can the Trust contact them?');
    choose('Text message');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(summaryLinks()).toEqual(['Enter a mobile number to be called or texted on']));
    type('Mobile number (optional)', '+44 (0)7700 900123');
    await continueTo('Their work at the moment');
    expect((await payloadOf(id))?.answers).toMatchObject({ postcode: 'SS2 6ER', mobile: '+447700900123' });
  });

  it('asks for more when "Something else" is chosen, and keeps "None of these" on its own', async () => {
    const id = await openNewSignup();
    navigate(`/signup/${id}/roles`);
    await h1('Which jobs in health and care interest them?');
    expect(screen.queryByLabelText('What else interests them?')).toBeNull();
    choose('Something else');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await waitFor(() => expect(summaryLinks()).toEqual(['Enter the other role they are interested in']));
    type('What else interests them?', 'Phlebotomy');
    await continueTo('How many hours could they work?');
    navigate(`/signup/${id}/barriers`);
    await h1('Does anything make work harder for them?');
    choose('Childcare');
    choose('None of these');
    expect((screen.getByLabelText('Childcare') as HTMLInputElement).checked).toBe(false);
    choose('Transport');
    expect((screen.getByLabelText('None of these') as HTMLInputElement).checked).toBe(false);
  });
});

describe('the whole flow', () => {
  it('branches past the equality details, checks answers, changes one, submits, and starts the next one empty', async () => {
    const id = await openNewSignup();
    await fillWholeSignup();
    expect(await screen.findByText('SS1 1AA')).toBeTruthy();
    expect(screen.queryByText('What is their ethnic group?')).toBeNull();
    expect(screen.getByText('07700 900123')).toBeTruthy();
    expect(screen.getByText('10 December 1990')).toBeTruthy();

    // Change: choose to answer the equality questions, which opens the details page, then back to check.
    const changeLinks = screen.getAllByRole('link', { name: /Change/ });
    const equalityChange = changeLinks.find((link) => link.textContent?.includes('questions about equality'));
    fireEvent.click(equalityChange as HTMLElement);
    await screen.findByRole('heading', {
      level: 1,
      name: 'Would they like to answer questions about equality?',
    });
    choose('Yes');
    await continueTo('Equality questions');
    choose('White: Irish');
    fireEvent.click(
      document.querySelector('input[name="disability"][value="prefer-not-to-say"]') as HTMLElement,
    );
    fireEvent.click(document.querySelector('input[name="carer"][value="no"]') as HTMLElement);
    await continueTo('Check the answers before sending');
    expect(await screen.findByText('White: Irish')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Submit sign-up' }));
    await h1('Sign-up complete');
    const record = await getRecord<SignupPayload>('signup', id);
    expect(record?.status).toBe('ready');
    expect(record?.payload.answers).toMatchObject({
      privacyNoticeVersion: '2026-11',
      ethnicity: 'white-irish',
    });
    expect((await listOutbox()).map((change) => change.recordId)).toEqual([id]);

    fireEvent.click(screen.getByRole('button', { name: 'Start a new sign-up' }));
    await h1('What is the resident’s name?');
    expect(locationStore.getState().path).not.toContain(id);
    expect((screen.getByLabelText('First name') as HTMLInputElement).value).toBe('');
    expect((screen.getByLabelText('Last name') as HTMLInputElement).value).toBe('');
  });

  it('spaces the confirmation page’s two buttons in an NHS.UK button group', async () => {
    await openNewSignup();
    await fillWholeSignup();
    fireEvent.click(screen.getByRole('button', { name: 'Submit sign-up' }));
    await h1('Sign-up complete');
    const check = screen.getByRole('button', { name: 'Check their eligibility' });
    const another = screen.getByRole('button', { name: 'Start a new sign-up' });
    expect(check.parentElement?.classList.contains('nhsuk-button-group')).toBe(true);
    expect(another.parentElement).toBe(check.parentElement);
  });

  it('asks the hours question again when a draft holds an earlier, overlapping hours band', async () => {
    const id = await openNewSignup();
    await fillWholeSignup();
    await saveSignup(id, (payload) => ({
      ...payload,
      answers: { ...payload.answers, hoursAvailable: '16-to-30' },
    }));
    expect(await screen.findByText('16 to 30 hours a week (earlier bands)')).toBeTruthy();
    expect(screen.getByText('Some questions are not answered yet')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Submit sign-up' }));
    await h1('How many hours could they work?');
    expect((await getRecord<SignupPayload>('signup', id))?.status).toBe('draft');
    expect(screen.queryByRole('radio', { checked: true })).toBeNull();
    choose('16 to 29 hours a week');
    await continueTo('Check the answers before sending');
    expect((await payloadOf(id))?.answers.hoursAvailable).toBe('16-to-29');
  });

  it('points out a possible duplicate before going on, and lets the worker open it or continue', async () => {
    await openNewSignup();
    await fillWholeSignup();
    fireEvent.click(screen.getByRole('button', { name: 'Submit sign-up' }));
    await h1('Sign-up complete');
    fireEvent.click(screen.getByRole('button', { name: 'Start a new sign-up' }));
    await h1('What is the resident’s name?');
    await fillWholeSignup({ first: 'ADA', last: 'lovelace', postcode: 'SS11AA' });
    await screen.findByRole('heading', {
      level: 1,
      name: 'This person may already be signed up on this tablet',
    });
    expect(await screen.findByRole('link', { name: /Open sign-up/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Continue with this sign-up' }));
    await h1('How can the Trust contact them?');
  });

  it('keeps the input on screen and says so plainly when the tablet is full', async () => {
    const id = await openNewSignup();
    db.signups.hook('updating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    type('First name', 'Ada');
    type('Last name', 'Lovelace');
    fireEvent.click(screen.getByRole('button', { name: 'Continue' }));
    await screen.findByText(/This tablet has run out of space/);
    expect((screen.getByLabelText('First name') as HTMLInputElement).value).toBe('Ada');
    expect(await h1('What is the resident’s name?')).toBeTruthy();
    expect((await payloadOf(id))?.answers).toEqual({});
  });
});

describe('resident mode', () => {
  it('shows only this sign-up in plain words, and only the worker can leave, with their passcode', async () => {
    // The worker's key entry in this test's database, with a passcode.
    await signedInAs(DEFAULT_TEST_WORKER);
    await setPasscode('24681357');
    const id = await openNewSignup();
    expect(screen.getByRole('navigation', { name: 'Menu' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Hand the tablet to the resident' }));
    await h1('What is your name?');
    expect(screen.queryByRole('navigation', { name: 'Menu' })).toBeNull();
    expect(document.body.classList.contains('app-resident-mode')).toBe(true);

    navigate('/records');
    await waitFor(() => expect(locationStore.getState().path).toBe(`/signup/${id}/name`));
    await h1('What is your name?');

    fireEvent.click(screen.getByText('Give the tablet back to the outreach worker'));
    await h1('Give the tablet back to the outreach worker');
    const leave = () => fireEvent.click(screen.getByRole('button', { name: 'Leave resident mode' }));
    leave();
    expect((await screen.findAllByText('Enter your passcode')).length).toBeGreaterThan(0);
    type('Outreach worker’s passcode', '11111111');
    leave();
    expect(
      (await screen.findAllByText('That passcode is not right. 9 tries left before you must sign in online.'))
        .length,
    ).toBeGreaterThan(0);
    expect(document.body.classList.contains('app-resident-mode')).toBe(true);
    expect(screen.queryByRole('navigation', { name: 'Menu' })).toBeNull();

    type('Outreach worker’s passcode', '24681357');
    leave();
    await h1('What is the resident’s name?');
    expect(screen.getByRole('navigation', { name: 'Menu' })).toBeTruthy();
    expect(document.body.classList.contains('app-resident-mode')).toBe(false);
  });
});
