// "On this tablet": counts by type and status, filtering, newest first, paging, and opening a record.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord, markReady } from '../../../src/app/db/records';
import { applyPushResults, takeBatch } from '../../../src/app/db/sync-queue';
import { NEEDS_ATTENTION_HREF } from '../../../src/app/features/on-this-tablet/records-page';
import { recordReference } from '../../../src/app/features/record-reference';
import { App } from '../../../src/app/shell/app';
import { navigate } from '../../../src/app/shell/router';
import { freshDatabase } from '../db/fresh-database';

beforeEach(() => {
  freshDatabase();
});

async function seed() {
  const signups = [];
  for (let i = 0; i < 23; i++) signups.push(await createRecord('signup', { n: i }));
  for (const record of signups.slice(0, 3)) await markReady('signup', record.id);
  await createRecord('grant-application', { n: 100 });
  return signups;
}

describe('On this tablet', () => {
  it('shows counts by type and status, each linking to its list', async () => {
    await seed();
    navigate('/records');
    render(<App />);
    const signupRow = await screen.findByTestId('counts-signup');
    await waitFor(() => expect(within(signupRow).getByText('20')).toBeTruthy());
    expect(signupRow.querySelector('[data-status="ready"]')?.textContent).toBe('3');
    expect(signupRow.querySelector('[data-status="total"]')?.textContent).toBe('23');
    const grantRow = screen.getByTestId('counts-grant-application');
    expect(grantRow.querySelector('[data-status="draft"] a')?.getAttribute('href')).toBe(
      '/records?type=grant-application&status=draft',
    );
  });

  it('lists newest first, 20 to a page, and pages on', async () => {
    const signups = await seed();
    navigate('/records?type=signup');
    render(<App />);
    await screen.findByText('Showing 1 to 20 of 23, most recently changed first.');
    const rows = within(screen.getByTestId('record-list')).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(20);
    // The three marked ready were changed last, so they lead the list.
    expect(rows[0]?.textContent).toContain(recordReference(signups[2]?.id ?? ''));
    fireEvent.click(screen.getByText('Page 2'));
    await screen.findByText('Showing 21 to 23 of 23, most recently changed first.');
    expect(within(screen.getByTestId('record-list')).getAllByRole('row')).toHaveLength(4);
  });

  it('filters by status and opens a record', async () => {
    const signups = await seed();
    navigate('/records?type=signup&status=ready');
    render(<App />);
    await screen.findByText('Showing 1 to 3 of 3, most recently changed first.');
    const reference = recordReference(signups[0]?.id ?? '');
    const row = screen.getByText(reference).closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('link'));
    await screen.findByRole('heading', { level: 1, name: new RegExp(`Sign-up ${reference}$`) });
    expect(screen.getByText('Waiting to send')).toBeTruthy();
  });

  it('lists the records of every type that need attention together, conflicts included, at /records?status=needs-attention', async () => {
    const signup = await createRecord('signup', { n: 1 });
    const check = await createRecord('eligibility-check', { kind: 'resident', answers: {} });
    const grant = await createRecord('grant-application', { n: 3 });
    const fine = await createRecord('signup', { n: 4 });
    for (const record of [signup, check, grant, fine]) await markReady(record.type, record.id);
    const batch = await takeBatch({ maxChanges: 10, maxBytes: 1_000_000 });
    await applyPushResults(
      batch,
      batch.changes.map(({ change }) => {
        if (change.recordId === fine.id)
          return { changeId: change.changeId, status: 'applied', recordVersion: 1 };
        if (change.recordId === check.id) {
          return {
            changeId: change.changeId,
            status: 'conflict',
            recordVersion: 2,
            error: { code: 'version-conflict', message: 'Changed centrally.' },
            server: { version: 2, payload: { n: 20 }, updatedAt: new Date().toISOString() },
          };
        }
        return {
          changeId: change.changeId,
          status: 'rejected',
          error: { code: 'invalid-payload', message: 'Not complete.' },
        };
      }),
    );
    await createRecord('signup', { n: 5 }); // a draft: not listed

    expect(NEEDS_ATTENTION_HREF).toBe('/records?status=needs-attention');
    navigate(NEEDS_ATTENTION_HREF);
    render(<App />);
    await screen.findByRole('heading', { level: 2, name: 'Records that need attention' });
    await screen.findByText('Showing 1 to 3 of 3, most recently changed first.');
    const rows = within(screen.getByTestId('record-list')).getAllByRole('row').slice(1);
    const listed = rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent));
    expect(listed.map(([type, _name, reference, status]) => [type, reference, status]).sort()).toEqual(
      [
        ['Sign-up', recordReference(signup.id), 'Needs attention'],
        ['Eligibility check', recordReference(check.id), 'Changed in two places'],
        ['Grant application', recordReference(grant.id), 'Needs attention'],
      ].sort(),
    );
  });

  it('says so when there is nothing of a kind on the tablet', async () => {
    navigate('/records?type=eligibility-check&status=needs-attention');
    render(<App />);
    await screen.findByText('There are no eligibility checks: needs attention on this tablet.');
  });
});
