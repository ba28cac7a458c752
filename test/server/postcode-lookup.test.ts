// The postcode lookup on the server: imported from the made-up directory fixture, served to signed-in tablets with
// its version as ETag, and announced in pull; the CLI imports as a real process (filling postcode_places too).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/connect';
import {
  importPostcodeFile,
  latestPostcodeImport,
  loadPostcodeLookup,
} from '../../src/server/db/postcode-lookup';
import { postcodePlaces } from '../../src/server/db/schema';
import { postcodeLookupFrom } from '../../src/shared/eligibility/postcode-import';
import { makeUser, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const ONSPD = 'test/fixtures/postcodes/made-up-onspd.csv';
const LOOKUP_FORM = 'test/fixtures/postcodes/made-up-pcd-oa21-lsoa21.csv';

describe.each(databaseKinds())('postcode lookup on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
  });
  afterAll(() => database.close());

  const get = (headers: Record<string, string> = {}) =>
    api.call('/api/v1/reference/postcode-lookup', { token: worker.token, headers });

  it('answers 404 no-postcode-lookup before any import, and pull says there is none', async () => {
    const response = await get();
    expect(response.status).toBe(404);
    expect(response.json.error.code).toBe('no-postcode-lookup');
    const pull = await api.call('/api/v1/sync/pull', { token: worker.token });
    expect(pull.json.reference.postcodeLookupVersion).toBeNull();
  });

  it('refuses a request without a token', async () => {
    expect((await api.call('/api/v1/reference/postcode-lookup')).status).toBe(401);
  });

  it('serves the imported lookup with its version as ETag, 304 when the tablet has it, and pull names it', async () => {
    const { version, stats } = await importPostcodeFile(database.db, ONSPD);
    expect(stats).toEqual({ rows: 7, kept: 4, terminated: 1, outsideArea: 1, invalid: 1 });
    expect(version).toMatch(/^onspd-[0-9a-f]{12}$/);

    const response = await get();
    expect(response.status).toBe(200);
    expect(response.headers.get('etag')).toBe(`"${version}"`);
    const lookup = postcodeLookupFrom(response.json);
    expect(lookup.version).toBe(version);
    expect(lookup.find('SS1 9ZA')).toEqual({ lsoaCode: 'E01015842', districtCode: 'E06000033' });
    expect(lookup.find('SS2 9ZD')).toBeUndefined();

    expect((await get({ 'if-none-match': `"${version}"` })).status).toBe(304);
    expect((await get({ 'if-none-match': `"onspd-000000000000", W/"${version}"` })).status).toBe(304);
    expect((await get({ 'if-none-match': '"onspd-000000000000"' })).status).toBe(200);
    const pull = await api.call('/api/v1/sync/pull', { token: worker.token });
    expect(pull.json.reference.postcodeLookupVersion).toBe(version);
  });

  it('gives the same version to the same postcodes in the other CSV form, and replaces the current lookup', async () => {
    const first = await importPostcodeFile(database.db, ONSPD);
    const second = await importPostcodeFile(database.db, LOOKUP_FORM);
    expect(second.version).toBe(first.version);
    expect((await loadPostcodeLookup(database.db))?.postcodes).toHaveLength(4);
  });

  it('keeps the current lookup when a file is not a postcode directory', async () => {
    const before = await loadPostcodeLookup(database.db);
    await expect(
      importPostcodeFile(database.db, 'scripts/area-data/imd2025_mid_south_essex.csv'),
    ).rejects.toThrow(/not a postcode directory file/);
    expect(await loadPostcodeLookup(database.db)).toEqual(before);
  });
});

describe('npm run postcodes -- import', () => {
  it('imports the fixture into the embedded database as a real process', { timeout: 60_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'anchor-postcodes-'));
    try {
      const { stdout } = await promisify(execFile)(
        'npx',
        ['tsx', 'src/server/cli/postcodes.ts', 'import', ONSPD],
        {
          env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' },
        },
      );
      expect(stdout).toMatch(/Imported 4 postcodes as onspd-[0-9a-f]{12} \(7 rows read: 1 terminated/);
      const database = await openDatabase({ dataDir });
      try {
        expect((await loadPostcodeLookup(database.db))?.postcodes).toEqual([
          'RM17 9ZH',
          'SS1 9ZA',
          'SS2 9ZF',
          'SS9 9ZB',
        ]);
        // The console's filters and reach read postcode_places: the CLI fills it in the same transaction.
        const places = await database.db.select().from(postcodePlaces).orderBy(asc(postcodePlaces.postcode));
        expect(places.map((place) => place.postcode)).toEqual(['RM179ZH', 'SS19ZA', 'SS29ZF', 'SS99ZB']);
        expect(await latestPostcodeImport(database.db)).toMatchObject({ state: 'done', postcodesKept: 4 });
      } finally {
        await database.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
