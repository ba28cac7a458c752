// The console's record page: answers labelled as on the tablet, the tablet's eligibility beside the server's
// re-check, the review form (allowed moves, a reason when approving needs one, the server's refusals next to the
// field they are about), bank details masked until revealed, photos as object URLs released on leaving, history.
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../../src/app/shell/app';
import { appState } from '../../../../src/app/shell/app-state';
import { navigate } from '../../../../src/app/shell/router';
import type { RecordDetail } from '../../../../src/shared/console';
import {
  apiError,
  CONSOLE_TEST_TIMEOUT_MS,
  CONSOLE_WAIT_MS,
  grantDetail,
  json,
  type SeenRequest,
  signInCoordinator,
  signOutCoordinator,
  signupDetail,
  stubConsoleApi,
  stubObjectUrls,
} from './console-api';

configure({ asyncUtilTimeout: CONSOLE_WAIT_MS });

let urls: ReturnType<typeof stubObjectUrls>;

beforeEach(() => {
  signInCoordinator();
  appState.setState({ online: true });
  urls = stubObjectUrls();
});

afterEach(() => {
  vi.unstubAllGlobals();
  signOutCoordinator();
  urls.restore();
});

const PHOTO_BYTES = new Uint8Array([0xff, 0xd8, 0xff, 0xd9]);

/** Answers the record's page and its photo; `review` answers POST .../review. */
function serve(detail: RecordDetail, review?: (request: SeenRequest) => Response) {
  return stubConsoleApi((request) => {
    if (request.path === `/records/${detail.item.id}` && request.method === 'GET') return json(detail);
    if (request.path === `/records/${detail.item.id}/review`) return review?.(request);
    if (request.path === `/records/${detail.item.id}/reveal-bank`)
      return json({
        accountName: 'Leigh Community Larder',
        sortCode: '309634',
        accountNumber: '12345678',
        buildingSocietyRoll: null,
      });
    if (request.path.startsWith('/attachments/'))
      return new Response(PHOTO_BYTES, { headers: { 'content-type': 'image/jpeg' } });
    return undefined;
  });
}

const open = async (detail: RecordDetail) => {
  navigate(`/coordinator/records/${detail.item.id}`);
  render(<App />);
  await screen.findByRole('heading', { level: 1, name: new RegExp(detail.item.reference) });
};

