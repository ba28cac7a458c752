// The console's records list: the filters build the API query (and the address), a bad date is refused next to
// its field, paging follows the server's cursor, a bulk review shows what was saved and what failed, and the CSV
// export streams with progress and saves the file.
import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { App } from '../../../../src/app/shell/app';
import { appState } from '../../../../src/app/shell/app-state';
import { locationStore, navigate } from '../../../../src/app/shell/router';
import { CsvRowCounter } from '../../../../src/app/sync/console/records';
import {
  CONSOLE_TEST_TIMEOUT_MS,
  CONSOLE_WAIT_MS,
  json,
  listItem,
  type SeenRequest,
  signInCoordinator,
  signOutCoordinator,
  stubConsoleApi,
  stubObjectUrls,
  WORKER_ID,
} from './console-api';

configure({ asyncUtilTimeout: CONSOLE_WAIT_MS });

const ACCOUNTS = {
  accounts: [
    { id: WORKER_ID, username: 'worker1', role: 'worker', createdAt: '', disabledAt: null, devices: [] },
    {
      id: '0190a000-0000-7000-8000-0000000000c1',
      username: 'carol',
      role: 'coordinator',
      createdAt: '',
      disabledAt: null,
      devices: [],
    },
  ],
};

beforeEach(() => {
  signInCoordinator();
  appState.setState({ online: true });
});

afterEach(() => {
  vi.unstubAllGlobals();
  signOutCoordinator();
});

