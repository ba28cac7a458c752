// A record's page and the list on this tablet: answers as the flow's check-answers shows them (bank details
// masked, never raw JSON), who made it, the central team's review, and names in the list with a search by name.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord, markReady } from '../../../src/app/db/records';
import { applyPull } from '../../../src/app/db/sync-queue';
import { recordReference } from '../../../src/app/features/record-reference';
import { App } from '../../../src/app/shell/app';
import { navigate } from '../../../src/app/shell/router';
import { MICRO_GRANT, SOUTHEND_2050_AMBITION } from '../../../src/shared/programmes';
import { freshDatabase } from '../db/fresh-database';
import { signedInAs } from '../db/signed-in';

beforeEach(() => {
  freshDatabase();
});

const GRANT = {
  answers: {
    organisationName: 'Leigh Lunch Club',
    accountName: 'Leigh Lunch Club',
    sortCode: '401276',
    accountNumber: '31926819',
    accountNumberAgain: '31926819',
    receivedBy: 'post',
    receivedOn: '2025-03-04',
  },
  amountRequestedPence: 90_000,
  budget: [{ item: 'Food', amountPence: 90_000 }],
  resumeAt: 'check-answers',
  pagesDone: [],
};

async function review(record: { type: 'signup' | 'grant-application' | 'eligibility-check'; id: string }) {
  await applyPull({
    cursor: '1',
    hasMore: false,
    reference: {
      programmes: [SOUTHEND_2050_AMBITION, MICRO_GRANT],
      fundsRemaining: [],
      postcodeLookupVersion: null,
    },
    updates: [
      {
        cursor: '1',
        recordId: record.id,
        recordType: record.type,
        recordVersion: 1,
        review: {
          decision: 'under-review',
          note: 'Please send the bank statement.',
          decidedAt: '2025-03-10T09:30:00.000Z',
        },
      },
    ],
    disabledWorkers: [],
  });
}

const main = () => document.querySelector('main') as HTMLElement;

describe('a record’s page', () => {
  it('shows a grant application’s answers labelled as on check answers, bank details masked, no raw JSON', async () => {
    const grant = await createRecord('grant-application', GRANT);
    navigate(`/records/grant-application/${grant.id}`);
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: /Grant application/ });
    const organisation = await screen.findByText('Organisation name', { selector: 'dt' });
    expect(organisation.nextElementSibling?.textContent).toBe('Leigh Lunch Club');
    expect(screen.getByText('Sort code', { selector: 'dt' }).nextElementSibling?.textContent).toBe(
      '40-**-**',
    );
    expect(screen.getByText('Account number', { selector: 'dt' }).nextElementSibling?.textContent).toBe(
      '****6819',
    );
    expect(screen.getByText('Amount requested', { selector: 'dt' }).nextElementSibling?.textContent).toBe(
      '£900',
    );
    const text = main().textContent ?? '';
    expect(text).not.toContain('31926819');
    expect(text).not.toContain('401276');
    expect(text).not.toContain('accountNumber');
    expect(text).not.toContain('{');
  });

  it('shows a sign-up’s answers with their questions and says who made it when that worker is signed in', async () => {
    await signedInAs('worker-1', 'amir.k');
    const signup = await createRecord('signup', {
      answers: { firstName: 'Sara', lastName: 'Ahmed', dateOfBirth: '1990-05-17' },
      resumeAt: 'address',
    });
    navigate(`/records/signup/${signup.id}`);
    render(<App />);
    const madeBy = await screen.findByText('Made by', { selector: 'dt' });
    await waitFor(() => expect(madeBy.nextElementSibling?.textContent).toBe('amir.k'));
    expect(main().textContent).toContain('17 May 1990');
    expect(main().textContent).not.toContain('1990-05-17');
  });

  it('says who made it, and opens another worker’s record to nobody else: it is sealed under their key', async () => {
    await signedInAs('worker-1', 'amir.k');
    const theirs = await createRecord('signup', { answers: { firstName: 'Sara' }, resumeAt: 'name' });
    navigate(`/records/signup/${theirs.id}`);
    const { unmount } = render(<App />);
    const madeBy = await screen.findByText('Made by', { selector: 'dt' });
    await waitFor(() => expect(madeBy.nextElementSibling?.textContent).toBe('amir.k'));
    unmount();
    await signedInAs('worker-2', 'bea');
    render(<App />);
    await screen.findByText('This record belongs to another worker on this tablet.');
    expect(screen.queryByText('Sara')).toBeNull();
  });

  it('shows the central team’s decision and note on the page and as a tag in the list', async () => {
    const grant = await markReady('grant-application', (await createRecord('grant-application', GRANT)).id);
    await review(grant);
    navigate(`/records/grant-application/${grant.id}`);
    const { unmount } = render(<App />);
    await screen.findByRole('heading', { level: 2, name: 'The central team’s review' });
    expect(screen.getByText('Decision', { selector: 'dt' }).nextElementSibling?.textContent).toBe(
      'Under review',
    );
    expect(screen.getByText('Please send the bank statement.')).toBeTruthy();
    expect(screen.getByText('Decided', { selector: 'dt' }).nextElementSibling?.textContent).toMatch(/2025/);
    unmount();

    navigate('/records?type=grant-application');
    render(<App />);
    const list = await screen.findByTestId('record-list');
    const row = within(list).getByText('Leigh Lunch Club').closest('tr') as HTMLElement;
    expect(within(row).getByText('Under review').className).toContain('nhsuk-tag');
  });
});

