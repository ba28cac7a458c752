// The neighbourhood picker: a postcode plainly outside Mid and South Essex is told so, the list is grouped by
// district and filtered by district and name, and the hint says why there is no lookup as things really are.
import { fireEvent, render, screen, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord } from '../../../../src/app/db/records';
import { useAreaDataForTests } from '../../../../src/app/features/eligibility/eligibility-data';
import { postcodeAreaOutside, whyHere } from '../../../../src/app/features/eligibility/neighbourhood-page';
import { App } from '../../../../src/app/shell/app';
import { navigate } from '../../../../src/app/shell/router';
import type { EligibilityCheckPayload } from '../../../../src/shared/eligibility/check-record';
import { SOUTHEND_2050_AMBITION } from '../../../../src/shared/programmes';
import { realCompact } from '../../../shared/eligibility/fixtures';
import { freshDatabase } from '../../db/fresh-database';
import { signedInAs } from '../../db/signed-in';
import { h1 } from '../signup/fill';

beforeEach(() => {
  freshDatabase();
  useAreaDataForTests(realCompact());
});

async function openPicker(postcode: string) {
  const record = await createRecord<EligibilityCheckPayload>('eligibility-check', {
    kind: 'resident',
    source: null,
    answers: { postcode },
    result: null,
    override: null,
    resumeAt: 'neighbourhood',
  });
  navigate(`/check/${record.id}/neighbourhood`);
  render(<App />);
  await h1('Choose their neighbourhood');
}

describe('neighbourhood picker', () => {
  it('tells a postcode outside Mid and South Essex apart by its postcode area, instead of offering the list', async () => {
    expect(postcodeAreaOutside('SW1A 1AA')).toBe('SW');
    expect(postcodeAreaOutside('B1 1AA')).toBe('B');
    for (const inside of ['SS1 2ND', 'CM1 1AA', 'RM17 5AA', 'CO9 1AA', 'CB9 7AA', 'ss9 1aa'])
      expect(postcodeAreaOutside(inside)).toBeNull();

    await openPicker('SW1A 1AA');
    expect(screen.getByText(/SW1A 1AA is outside Mid and South Essex \(postcode area SW\)/)).toBeTruthy();
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.getByRole('link', { name: 'Change the postcode' })).toBeTruthy();
    fireEvent.click(
      screen.getByRole('button', { name: 'The postcode is right: choose their neighbourhood' }),
    );
    expect((await screen.findAllByRole('radio')).length).toBeGreaterThan(0);
  });

  it('groups the list by district and filters it by district and by name', async () => {
    await openPicker('SS1 9ZA');
    const groups = screen.getAllByRole('group');
    expect(within(groups[0] as HTMLElement).getByText('Southend-on-Sea')).toBeTruthy();

    fireEvent.change(screen.getByLabelText('District'), { target: { value: 'E06000034' } });
    await screen.findByText(/Showing 25 of \d+ neighbourhoods/);
    expect(screen.getAllByRole('group').map((group) => group.querySelector('legend')?.textContent)).toEqual([
      'Thurrock',
    ]);
    fireEvent.input(screen.getByLabelText('Search by name, code or district'), {
      target: { value: '007' },
    });
    // Thurrock 007A to 007F, and Thurrock 018E whose code E01016007 contains 007; no other district's 007s.
    await screen.findByText('7 neighbourhoods match.');
    expect(
      screen
        .getAllByRole('radio')
        .every((radio) => radio.closest('fieldset')?.textContent?.includes('Thurrock')),
    ).toBe(true);
  });

  it('words the no-lookup hint by the real situation: signed out, never synced, or the server has none', async () => {
    const payload = {
      kind: 'resident',
      source: null,
      answers: { postcode: 'SS1 9ZA' },
      result: null,
      override: null,
      resumeAt: 'neighbourhood',
    } as const;
    const data = (receivedAt: string | null) =>
      ({ postcodes: null, programmes: { resident: SOUTHEND_2050_AMBITION, receivedAt } }) as never;
    expect(whyHere(payload, data(null), 'signed-out')).toMatch(/Sign in and sync while online/);
    expect(whyHere(payload, data(null), 'never-synced')).toMatch(/Sync while online/);
    const synced = whyHere(payload, data('2026-11-23T10:00:00.000Z'), 'server-has-none');
    expect(synced).toMatch(/The central team has not loaded one on the server yet/);
    expect(synced).not.toMatch(/Sign in/);

    // On screen: signed in but never synced.
    await signedInAs('u', 'worker1');
    await openPicker('SS1 9ZA');
    expect(await screen.findByText(/Sync while online \(Sync now on the home page\)/)).toBeTruthy();
    expect(screen.queryByText(/Sign in and sync/)).toBeNull();
  });
});
