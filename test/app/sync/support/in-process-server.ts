// The real central endpoint built in-process on PGlite for sync tests, with an API client whose fetch is the
// app's own request handler, a signed-in worker, and the requests the client made.
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { type ApiClient, createApiClient } from '../../../../src/app/sync/api-client';
import { buildApp } from '../../../../src/server/app';
import { silentLogger } from '../../../../src/server/http/logging';
import { makeUser, type TestUser } from '../../../server/support/api';
import { openTestDatabase, type TestDatabase } from '../../../server/support/databases';
import { freshDatabase } from '../../db/fresh-database';

export interface InProcessServer {
  server: TestDatabase;
  app: ReturnType<typeof buildApp>;
  worker: TestUser;
  coordinator: TestUser;
  /** "METHOD /path" of every request the client made in the current test. */
  requests: string[];
  client(): ApiClient;
}

/** Registers hooks: one server for the file, a fresh tablet store and request log for each test. */
export function useInProcessServer(): InProcessServer {
  const harness = { requests: [] as string[] } as InProcessServer;
  harness.client = () =>
    createApiClient({
      baseUrl: 'http://central.test',
      fetch: async (url, init) => {
        harness.requests.push(`${init?.method ?? 'GET'} ${new URL(url).pathname}`);
        return harness.app.request(url, init);
      },
      token: () => harness.worker.token,
    });
  beforeAll(async () => {
    harness.server = await openTestDatabase('pglite');
    harness.app = buildApp({ db: harness.server.db, logger: silentLogger });
    harness.worker = await makeUser(harness.server.db);
    harness.coordinator = await makeUser(harness.server.db, 'coordinator');
  });
  afterAll(() => harness.server.close());
  beforeEach(() => {
    freshDatabase();
    harness.requests.length = 0;
  });
  return harness;
}
