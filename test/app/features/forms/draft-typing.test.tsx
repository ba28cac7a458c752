// Typing on a question page is kept in the draft as it changes (no Continue needed), restored when the page opens
// again, removed by Continue, kept on screen and retried while the record is being sent, and never submitted.
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AnchorDatabase } from '../../../../src/app/db/database';
import { createRecord, getRecord } from '../../../../src/app/db/records';
import { useAreaDataForTests } from '../../../../src/app/features/eligibility/eligibility-data';
import { TYPING_KEY, TYPING_SAVE_DELAY_MS } from '../../../../src/app/features/forms/draft-typing';
import { GRANT_PAGES, grantHref } from '../../../../src/app/features/grants/grant-pages';
import { startGrant, submitGrant } from '../../../../src/app/features/grants/grant-store';
import { leaveResidentMode } from '../../../../src/app/features/signup/resident-mode';
import { startSignup, submitSignup } from '../../../../src/app/features/signup/use-signup';
import { App } from '../../../../src/app/shell/app';
import { navigate } from '../../../../src/app/shell/router';
import type { EligibilityCheckPayload } from '../../../../src/shared/eligibility/check-record';
import { realCompact } from '../../../shared/eligibility/fixtures';
import { freshDatabase } from '../../db/fresh-database';
import { continueTo, h1, type } from '../signup/fill';

let _db: AnchorDatabase;
beforeEach(() => {
  _db = freshDatabase();
  leaveResidentMode();
  useAreaDataForTests(realCompact());
});

/** The label of a field of a grant page, as the page shows it. */
const labelOf = (page: keyof typeof GRANT_PAGES, name: string) =>
  GRANT_PAGES[page].fields.find((field) => field.name === name)?.label as string;

const typingIn = async (type: 'signup' | 'eligibility-check' | 'grant-application', id: string) =>
  ((await getRecord(type, id))?.payload as Record<string, unknown> | undefined)?.[TYPING_KEY];
const inputValue = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

/** What a reload does to the screen: everything unmounted, the app rendered again from the store. */
async function reopen(href: string, heading: string | RegExp) {
  cleanup();
  navigate(href);
  render(<App />);
  return h1(heading);
}

describe('typing survives a reload before Continue', () => {
  it('a sign-up page keeps what is typed in the draft without Continue, opens with it, and Continue clears it', async () => {
    const { id } = await startSignup();
    navigate(`/signup/${id}/name`);
    render(<App />);
    await h1('What is the resident’s name?');
    type('First name', 'Ada');
    type('Last name', 'Love');
    await waitFor(async () =>
      expect(await typingIn('signup', id)).toEqual({
        page: 'name',
        values: { firstName: 'Ada', lastName: 'Love', preferredName: '' },
      }),
    );
    // Nothing was validated or saved as an answer.
    expect((await getRecord('signup', id))?.payload).toMatchObject({ answers: {} });
    expect(screen.queryByRole('alert')).toBeNull();

    await reopen(`/signup/${id}/name`, 'What is the resident’s name?');
    expect(inputValue('First name')).toBe('Ada');
    expect(inputValue('Last name')).toBe('Love');

    type('Last name', 'Lovelace');
    await continueTo('What is their date of birth?');
    const record = await getRecord('signup', id);
    expect(record?.payload).toMatchObject({ answers: { firstName: 'Ada', lastName: 'Lovelace' } });
    expect(await typingIn('signup', id)).toBeUndefined();
  });

  it('saves at once when the tab is hidden, and leaving in the app (a link) keeps the typing', async () => {
    const { id } = await startSignup();
    navigate(`/signup/${id}/name`);
    render(<App />);
    await h1('What is the resident’s name?');
    type('First name', 'Grace');
    window.dispatchEvent(new Event('pagehide'));
    await waitFor(async () => expect(await typingIn('signup', id)).toMatchObject({ page: 'name' }));

    type('Last name', 'Hopper');
    navigate('/about'); // unmounts the page before the debounce
    await waitFor(async () =>
      expect(await typingIn('signup', id)).toMatchObject({ values: { lastName: 'Hopper' } }),
    );
    await reopen(`/signup/${id}/name`, 'What is the resident’s name?');
    expect(inputValue('Last name')).toBe('Hopper');
  });

  it('typing left on a page is not sent with the submitted sign-up', async () => {
    const { id } = await startSignup();
    navigate(`/signup/${id}/name`);
    render(<App />);
    await h1('What is the resident’s name?');
    type('First name', 'Left');
    await waitFor(async () => expect(await typingIn('signup', id)).toBeDefined());
    cleanup();
    await submitSignup(id);
    expect(await typingIn('signup', id)).toBeUndefined();
  });

  it('an eligibility check page (the shared form page) keeps its typing across a reload', async () => {
    const check = await createRecord<EligibilityCheckPayload>('eligibility-check', {
      kind: 'resident',
      source: null,
      answers: {},
      result: null,
      override: null,
      resumeAt: 'home',
    });
    navigate(`/check/${check.id}/about`);
    render(<App />);
    await h1('About them');
    fireEvent.input(screen.getByLabelText('Day'), { target: { value: '3' } });
    fireEvent.input(screen.getByLabelText('Year'), { target: { value: '19' } });
    await waitFor(async () =>
      expect(await typingIn('eligibility-check', check.id)).toMatchObject({
        page: 'about',
        values: { dateOfBirth: { day: '3', month: '', year: '19' } },
      }),
    );
    await reopen(`/check/${check.id}/about`, 'About them');
    expect(inputValue('Day')).toBe('3');
    expect(inputValue('Year')).toBe('19');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('a grant page keeps its typing, the bank details page keeps none, and none is sent with the application', async () => {
    const grant = await startGrant('Sam');
    navigate(grantHref(grant.id, 'organisation'));
    render(<App />);
    await h1(GRANT_PAGES.organisation.title);
    type(labelOf('organisation', 'organisationName'), 'Leigh Library Friends');
    await waitFor(async () =>
      expect(await typingIn('grant-application', grant.id)).toMatchObject({
        page: 'organisation',
        values: { organisationName: 'Leigh Library Friends' },
      }),
    );
    await reopen(grantHref(grant.id, 'organisation'), GRANT_PAGES.organisation.title);
    expect(inputValue(labelOf('organisation', 'organisationName'))).toBe('Leigh Library Friends');

    // Bank details are never shown back in full: nothing typed there is kept before Continue.
    await reopen(grantHref(grant.id, 'bank'), GRANT_PAGES.bank.title);
    type('Sort code', '112233');
    await new Promise((resolve) => setTimeout(resolve, TYPING_SAVE_DELAY_MS * 3));
    expect(await typingIn('grant-application', grant.id)).toMatchObject({ page: 'organisation' });

    cleanup();
    await submitGrant(grant.id);
    expect(await typingIn('grant-application', grant.id)).toBeUndefined();
  });
});
