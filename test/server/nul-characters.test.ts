// A NUL in a request (query string, path, username, programme settings) is refused 400 invalid-request, not 500:
// PostgreSQL cannot store it (SQLSTATE 22021 in text, 22P05 in jsonb), and nothing is written. Found by fuzz.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgrammes } from '../../src/server/db/reference-data';
import type { Programme } from '../../src/shared/programmes';
import { type Json, makeUser, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const NUL = 'a\u0000b';

describe.each(databaseKinds())('a NUL in a request on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let coordinator: TestUser;
  const faults: unknown[] = [];

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db, {
      logger: (line) => {
        if (line.level === 'error') faults.push(line);
      },
    });
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const expectRefused = (answer: { status: number; json: Json }) => {
    expect(answer.status).toBe(400);
    expect(answer.json.error).toEqual({
      code: 'invalid-request',
      message: 'The request contains a character that cannot be stored (a NUL).',
    });
  };

  it('is refused in a query string, a path parameter and a username, and logs no fault', async () => {
    const token = coordinator.token;
    expectRefused(await api.call('/api/v1/records?q=a%00b', { token }));
    expectRefused(await api.call('/api/v1/records/export.csv?type=signup&q=a%00b', { token }));
    expectRefused(await api.call('/api/v1/programmes/a%00b/versions', { token }));
    expectRefused(await api.call('/api/v1/auth/login', { json: { username: NUL, password: 'x' } }));
    expect(faults).toEqual([]);
  });

  it('is refused in programme settings and a new round’s name, which stay as they were', async () => {
    const before = await loadProgrammes(database.db);
    const resident = before.find((programme) => programme.kind === 'resident') as Programme;
    const grant = before.find((programme) => programme.kind === 'grant') as Programme;
    expectRefused(
      await api.call(`/api/v1/programmes/${resident.id}`, {
        method: 'PUT',
        token: coordinator.token,
        json: { ...resident, name: NUL },
      }),
    );
    expectRefused(
      await api.call('/api/v1/programmes/micro-grant/rounds', {
        token: coordinator.token,
        json: {
          version: grant.version,
          round: {
            id: 'nul-round',
            name: NUL,
            applicationWindow: { opens: '2031-01-01', closes: '2031-02-01' },
            spendWindow: { from: '2031-02-01', to: '2031-03-01' },
            potPence: 100,
          },
        },
      }),
    );
    expect(await loadProgrammes(database.db)).toEqual(before);
    expect(faults).toEqual([]);
  });
});
