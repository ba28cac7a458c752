// The postcode lookup page: the latest import on load, the upload's progress (XMLHttpRequest, with the console's
// token), then the import's progress polled until done; and a file or a refusal answered next to the file input.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PostcodesPage } from '../../../../src/app/features/coordinator/postcodes-page';
import type { PostcodeImportStatus } from '../../../../src/shared/console';
import { refusal, signedInCoordinator, stubConsoleApi, TEST_TOKEN } from './admin-fetch';

/** The one XMLHttpRequest the page makes, driven by the test: progress events, then the server's answer. */
class FakeXhr {
  static last: FakeXhr | null = null;
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: unknown = null;
  status = 0;
  responseText = '';
  private listeners: Record<string, (() => void)[]> = {};
  private uploadListeners: ((event: ProgressEvent) => void)[] = [];
  upload = {
    addEventListener: (_type: string, listener: (event: ProgressEvent) => void) =>
      this.uploadListeners.push(listener),
  };
  constructor() {
    FakeXhr.last = this;
  }
  open(method: string, url: string) {
    this.method = method;
    this.url = url;
  }
  setRequestHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  addEventListener(type: string, listener: () => void) {
    this.listeners[type] = [...(this.listeners[type] ?? []), listener];
  }
  send(body: unknown) {
    this.body = body;
  }
  progress(loaded: number, total: number) {
    for (const listener of this.uploadListeners)
      listener({ loaded, total, lengthComputable: true } as ProgressEvent);
  }
  answer(status: number, json: unknown) {
    this.status = status;
    this.responseText = JSON.stringify(json);
    for (const listener of this.listeners.load ?? []) listener();
  }
}

const RUNNING: PostcodeImportStatus = {
  id: 'imp-2',
  state: 'running',
  rowsRead: 0,
  postcodesKept: 0,
  startedAt: '2026-12-06T09:00:00.000Z',
  finishedAt: null,
  error: null,
};
const DONE: PostcodeImportStatus = {
  ...RUNNING,
  state: 'done',
  rowsRead: 2_650_000,
  postcodesKept: 48_123,
  finishedAt: '2026-12-06T09:03:00.000Z',
};

