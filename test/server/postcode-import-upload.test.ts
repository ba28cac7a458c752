// A coordinator uploads the ONS postcode directory CSV as the raw body: imported while it streams in, with progress
// readable meanwhile, one import at a time, published as the tablets' lookup and as postcode_places together; a
// file that is not the directory fails with a clear error and changes nothing.
import { readFile } from 'node:fs/promises';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPostcodeLookup, PROGRESS_EVERY_ROWS } from '../../src/server/db/postcode-lookup';
import { postcodePlaces } from '../../src/server/db/schema';
import { POSTCODE_UPLOAD_MAX_BYTES } from '../../src/server/routes/postcode-imports';
import { type Json, makeUser, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const ONSPD = 'test/fixtures/postcodes/made-up-onspd.csv';
const HEADER = '"pcds","doterm","oslaua","lsoa21"';
/** Inward-code letters UK postcodes use (no C, I, K, M, O, V). */
const LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** `count` distinct made-up live Southend postcodes in one LSOA, as directory rows. */
function madeUpRows(count: number, from = 0): string {
  const rows: string[] = [];
  for (let n = from; n < from + count; n++) {
    const inward = `${n % 10}${LETTERS[Math.floor(n / 10) % 20]}${LETTERS[Math.floor(n / 200) % 20]}`;
    rows.push(`"SS${1 + Math.floor(n / 4000)} ${inward}","","E06000033","E01015842"\n`);
  }
  return rows.join('');
}

describe.each(databaseKinds())('postcode directory upload on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let coordinator: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  /** Uploads `body` (a string, or a stream the test feeds) and resolves with the answer once the import ends. */
  async function upload(body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
    const response = await api.app.request(
      new Request('http://test/api/v1/postcode-imports', {
        method: 'POST',
        headers: {
          authorization: `Bearer ${coordinator.token}`,
          'content-type': 'text/csv',
          ...headers,
        },
        body,
        duplex: 'half',
      } as RequestInit),
    );
    const text = await response.text();
    return { status: response.status, json: (text ? JSON.parse(text) : null) as Json };
  }
  const status = (which: string) =>
    api.call(`/api/v1/postcode-imports/${which}`, { token: coordinator.token });
  const places = () => database.db.select().from(postcodePlaces).orderBy(asc(postcodePlaces.postcode));

  it('answers 404 for latest before any import, and refuses workers and other media types', async () => {
    expect((await status('latest')).status).toBe(404);
    const worker = await makeUser(database.db);
    const asWorker = await api.call('/api/v1/postcode-imports', {
      token: worker.token,
      body: await readFile(ONSPD, 'utf8'),
      headers: { 'content-type': 'text/csv' },
    });
    expect(asWorker.status).toBe(403);
    const asJson = await upload('{}', { 'content-type': 'application/json' });
    expect(asJson.status).toBe(415);
    expect(asJson.json.error.code).toBe('unsupported-media-type');
    expect((await status('latest')).status).toBe(404);
  });

  it('refuses a declared size over the limit before reading any of it', async () => {
    const response = await upload(HEADER, { 'content-length': String(POSTCODE_UPLOAD_MAX_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('body-too-large');
    expect((await status('latest')).status).toBe(404);
  });

  it('imports the directory into the tablets’ lookup and postcode_places, and reports it done', async () => {
    const response = await upload(await readFile(ONSPD, 'utf8'));
    expect(response.status).toBe(201);
    expect(response.json).toMatchObject({ state: 'done', rowsRead: 7, postcodesKept: 4, error: null });
    expect(response.json.finishedAt).not.toBeNull();
    expect((await status(response.json.id)).json).toEqual(response.json);
    expect((await status('latest')).json).toEqual(response.json);

    expect((await loadPostcodeLookup(database.db))?.postcodes).toEqual([
      'RM17 9ZH',
      'SS1 9ZA',
      'SS2 9ZF',
      'SS9 9ZB',
    ]);
    const stored = await places();
    expect(stored).toHaveLength(4);
    expect(stored.find((place) => place.postcode === 'SS19ZA')).toEqual({
      postcode: 'SS19ZA',
      lsoaCode: 'E01015842',
      districtCode: 'E06000033',
    });
  });

  it('shows progress while the file streams in, refuses a second import meanwhile, then finishes', async () => {
    const encoder = new TextEncoder();
    let feed!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        feed = controller;
      },
    });
    const firstPart = PROGRESS_EVERY_ROWS + 100;
    feed.enqueue(encoder.encode(`${HEADER}\n${madeUpRows(firstPart)}`));
    const answer = upload(body);

    // The rows sent so far are counted before the rest of the file exists.
    let progress: Json = null;
    for (let attempt = 0; attempt < 200; attempt++) {
      progress = (await status('latest')).json;
      if (progress?.state === 'running' && progress.rowsRead >= PROGRESS_EVERY_ROWS) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(progress).toMatchObject({ state: 'running', finishedAt: null });
    expect(progress.rowsRead).toBeGreaterThanOrEqual(PROGRESS_EVERY_ROWS);
    expect(progress.postcodesKept).toBeGreaterThan(0);

    const second = await upload(await readFile(ONSPD, 'utf8'));
    expect(second.status).toBe(409);
    expect(second.json.error.code).toBe('import-running');
    expect(second.json.error.details.importId).toBe(progress.id);

    feed.enqueue(encoder.encode(madeUpRows(900, firstPart)));
    feed.close();
    const done = await answer;
    expect(done.status).toBe(201);
    expect(done.json).toMatchObject({ id: progress.id, state: 'done', rowsRead: firstPart + 900 });
    expect(done.json.postcodesKept).toBe(firstPart + 900);
    expect(await places()).toHaveLength(firstPart + 900);
    expect((await loadPostcodeLookup(database.db))?.postcodes).toHaveLength(firstPart + 900);
  });

  it('fails a file that is not the directory with a clear error, leaving the lookup and places as they were', async () => {
    const lookupBefore = await loadPostcodeLookup(database.db);
    const placesBefore = await places();
    const response = await upload('name,address\nAda,1 Marine Parade\n');
    expect(response.status).toBe(400);
    expect(response.json.error.code).toBe('invalid-request');
    expect(response.json.error.message).toMatch(/not a postcode directory file/);
    const failed = await status(response.json.error.details.importId);
    expect(failed.json).toMatchObject({
      state: 'failed',
      error: expect.stringMatching(/not a postcode directory/),
    });
    expect((await status('latest')).json.id).toBe(failed.json.id);
    expect(await loadPostcodeLookup(database.db)).toEqual(lookupBefore);
    expect(await places()).toEqual(placesBefore);

    // A failed import does not block the next one.
    expect((await upload(await readFile(ONSPD, 'utf8'))).status).toBe(201);
    expect(await places()).toHaveLength(4);
  });

  it('answers 404 for an unknown import id', async () => {
    expect((await status('01a24a5f-bdb5-7d1c-8740-31d447123d6c')).status).toBe(404);
    expect((await status('nonsense')).status).toBe(404);
  });
});