const listRequests = (seen: SeenRequest[]) => seen.filter((request) => request.path === '/records');
const choose = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
const type = (label: string, value: string) =>
  fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe('the console’s records list', { timeout: CONSOLE_TEST_TIMEOUT_MS }, () => {
  it('builds the list query from every filter and keeps it in the address', async () => {
    const seen = stubConsoleApi((request) =>
      request.path === '/accounts'
        ? json(ACCOUNTS)
        : request.path === '/records'
          ? json({ records: [], total: 0, nextCursor: null })
          : undefined,
    );
    navigate('/coordinator/records');
    render(<App />);
    await screen.findByText('No records match these filters.');
    expect(listRequests(seen)[0]?.query.toString()).toBe('limit=50');
    // Workers only are offered by name.
    await screen.findByRole('option', { name: 'worker1' });
    expect(screen.queryByRole('option', { name: 'carol' })).toBeNull();

    choose('Type', 'grant-application');
    choose('Review state', 'approved');
    choose('Eligibility on the tablet', 'not-eligible');
    choose('Worker', WORKER_ID);
    choose('District', 'E06000033');
    choose('IMD 2025 decile', '2');
    const from = within(screen.getByRole('group', { name: 'Made on or after' }));
    fireEvent.input(from.getByLabelText('Day'), { target: { value: '1' } });
    fireEvent.input(from.getByLabelText('Month'), { target: { value: '4' } });
    fireEvent.input(from.getByLabelText('Year'), { target: { value: '2026' } });
    const to = within(screen.getByRole('group', { name: 'Made on or before' }));
    fireEvent.input(to.getByLabelText('Day'), { target: { value: '30' } });
    fireEvent.input(to.getByLabelText('Month'), { target: { value: '11' } });
    fireEvent.input(to.getByLabelText('Year'), { target: { value: '2026' } });
    type('Search', '  Larder ');
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));

    await waitFor(() => expect(listRequests(seen)).toHaveLength(2));
    const query = Object.fromEntries(listRequests(seen)[1]?.query ?? []);
    expect(query).toEqual({
      type: 'grant-application',
      review: 'approved',
      eligibility: 'not-eligible',
      worker: WORKER_ID,
      district: 'E06000033',
      decile: '2',
      from: '2026-04-01',
      to: '2026-11-30',
      q: 'Larder',
      limit: '50',
    });
    expect(Object.fromEntries(locationStore.getState().query)).toEqual({
      type: 'grant-application',
      review: 'approved',
      eligibility: 'not-eligible',
      worker: WORKER_ID,
      district: 'E06000033',
      decile: '2',
      from: '2026-04-01',
      to: '2026-11-30',
      q: 'Larder',
    });
    // The form shows the filters the address holds.
    expect((screen.getByLabelText('Type') as HTMLSelectElement).value).toBe('grant-application');
    expect((screen.getByLabelText('Search') as HTMLInputElement).value).toBe('Larder');
  });

  it('refuses a date that does not exist next to its field, and asks for nothing', async () => {
    const seen = stubConsoleApi((request) =>
      request.path === '/accounts'
        ? json(ACCOUNTS)
        : request.path === '/records'
          ? json({ records: [], total: 0, nextCursor: null })
          : undefined,
    );
    navigate('/coordinator/records');
    render(<App />);
    await screen.findByText('No records match these filters.');
    const to = within(screen.getByRole('group', { name: 'Made on or before' }));
    fireEvent.input(to.getByLabelText('Day'), { target: { value: '31' } });
    fireEvent.input(to.getByLabelText('Month'), { target: { value: '4' } });
    fireEvent.input(to.getByLabelText('Year'), { target: { value: '2026' } });
    fireEvent.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(document.getElementById('filter-to-error')?.textContent).toContain(
        'The to date must be a real date',
      ),
    );
    expect(listRequests(seen)).toHaveLength(1);
  });

  it('pages on with the server’s cursor and back again', async () => {
    const first = Array.from({ length: 50 }, () => listItem());
    const second = [listItem({ displayName: 'Last One' })];
    const seen = stubConsoleApi((request) => {
      if (request.path === '/accounts') return json(ACCOUNTS);
      if (request.path !== '/records') return undefined;
      return request.query.get('cursor') === 'page-2'
        ? json({ records: second, total: 51, nextCursor: null })
        : json({ records: first, total: 51, nextCursor: 'page-2' });
    });
    navigate('/coordinator/records?type=signup');
    render(<App />);
    await screen.findByText('Showing 1 to 50 of 51 records, newest first.');
    fireEvent.click(screen.getByRole('link', { name: /Next/ }));
    await screen.findByText('Showing 51 to 51 of 51 records, newest first.');
    expect(listRequests(seen)[1]?.query.get('cursor')).toBe('page-2');
    expect(listRequests(seen)[1]?.query.get('type')).toBe('signup');
    screen.getByText('Last One');
    fireEvent.click(screen.getByRole('link', { name: /Previous/ }));
    await screen.findByText('Showing 1 to 50 of 51 records, newest first.');
    expect(listRequests(seen)[2]?.query.has('cursor')).toBe(false);
  });

  it('moves a selection in one bulk review and shows what was saved and what failed', async () => {
    const moved = listItem({ displayName: 'Moved Person' });
    const refused = listItem({ displayName: 'Refused Person', reviewState: 'enrolled' });
    const untouched = listItem({ displayName: 'Untouched Person' });
    const seen = stubConsoleApi((request) => {
      if (request.path === '/accounts') return json(ACCOUNTS);
      if (request.path === '/records')
        return json({ records: [moved, refused, untouched], total: 3, nextCursor: null });
      if (request.path === '/records/review' && request.method === 'POST')
        return json({
          saved: [moved.id],
          failed: [
            {
              id: refused.id,
              code: 'review-move-refused',
              message: 'An enrolled sign-up cannot be contacted.',
            },
          ],
        });
      return undefined;
    });
    navigate('/coordinator/records?type=signup');
    render(<App />);
    await screen.findByText('Moved Person');
    fireEvent.click(screen.getByLabelText(`Select ${moved.reference}`));
    fireEvent.click(screen.getByLabelText(`Select ${refused.reference}`));
    const bulk = within(await screen.findByTestId('bulk-review'));
    bulk.getByRole('heading', { name: 'Change the review of 2 records selected' });
    // Only states a move leads to: never the initial New.
    expect(bulk.getAllByRole('radio').map((radio) => radio.getAttribute('value'))).toEqual([
      'contacted',
      'enrolled',
      'not-eligible',
      'withdrawn',
    ]);
    fireEvent.click(bulk.getByLabelText('Contacted'));
    fireEvent.input(bulk.getByLabelText('Note (optional)'), { target: { value: 'Called on Monday' } });
    fireEvent.click(bulk.getByRole('button', { name: 'Change 2 records' }));

    const result = within(await screen.findByTestId('bulk-result'));
    result.getByText('1 record was moved.');
    result.getByText('1 record was not moved');
    expect(result.getByTestId('bulk-failed').textContent).toBe(
      `${refused.reference}: An enrolled sign-up cannot be contacted.`,
    );
    const post = seen.find((request) => request.path === '/records/review');
    expect(post?.body).toEqual({ ids: [moved.id, refused.id], state: 'contacted', note: 'Called on Monday' });
    // The list is read again, and the refused record stays selected for another try.
    await waitFor(() => expect(listRequests(seen).length).toBe(2));
    await screen.findByText('Showing 1 to 3 of 3 records, newest first.');
    expect((screen.getByLabelText(`Select ${refused.reference}`) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByLabelText(`Select ${moved.reference}`) as HTMLInputElement).checked).toBe(false);
  });

  it('asks for a state before a bulk review and offers none for mixed types', async () => {
    const signup = listItem();
    const grant = listItem({ type: 'grant-application', reviewState: 'received' });
    const seen = stubConsoleApi((request) => {
      if (request.path === '/accounts') return json(ACCOUNTS);
      if (request.path === '/records') return json({ records: [signup, grant], total: 2, nextCursor: null });
      return undefined;
    });
    navigate('/coordinator/records');
    render(<App />);
    fireEvent.click(await screen.findByLabelText(`Select ${signup.reference}`));
    fireEvent.click(
      within(screen.getByTestId('bulk-review')).getByRole('button', { name: 'Change 1 record' }),
    );
    await waitFor(() =>
      expect(document.getElementById('bulk-state-error')?.textContent).toContain('Choose the review state'),
    );
    fireEvent.click(screen.getByLabelText(`Select ${grant.reference}`));
    await screen.findByText(/Select records of one type/);
    expect(seen.some((request) => request.path === '/records/review')).toBe(false);
  });

  it('exports the filtered set as CSV, counting rows as they stream against X-Total-Rows, and saves the file', async () => {
    const csv = '\uFEFFid,name\r\n1,"Ada\r\nLovelace"\r\n2,"Grace ""Amazing"" Hopper"\r\n3,Mary\r\n';
    const bytes = new TextEncoder().encode(csv);
    const seen = stubConsoleApi((request) => {
      if (request.path === '/accounts') return json(ACCOUNTS);
      if (request.path === '/records') return json({ records: [listItem()], total: 3, nextCursor: null });
      if (request.path === '/records/export.csv') {
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(bytes.slice(0, 20));
            controller.enqueue(bytes.slice(20));
            controller.close();
          },
        });
        return new Response(body, {
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'x-total-rows': '3',
            'content-disposition': 'attachment; filename="signups-2026-12-06.csv"',
          },
        });
      }
      return undefined;
    });
    const urls = stubObjectUrls();
    onTestFinished(urls.restore);
    const clicked: string[] = [];
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    navigate('/coordinator/records?type=signup&district=E06000033');
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download sign-ups' }));
    await screen.findByText('Downloaded 3 records as signups-2026-12-06.csv.');
    const request = seen.find((r) => r.path === '/records/export.csv');
    expect(Object.fromEntries(request?.query ?? [])).toEqual({ type: 'signup', district: 'E06000033' });
    expect(clicked).toEqual(['signups-2026-12-06.csv']);
    expect([...new Uint8Array(await (urls.made[0] as { blob: Blob }).blob.arrayBuffer())]).toEqual([
      ...bytes,
    ]);
  });

  it('shows an export the server refused next to its buttons', async () => {
    stubConsoleApi((request) => {
      if (request.path === '/accounts') return json(ACCOUNTS);
      if (request.path === '/records') return json({ records: [], total: 0, nextCursor: null });
      if (request.path === '/records/export.csv')
        return json({ error: { code: 'invalid-query', message: 'Choose a type of record to export.' } }, 400);
      return undefined;
    });
    navigate('/coordinator/records');
    render(<App />);
    fireEvent.click(await screen.findByRole('button', { name: 'Download grant applications' }));
    expect((await screen.findByTestId('export-error')).textContent).toContain(
      'Choose a type of record to export.',
    );
  });
});

describe('CsvRowCounter', { timeout: CONSOLE_TEST_TIMEOUT_MS }, () => {
  it('counts records, not line feeds inside quoted fields, across chunk boundaries', () => {
    const counter = new CsvRowCounter();
    const text = new TextEncoder().encode('a,b\n"x\ny",1\n"say ""hi""\n",2\n');
    for (let i = 0; i < text.length; i += 3) counter.push(text.slice(i, i + 3));
    expect(counter.rows).toBe(2);
  });
});