describe('the console’s record page', { timeout: CONSOLE_TEST_TIMEOUT_MS }, () => {
  it('shows a sign-up’s answers labelled as on the tablet, who made it, and its history', async () => {
    const detail = signupDetail();
    serve(detail);
    await open(detail);
    const heading = screen.getByRole('heading', {
      level: 1,
      name: new RegExp(`Sign-up ${detail.item.reference}$`),
    });
    expect(heading.textContent).toContain('Ada Lovelace');
    const row = (key: string) => screen.getByText(key, { selector: 'dt' }).nextElementSibling?.textContent;
    expect(row('First name')).toBe('Ada');
    expect(row('What is their date of birth?')).toBe('10 December 1990');
    expect(row('Mobile number')).toBe('07700 900123');
    expect(row('Made by')).toBe('worker1');
    expect(row('District')).toBe('Southend-on-Sea');
    expect(
      within(screen.getByTestId('record-history')).getByText('Received from the tablet (version 1)'),
    ).toBeTruthy();
    expect(screen.getByTestId('tablet-eligibility').textContent).toContain(
      'No check was recorded on the tablet.',
    );
  });

  it('shows the tablet’s eligibility result beside the server’s re-check', async () => {
    const detail = grantDetail();
    serve(detail);
    await open(detail);
    const tablet = screen.getByTestId('tablet-eligibility');
    const server = screen.getByTestId('server-eligibility');
    expect(tablet.textContent).toContain('Eligible');
    expect(tablet.textContent).toContain('Received inside the round’s window.');
    expect(server.textContent).toContain('Not eligible');
    expect(server.textContent).toContain('Received after the round closed.');
  });

  it('offers only the allowed moves, and sends the move with the state it saw and the note', async () => {
    const detail = signupDetail();
    const seen = serve(detail, () => json({ ...detail.record, review: null }));
    await open(detail);
    const form = within(screen.getByTestId('review-form'));
    expect(form.getAllByRole('radio').map((radio) => radio.nextElementSibling?.textContent)).toEqual([
      'Contacted',
      'Not eligible',
      'Withdrawn',
    ]);
    fireEvent.click(form.getByLabelText('Contacted'));
    fireEvent.input(form.getByLabelText('Note (optional)'), { target: { value: ' Rang her back ' } });
    fireEvent.click(form.getByRole('button', { name: 'Save review' }));
    await screen.findByText('Moved to Contacted. The worker’s tablet shows it after its next sync.');
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({
      state: 'contacted',
      expected: null,
      note: 'Rang her back',
    });
    // Read again after saving, so the page shows the new state and history.
    await waitFor(() =>
      expect(seen.filter((request) => request.path === `/records/${detail.item.id}`)).toHaveLength(2),
    );
  });

  it('asks for a reason when approving against the server’s re-check, next to the reason field, before sending', async () => {
    const detail = grantDetail();
    const seen = serve(detail, () => json(detail.record));
    await open(detail);
    const form = within(screen.getByTestId('review-form'));
    expect(form.queryByLabelText('Why approve it?')).toBeNull();
    fireEvent.click(form.getByLabelText('Approved'));
    const reason = await form.findByLabelText('Why approve it?');
    fireEvent.click(form.getByRole('button', { name: 'Save review' }));
    await waitFor(() =>
      expect(document.getElementById('review-reason-error')?.textContent).toContain(
        'Enter why you are approving it',
      ),
    );
    expect(reason.getAttribute('aria-describedby')).toContain('review-reason-error');
    expect(seen.some((request) => request.method === 'POST')).toBe(false);

    fireEvent.input(reason, { target: { value: 'Posted before the deadline; the postmark shows it.' } });
    fireEvent.click(form.getByRole('button', { name: 'Save review' }));
    await screen.findByTestId('review-saved');
    expect(seen.find((request) => request.method === 'POST')?.body).toEqual({
      state: 'approved',
      expected: 'under-review',
      reason: 'Posted before the deadline; the postmark shows it.',
    });
  });

  it('shows the server’s reason-required next to the reason field, even when the page did not know', async () => {
    const detail = grantDetail({ approvalNeedsReason: false });
    serve(detail, () =>
      apiError(
        422,
        'reason-required',
        'The server’s check does not find it eligible: say why you approve it.',
      ),
    );
    await open(detail);
    const form = within(screen.getByTestId('review-form'));
    fireEvent.click(form.getByLabelText('Approved'));
    fireEvent.click(form.getByRole('button', { name: 'Save review' }));
    await waitFor(() =>
      expect(document.getElementById('review-reason-error')?.textContent).toContain(
        'The server’s check does not find it eligible: say why you approve it.',
      ),
    );
    expect(form.getByLabelText('Why approve it?')).toBeTruthy();
  });

  it.each([
    ['pot-exceeded', 409, 'Approving this would take approved grants past the pot.'],
    ['outside-round', 409, 'This application was received outside any round.'],
    ['review-move-refused', 409, 'An application under review cannot move to that state.'],
  ])('shows %s next to the state’s radios', async (code, status, message) => {
    const detail = grantDetail();
    serve(detail, () => apiError(status, code, message));
    await open(detail);
    const form = within(screen.getByTestId('review-form'));
    fireEvent.click(form.getByLabelText('Declined'));
    fireEvent.click(form.getByRole('button', { name: 'Save review' }));
    await waitFor(() =>
      expect(document.getElementById('review-state-error')?.textContent).toContain(message),
    );
    expect(screen.getByRole('alert').textContent).toContain(message);
  });

  it('on review-stale shows the message by the radios and reads the record again for the moves allowed now', async () => {
    const detail = grantDetail();
    const moved = grantDetail({
      item: { ...detail.item, reviewState: 'approved' },
      allowedMoves: ['paid', 'declined'],
    });
    let reads = 0;
    stubConsoleApi((request) => {
      if (request.path === `/records/${detail.item.id}`) return json(reads++ === 0 ? detail : moved);
      if (request.path.endsWith('/review'))
        return apiError(409, 'review-stale', 'Someone else moved this record to Approved. Look again.');
      if (request.path.startsWith('/attachments/')) return new Response(PHOTO_BYTES);
      return undefined;
    });
    await open(detail);
    fireEvent.click(screen.getByLabelText('Declined'));
    fireEvent.click(screen.getByRole('button', { name: 'Save review' }));
    await waitFor(() =>
      expect(document.getElementById('review-state-error')?.textContent).toContain(
        'Someone else moved this record',
      ),
    );
    await screen.findByLabelText('Paid');
  });

  it('masks bank details until “Reveal bank details”, which asks the server (audited there)', async () => {
    const detail = grantDetail();
    const seen = serve(detail);
    await open(detail);
    const bank = screen.getByText('Bank details for payment').closest('section') as HTMLElement;
    expect(bank.textContent).toContain('30-**-**');
    expect(bank.textContent).toContain('****5678');
    expect(bank.textContent).not.toContain('12345678');
    expect(seen.some((request) => request.path.endsWith('/reveal-bank'))).toBe(false);
    fireEvent.click(within(bank).getByRole('button', { name: 'Reveal bank details' }));
    const revealed = await within(bank).findByTestId('bank-revealed');
    expect(revealed.textContent).toContain('309634');
    expect(revealed.textContent).toContain('12345678');
    expect(seen.find((request) => request.path.endsWith('/reveal-bank'))?.method).toBe('POST');
  });

  it('shows photos from object URLs made from the fetched bytes and releases them on leaving', async () => {
    const detail = grantDetail();
    const seen = serve(detail);
    await open(detail);
    const image = (await screen.findByAltText('Page 1 of the paper form')) as HTMLImageElement;
    expect(image.getAttribute('src')).toBe(urls.made[0]?.url);
    expect([...new Uint8Array(await (urls.made[0] as { blob: Blob }).blob.arrayBuffer())]).toEqual([
      ...PHOTO_BYTES,
    ]);
    expect(seen.find((request) => request.path.startsWith('/attachments/'))?.authorization).toMatch(
      /^Bearer /,
    );
    navigate('/coordinator/reach');
    await waitFor(() => expect(urls.revoked).toEqual([urls.made[0]?.url]));
  });

  it('says so when the record does not exist', async () => {
    stubConsoleApi(() => apiError(404, 'record-not-found', 'There is no record with that id.'));
    navigate('/coordinator/records/0190a000-0000-7000-8000-00000000ffff');
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: 'Record not found' });
  });
});