describe('the list on this tablet', () => {
  async function seed() {
    const sara = await createRecord('signup', {
      answers: { firstName: 'Sara', lastName: 'Ahmed', mobile: '+447700900123' },
    });
    const tom = await createRecord('signup', { answers: { firstName: 'Tom', lastName: 'Saraband' } });
    const ola = await createRecord('signup', { answers: { firstName: 'Ola', lastName: 'Nowak' } });
    const blank = await createRecord('signup', { answers: {} });
    return { sara, tom, ola, blank };
  }

  const listedNames = () =>
    within(screen.getByTestId('record-list'))
      .getAllByRole('row')
      .slice(1)
      .map((row) => row.querySelectorAll('td')[0]?.textContent);

  it('names each record beside its reference, and shows no other answer', async () => {
    const { sara } = await seed();
    await createRecord('eligibility-check', { kind: 'resident', answers: { postcode: 'SS1 9ZA' } });
    await createRecord('eligibility-check', { kind: 'organisation', answers: {} });
    navigate('/records?type=signup');
    const { unmount } = render(<App />);
    await screen.findByText('Showing 1 to 4 of 4, most recently changed first.');
    expect(listedNames()).toEqual(['No name yet', 'Ola Nowak', 'Tom Saraband', 'Sara Ahmed']);
    const row = screen.getByText('Sara Ahmed').closest('tr') as HTMLElement;
    expect(row.textContent).toContain(recordReference(sara.id));
    expect(screen.getByTestId('record-list').textContent).not.toContain('07700');
    unmount();
    navigate('/records?type=eligibility-check');
    render(<App />);
    await screen.findByText('Showing 1 to 2 of 2, most recently changed first.');
    expect(listedNames()).toEqual(['Organisation check', 'SS1 9ZA']);
  });

  it('finds records by name, whatever the case, within the chosen status', async () => {
    const { sara } = await seed();
    await markReady('signup', sara.id);
    navigate('/records?type=signup');
    render(<App />);
    await screen.findByText('Showing 1 to 4 of 4, most recently changed first.');
    fireEvent.input(screen.getByLabelText('Find sign-ups by name'), { target: { value: '  SARA ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByText('Showing 1 to 2 of 2, most recently changed first.');
    expect(listedNames()).toEqual(['Sara Ahmed', 'Tom Saraband']);

    fireEvent.click(screen.getByText('Waiting to send', { selector: 'a' }));
    await screen.findByText('Showing 1 to 1 of 1, most recently changed first.');
    expect(listedNames()).toEqual(['Sara Ahmed']);
  });

  it('says so when no record has that name', async () => {
    await seed();
    navigate('/records?type=signup&name=Zed');
    render(<App />);
    await screen.findByText('There are no sign-ups named “zed” on this tablet.');
  });
});