beforeEach(() => {
  signedInCoordinator();
  FakeXhr.last = null;
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

const errorOf = (id: string) => document.getElementById(`${id}-error`)?.textContent ?? null;
const csv = (name = 'NSPL_NOV_2026_UK.csv', text = 'pcds,lsoa21,laua\nSS1 9ZA,E01015890,E06000033\n') =>
  new File([text], name, { type: 'text/csv' });

function choose(file: File) {
  const input = screen.getByLabelText('ONS postcode directory (CSV)') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('postcode lookup page', () => {
  it('says no directory has been imported yet when there is none, and names the sources and attribution', async () => {
    stubConsoleApi({ 'GET /postcode-imports/latest': refusal(404, 'not-found', 'No import yet.') });
    render(<PostcodesPage />);
    expect(await screen.findByText('No postcode directory has been imported yet.')).toBeTruthy();
    expect(document.getElementById('postcode-file-hint')?.textContent).toMatch(/NSPL.*ONSPD/);
    expect(document.body.textContent).toContain(
      'Contains Royal Mail data © Royal Mail copyright and database right.',
    );
  });

  it('shows the latest import on load', async () => {
    stubConsoleApi({ 'GET /postcode-imports/latest': { json: DONE } });
    render(<PostcodesPage />);
    expect(await screen.findByText('48,123')).toBeTruthy();
    expect(screen.getByText('2,650,000')).toBeTruthy();
    expect(screen.getByText('Imported')).toBeTruthy();
  });

  it('refuses to upload without a file, or a file that is not a CSV, next to the file input', async () => {
    stubConsoleApi({ 'GET /postcode-imports/latest': { json: null } });
    render(<PostcodesPage />);
    await screen.findByText('No postcode directory has been imported yet.');
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    await waitFor(() => expect(errorOf('postcode-file')).toContain('Select the postcode directory CSV file'));
    choose(csv('NSPL.zip'));
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    await waitFor(() => expect(errorOf('postcode-file')).toContain('The selected file must be a CSV'));
    expect(FakeXhr.last).toBeNull();
  });

  it('uploads the raw CSV with the token, shows upload then import progress, and polls until done', async () => {
    const seen = stubConsoleApi({
      'GET /postcode-imports/latest': [{ json: null }, { json: DONE }],
      'GET /postcode-imports/imp-2': [
        { json: { ...RUNNING, rowsRead: 120_000, postcodesKept: 3_400 } },
        { json: DONE },
      ],
    });
    render(<PostcodesPage />);
    await screen.findByText('No postcode directory has been imported yet.');
    const file = csv();
    choose(file);
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    const xhr = FakeXhr.last as FakeXhr;
    expect(xhr.method).toBe('POST');
    expect(xhr.url).toBe('/api/v1/postcode-imports');
    expect(xhr.headers['content-type']).toBe('text/csv');
    expect(xhr.headers.authorization).toBe(`Bearer ${TEST_TOKEN}`);
    expect(xhr.body).toBe(file);
    act(() => xhr.progress(20, 40));
    expect((await screen.findByTestId('import-progress')).textContent).toBe(
      'Uploading: 50% (20 bytes of 40 bytes)',
    );
    act(() => xhr.answer(202, RUNNING));
    await waitFor(
      () =>
        expect(screen.getByTestId('import-progress').textContent).toBe(
          'Importing: 120,000 rows read, 3,400 postcodes kept',
        ),
      { timeout: 3000 },
    );
    expect(
      await screen.findByText('48,123 postcodes kept from 2,650,000 rows.', {}, { timeout: 3000 }),
    ).toBeTruthy();
    expect(seen.filter((request) => request.path === '/postcode-imports/imp-2')).toHaveLength(2);
  });

  it('shows how far the import has got while the file is still uploading, when the server imports as it reads', async () => {
    stubConsoleApi({
      'GET /postcode-imports/latest': [
        { json: null },
        { json: { ...RUNNING, rowsRead: 5_000, postcodesKept: 120 } },
      ],
    });
    render(<PostcodesPage />);
    await screen.findByText('No postcode directory has been imported yet.');
    choose(csv());
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    const xhr = FakeXhr.last as FakeXhr;
    act(() => xhr.progress(40, 40));
    expect((await screen.findByTestId('import-progress')).textContent).toContain(
      'the central service is finishing the import',
    );
    expect((await screen.findByTestId('import-live', {}, { timeout: 3000 })).textContent).toBe(
      'Importing: 5,000 rows read, 120 postcodes kept',
    );
    act(() => xhr.answer(201, DONE));
    expect(await screen.findByText('48,123 postcodes kept from 2,650,000 rows.')).toBeTruthy();
  });

  it('says an import is already running next to the file input (409 import-running)', async () => {
    stubConsoleApi({ 'GET /postcode-imports/latest': { json: RUNNING } });
    render(<PostcodesPage />);
    await screen.findByText('Importing');
    choose(csv());
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    act(() =>
      (FakeXhr.last as FakeXhr).answer(409, {
        error: { code: 'import-running', message: 'An import is running.' },
      }),
    );
    await waitFor(() => expect(errorOf('postcode-file')).toContain('An import is already running'));
    expect(screen.getByRole('alert').textContent).toContain('An import is already running');
  });

  it('says next to the file input why the server refused the file (400)', async () => {
    stubConsoleApi({ 'GET /postcode-imports/latest': { json: null } });
    render(<PostcodesPage />);
    await screen.findByText('No postcode directory has been imported yet.');
    choose(csv());
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    act(() =>
      (FakeXhr.last as FakeXhr).answer(400, {
        error: { code: 'invalid-request', message: 'The file has no postcode column (pcds or pcd).' },
      }),
    );
    await waitFor(() =>
      expect(errorOf('postcode-file')).toContain('The file has no postcode column (pcds or pcd).'),
    );
    expect(screen.queryByTestId('import-progress')).toBeNull();
  });

  it('says what went wrong when the import fails', async () => {
    stubConsoleApi({
      'GET /postcode-imports/latest': { json: null },
      'GET /postcode-imports/imp-2': {
        json: {
          ...RUNNING,
          state: 'failed',
          error: 'The file has no pcds column.',
          finishedAt: RUNNING.startedAt,
        },
      },
    });
    render(<PostcodesPage />);
    await screen.findByText('No postcode directory has been imported yet.');
    choose(csv());
    fireEvent.click(screen.getByRole('button', { name: 'Upload and import' }));
    act(() => (FakeXhr.last as FakeXhr).answer(202, RUNNING));
    const alert = await screen.findByRole('alert', {}, { timeout: 3000 });
    expect(alert.textContent).toContain('The import failed: The file has no pcds column.');
  });
});
