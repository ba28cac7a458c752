// @vitest-environment node
// A sync run downloads the postcode lookup the central endpoint holds, once per version, and the eligibility
// data then finds postcodes offline; with none imported the tablet keeps working without one.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readPostcodeLookup } from '../../../src/app/db/reference';
import { createApiClient } from '../../../src/app/sync/api-client';
import { runSync } from '../../../src/app/sync/engine';
import { buildApp } from '../../../src/server/app';
import { importPostcodeFile } from '../../../src/server/db/postcode-lookup';
import { silentLogger } from '../../../src/server/http/logging';
import { postcodeLookupFrom } from '../../../src/shared/eligibility/postcode-import';
import { makeUser, type TestUser } from '../../server/support/api';
import { openTestDatabase, type TestDatabase } from '../../server/support/databases';
import { freshDatabase } from '../db/fresh-database';

let server: TestDatabase;
let app: ReturnType<typeof buildApp>;
let worker: TestUser;
const requests: string[] = [];
const client = () =>
  createApiClient({
    baseUrl: 'http://central.test',
    fetch: async (url, init) => {
      requests.push(new URL(url).pathname);
      return app.request(url, init);
    },
    token: () => worker.token,
  });

beforeAll(async () => {
  server = await openTestDatabase('pglite');
  app = buildApp({ db: server.db, logger: silentLogger });
  worker = await makeUser(server.db);
});
afterAll(() => server.close());
beforeEach(() => {
  freshDatabase();
  requests.length = 0;
});

const downloads = () => requests.filter((path) => path.endsWith('/reference/postcode-lookup')).length;

describe('postcode lookup download', () => {
  it('does without a lookup while the server has none', async () => {
    expect(await runSync(client())).toMatchObject({ state: 'done' });
    expect(await readPostcodeLookup()).toBeUndefined();
    expect(downloads()).toBe(0);
  });

  it('downloads a new lookup once, and again only when its version changes', async () => {
    const { version } = await importPostcodeFile(server.db, 'test/fixtures/postcodes/made-up-onspd.csv');
    expect(await runSync(client())).toMatchObject({ state: 'done' });
    const stored = await readPostcodeLookup();
    expect(stored?.version).toBe(version);
    expect(postcodeLookupFrom(stored as NonNullable<typeof stored>).find('ss1 9za')?.lsoaCode).toBe(
      'E01015842',
    );
    expect(downloads()).toBe(1);

    await runSync(client());
    expect(downloads()).toBe(1);
  });
});
