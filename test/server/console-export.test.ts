// The CSV export (GET /records/export.csv): one file per type of the filtered set, RFC 4180 with a BOM, parsing
// back to the same records, no bank numbers, formula cells guarded, a progress header, and flat memory at 20,000.
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_COLUMNS, EXPORT_PAGE_SIZE } from '../../src/server/console/export-csv';
import { recordReference } from '../../src/shared/reference';
import { todayIso } from '../../src/shared/validation/uk';
import { type Json, makeUser, signupPayload, type TestUser, testApi } from './support/api';
import {
  checkPayloadOf,
  grantPayload,
  pushRecord,
  seedBulkRecords,
  seedPlace,
} from './support/console-records';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const BOM = [0xef, 0xbb, 0xbf];
/** Records in the large set: 7 in 10 are sign-ups, so its sign-up export has 20,006 rows (the bench: 100,000). */
const LARGE = 28_580;
/** A loose ceiling on the heap growth while streaming: a file held whole would be far larger than a page. */
const HEAP_GROWTH_LIMIT_BYTES = 200 * 1024 * 1024;

describe.each(databaseKinds())('CSV export on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let alice: TestUser;
  let bob: TestUser;
  let coordinator: TestUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    alice = await makeUser(database.db);
    bob = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
    await seedPlace(database.db, {
      lsoa: 'E01000001',
      district: 'E06000033',
      decile: 1,
      postcodes: ['SS1 1AA'],
    });
    const push = (token: string, type: string, payload: unknown, when: string) =>
      pushRecord(api, token, { type, payload, at: new Date(when) });
    ids.ada = await push(
      alice.token,
      'signup',
      signupPayload({ postcode: 'SS1 1AA' }),
      '2026-11-02T10:00:00Z',
    );
    ids.formula = await push(
      alice.token,
      'signup',
      signupPayload({
        firstName: '=HYPERLINK("http://example.com")',
        lastName: '@SUM(A1)',
        adjustments: '-2+3, "quoted", and\na second line',
        rolesOther: '+44 is a prefix',
        roles: ['healthcare-assistant', 'other'],
      }),
      '2026-11-03T10:00:00Z',
    );
    ids.grace = await push(
      bob.token,
      'signup',
      signupPayload({ firstName: 'Grace', lastName: 'Hopper' }),
      '2026-11-04T10:00:00Z',
    );
    ids.check = await push(
      alice.token,
      'eligibility-check',
      checkPayloadOf('eligible', { source: { type: 'signup', id: ids.ada as string } }),
      '2026-11-05T10:00:00Z',
    );
    ids.larder = await push(bob.token, 'grant-application', grantPayload(), '2026-11-06T10:00:00Z');
  });
  afterAll(() => database.close());

  const download = (query: string, token = coordinator.token) =>
    api.app.request(`/api/v1/records/export.csv?${query}`, { headers: { authorization: `Bearer ${token}` } });
  const parsed = async (response: Response) => {
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    const rows: string[][] = parse(text, { bom: true });
    return { bytes, text, header: rows[0] as string[], rows: rows.slice(1) };
  };
  const column = (file: { header: string[]; rows: string[][] }, name: string) => {
    const index = file.header.indexOf(name);
    expect(index, name).toBeGreaterThanOrEqual(0);
    return file.rows.map((row) => row[index]);
  };

  it('exports the filtered set of one type, parsing back to the records the list shows', async () => {
    const response = await download(`type=signup&worker=${alice.id}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(
      `attachment; filename="anchor-signups-${todayIso()}.csv"`,
    );
    expect(response.headers.get('x-total-rows')).toBe('2');
    const file = await parsed(response);
    expect([...file.bytes.slice(0, 3)]).toEqual(BOM);
    // RFC 4180: CRLF between records.
    expect(file.text).toContain('\r\n');
    const listed = await api.call(`/api/v1/records?type=signup&worker=${alice.id}`, {
      token: coordinator.token,
    });
    expect(column(file, 'Record id')).toEqual(listed.json.records.map((record: Json) => record.id));
    expect(column(file, 'Reference')).toEqual([
      recordReference(ids.formula as string),
      recordReference(ids.ada as string),
    ]);
    const ada = Object.fromEntries(file.header.map((name, i) => [name, file.rows[1]?.[i]]));
    expect(ada).toMatchObject({
      'First name': 'Ada',
      'Last name': 'Lovelace',
      Postcode: 'SS1 1AA',
      Mobile: '07700 900123',
      'Employment status': 'Unemployed and looking for work',
      'Roles interested in': 'Healthcare assistant',
      'Partner support': 'A Better Start Southend: childcare and training events',
      'Review state': 'New',
      'Eligibility (latest check)': 'Eligible',
      'District code': 'E06000033',
      District: 'Southend-on-Sea',
      'IMD decile': '1',
      Worker: alice.username,
      'Made on tablet': '2026-11-02T10:00:00.000Z',
    });
  });

  it('guards cells a spreadsheet would run as formulas, and keeps quotes and line breaks', async () => {
    const file = await parsed(await download(`type=signup&q=${encodeURIComponent('hyperlink')}`));
    expect(file.rows).toHaveLength(1);
    const row = Object.fromEntries(file.header.map((name, i) => [name, file.rows[0]?.[i]]));
    expect(row['First name']).toBe('\'=HYPERLINK("http://example.com")');
    expect(row['Last name']).toBe("'@SUM(A1)");
    expect(row.Adjustments).toBe('\'-2+3, "quoted", and\na second line');
    expect(row['Other role']).toBe("'+44 is a prefix");
    expect(row['Roles interested in']).toBe('Healthcare assistant; Something else');
  });

  it('never exports sort codes or account numbers', async () => {
    const file = await parsed(await download('type=grant-application'));
    expect(column(file, 'Organisation name')).toEqual(['Leigh Community Larder']);
    expect(column(file, 'Name on the account')).toEqual(['Leigh Community Larder']);
    expect(column(file, 'Amount requested (£)')).toEqual(['1200.00']);
    expect(file.header.join(' ')).not.toMatch(/sort code|account number/i);
    expect(file.text).not.toContain('12345678');
    expect(file.text).not.toContain('309430');
  });

  it('exports eligibility checks with the record they came from', async () => {
    const file = await parsed(await download('type=eligibility-check'));
    expect(column(file, 'Outcome')).toEqual(['Eligible']);
    expect(column(file, 'Started from reference')).toEqual([recordReference(ids.ada as string)]);
  });

  it('documents every column it writes in docs/export-columns.md', () => {
    const docs = readFileSync('docs/export-columns.md', 'utf8');
    for (const columns of Object.values(EXPORT_COLUMNS)) {
      for (const { header } of columns) expect(docs, header).toContain(`| ${header} |`);
    }
  });

  it('needs a type and valid filters, and a coordinator', async () => {
    const untyped = await download('');
    expect(untyped.status).toBe(400);
    const body = await untyped.json();
    expect(body.error.code).toBe('invalid-query');
    expect(body.error.details[0].path).toBe('type');
    expect((await download('type=signup&decile=0')).status).toBe(400);
    expect((await download('type=signup', alice.token)).status).toBe(403);
  });

  it('streams 20,006 rows in flat memory', { timeout: 180_000 }, async () => {
    await seedBulkRecords(database.db, {
      count: LARGE,
      workerIds: [alice.id, bob.id],
      start: new Date('2025-01-01T00:00:00Z'),
    });
    const expected = Math.floor(LARGE / 10) * 7;
    globalThis.gc?.();
    const base = process.memoryUsage();
    let peakRss = base.rss;
    let peakHeap = base.heapUsed;
    const started = performance.now();
    const response = await download('type=signup&from=2025-01-01&to=2025-12-31');
    expect(response.headers.get('x-total-rows')).toBe(String(expected));
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let newlines = 0;
    let bytes = 0;
    let chunks = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      bytes += value.length;
      for (const byte of value) if (byte === 0x0a) newlines += 1;
      chunks += 1;
      // Sampled at every chunk (one page of rows each).
      const now = process.memoryUsage();
      peakRss = Math.max(peakRss, now.rss);
      peakHeap = Math.max(peakHeap, now.heapUsed);
    }
    const seconds = (performance.now() - started) / 1000;
    const mb = (value: number) => Math.round((value / 1024 / 1024) * 10) / 10;
    console.log(
      `[${kind}] export of ${expected} sign-ups (${mb(bytes)} MB in ${chunks} chunks, pages of ${EXPORT_PAGE_SIZE}): ` +
        `${Math.round(expected / seconds)} rows/s; peak RSS ${mb(peakRss)} MB (start ${mb(base.rss)} MB), ` +
        `peak heap ${mb(peakHeap)} MB (start ${mb(base.heapUsed)} MB)`,
    );
    // The header and one line per record (no answer in these has a line break).
    expect(newlines).toBe(expected + 1);
    expect(peakHeap - base.heapUsed).toBeLessThan(HEAP_GROWTH_LIMIT_BYTES);
  });
});
