// The privacy notice: an in-app page with the version the consent records, linked from the consent page without
// losing what was ticked, and readable by the resident in resident mode.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { createRecord, getRecord } from '../../../../src/app/db/records';
import { PRIVACY_NOTICE } from '../../../../src/app/features/privacy/privacy-notice';
import { enterResidentMode, leaveResidentMode } from '../../../../src/app/features/signup/resident-mode';
import { App } from '../../../../src/app/shell/app';
import { navigate } from '../../../../src/app/shell/router';
import type { SignupPayload } from '../../../../src/shared/signup';
import { signupPayload } from '../../../server/support/api';
import { freshDatabase } from '../../db/fresh-database';
import { choose, continueTo, h1 } from './fill';

beforeEach(() => {
  freshDatabase();
  leaveResidentMode();
});

async function atConsent() {
  const {
    privacyNoticeAccepted: _a,
    privacyNoticeVersion: _v,
    contactConsents: _c,
    sharePartners: _s,
    ...answers
  } = signupPayload().answers as Record<string, unknown>;
  const record = await createRecord<SignupPayload>('signup', { answers, resumeAt: 'consent' });
  navigate(`/signup/${record.id}/consent`);
  render(<App />);
  await h1(/Privacy and contact/);
  return record.id;
}

describe('privacy notice', () => {
  it('the consent page links to the in-app notice of the version it records, and back keeps what was ticked', async () => {
    const id = await atConsent();
    choose('Text messages');
    fireEvent.click(
      screen.getByRole('link', { name: `Read the privacy notice (version ${PRIVACY_NOTICE.version})` }),
    );
    await h1(PRIVACY_NOTICE.title);
    expect(screen.getByText(`Privacy notice version ${PRIVACY_NOTICE.version}`)).toBeTruthy();
    expect(screen.getByText(/information governance team/)).toBeTruthy();
    for (const heading of [
      'What we collect',
      'Who sees it',
      'How long we keep it',
      'Your rights',
      'Contact us',
    ])
      expect(screen.getByRole('heading', { level: 2, name: heading })).toBeTruthy();

    fireEvent.click(screen.getAllByRole('link', { name: 'Back to the sign-up' })[0] as HTMLElement);
    await h1(/Privacy and contact/);
    await waitFor(() =>
      expect((screen.getByLabelText('Text messages') as HTMLInputElement).checked).toBe(true),
    );

    choose(`Privacy notice version ${PRIVACY_NOTICE.version} has been read (or read aloud) and is agreed to`);
    choose('Yes');
    await continueTo('Check the answers before sending');
    const saved = await getRecord<SignupPayload>('signup', id);
    expect(saved?.payload.answers).toMatchObject({
      privacyNoticeVersion: PRIVACY_NOTICE.version,
      contactConsents: ['text'],
    });
  });

  it('in resident mode the resident can open the notice and come back to their sign-up', async () => {
    const id = await atConsent();
    enterResidentMode(id);
    fireEvent.click(screen.getByRole('link', { name: /Read the privacy notice/ }));
    await h1(PRIVACY_NOTICE.title);
    fireEvent.click(screen.getAllByRole('link', { name: 'Back to the sign-up' })[0] as HTMLElement);
    await h1(/Privacy and contact/);
  });

  it('a notice opened on its own goes back home, never to an address outside the sign-up', async () => {
    navigate('/privacy?from=https://example.com/');
    render(<App />);
    await h1(PRIVACY_NOTICE.title);
    expect(screen.getByRole('link', { name: 'Back' }).getAttribute('href')).toBe('/');
  });
});
