// Request handling every route shares: strict JSON bodies (media type, UTF-8), no-store on API answers, a 413 that
// keeps the keep-alive connection usable (the real node server on a socket), and the fault log's database code.
import http from 'node:http';
import { count, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { devices, records } from '../../src/server/db/schema';
import { DISCARD_MAX_BYTES } from '../../src/server/http/body-limit';
import { silentLogger } from '../../src/server/http/logging';
import { PUSH_MAX_BODY_BYTES } from '../../src/shared/api';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';
import { listen, postOver } from './support/socket';

describe.each(databaseKinds())('request handling on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
  });
  afterAll(() => database.close());

  const recordCount = async (id: string) =>
    (await database.db.select({ n: count() }).from(records).where(eq(records.id, id)))[0]?.n;

  it('answers a push whose bytes are not UTF-8 with 400 invalid-encoding and stores nothing', async () => {
    const c = change();
    const text = JSON.stringify(pushBody(newId(), [c]));
    // "Ada" with a lone 0xE9 (Latin-1 é) in it: not UTF-8, so never stored with a replacement character.
    const [before, after] = text.split('"Ada"') as [string, string];
    const bytes = Buffer.concat([
      Buffer.from(`${before}"Ad`),
      Buffer.from([0xe9]),
      Buffer.from(`a"${after}`),
    ]);
    const response = await api.call('/api/v1/sync/push', {
      token: worker.token,
      body: bytes,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(response.json.error).toEqual({
      code: 'invalid-encoding',
      message: 'The request body is not valid UTF-8.',
    });
    expect(await recordCount(c.recordId as string)).toBe(0);
  });

  it('answers a push sent as text/plain with 415 unsupported-media-type and stores nothing', async () => {
    const c = change();
    const deviceId = newId();
    const response = await api.call('/api/v1/sync/push', {
      token: worker.token,
      body: JSON.stringify(pushBody(deviceId, [c])),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(response.status).toBe(415);
    expect(response.json.error.code).toBe('unsupported-media-type');
    expect(await recordCount(c.recordId as string)).toBe(0);
    expect(await database.db.select().from(devices).where(eq(devices.id, deviceId))).toEqual([]);
  });

  it('refuses JSON in another charset or without a media type, and takes application/json; charset=utf-8', async () => {
    const send = (contentType: string | undefined) =>
      api.call('/api/v1/sync/push', {
        token: worker.token,
        body: JSON.stringify(pushBody(newId(), [])),
        headers: contentType ? { 'content-type': contentType } : {},
      });
    expect((await send('application/json; charset=iso-8859-1')).status).toBe(415);
    expect((await send(undefined)).status).toBe(415);
    expect((await send('application/json-patch+json')).status).toBe(415);
    expect((await send('Application/JSON; Charset="UTF-8"')).status).toBe(200);
  });

  it('applies the strict JSON rules to sign-in too', async () => {
    const response = await api.call('/api/v1/auth/login', {
      body: 'username=ada&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(415);
    expect(response.json.error.code).toBe('unsupported-media-type');
  });

  it('marks API answers no-store: a sign-in with its token, an error, a push', async () => {
    const password = 'correct horse battery';
    const account = await makeUser(database.db, 'worker', password);
    const login = await api.call('/api/v1/auth/login', {
      json: { username: account.username, password },
    });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');

    const refused = await api.call('/api/v1/sync/pull');
    expect(refused.status).toBe(401);
    expect(refused.headers.get('cache-control')).toBe('no-store');
    const missing = await api.call('/api/v1/no-such-route', { token: worker.token });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('cache-control')).toBe('no-store');

    const pushed = await api.call('/api/v1/sync/push', {
      token: worker.token,
      json: pushBody(newId(), [change()]),
    });
    expect(pushed.status).toBe(200);
    expect(pushed.headers.get('cache-control')).toBe('no-store');
  });

  it('logs a database fault with the driver’s SQLSTATE, which drizzle keeps on error.cause', async () => {
    const broken = await openTestDatabase(kind);
    try {
      const user = await makeUser(broken.db);
      const lines: Record<string, unknown>[] = [];
      const { call } = testApi(broken.db, { logger: (line) => lines.push(line) });
      // A real fault the driver reports with a code: the table the token check reads is gone (42P01).
      await broken.db.execute(sql`DROP TABLE sessions`);
      const response = await call('/api/v1/sync/pull', { token: user.token });
      expect(response.status).toBe(500);
      expect(response.json.error.code).toBe('server-error');
      const fault = lines.find((line) => line.level === 'error' && 'code' in line);
      expect(fault).toMatchObject({ route: '/api/v1/sync/*', code: '42P01' });
    } finally {
      await broken.close();
    }
  });
});

describe('a 413 on a keep-alive connection (the real node server)', () => {
  let database: TestDatabase;
  let worker: TestUser;
  let server: Awaited<ReturnType<typeof listen>>;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    worker = await makeUser(database.db);
    const app = buildApp({ db: database.db, logger: silentLogger });
    server = await listen(app.fetch);
    server.server.on('connection', () => {
      connections += 1;
    });
    port = server.port;
  });
  afterAll(async () => {
    await server.close();
    await database.close();
  });

  /** One POST of a push through `agent`; `chunked` sends the body without a Content-Length. */
  const post = (agent: http.Agent, body: string, chunked = false) =>
    postOver(agent, port, '/api/v1/sync/push', body, {
      chunked,
      headers: { authorization: `Bearer ${worker.token}` },
    });

  const oversized = () =>
    JSON.stringify(pushBody(newId(), [change({ payload: { note: 'x'.repeat(PUSH_MAX_BODY_BYTES) } })]));

  it.each([
    ['with a Content-Length', false],
    ['chunked', true],
  ])('answers the next request on the same connection after a 413 (%s)', async (_label, chunked) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const before = connections;
      const device = newId();
      const warmup = await post(agent, JSON.stringify(pushBody(device, [change()])));
      expect(warmup.status).toBe(200);

      const tooBig = await post(agent, oversized(), chunked);
      expect(tooBig.status).toBe(413);
      expect(tooBig.json.error?.code).toBe('body-too-large');
      expect(tooBig.reusedSocket).toBe(true);

      const next = change();
      const after = await post(agent, JSON.stringify(pushBody(device, [next])));
      expect(after.status).toBe(200);
      expect(after.json.results?.[0]?.status).toBe('applied');
      expect(after.reusedSocket).toBe(true);
      expect(connections - before).toBe(1);
      const stored = await database.db
        .select()
        .from(records)
        .where(eq(records.id, next.recordId as string));
      expect(stored).toHaveLength(1);
    } finally {
      agent.destroy();
    }
  });

  it('closes the connection cleanly (Connection: close) after a body too big to read through', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = JSON.stringify({
        note: 'x'.repeat(PUSH_MAX_BODY_BYTES + DISCARD_MAX_BYTES + 1024),
      });
      const before = connections;
      const refused = await new Promise<{ status: number; connection: string | undefined }>((resolve) => {
        const request = http.request(
          {
            agent,
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/api/v1/sync/push',
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${worker.token}`,
            },
          },
          (response) => {
            response.resume();
            response.on('end', () =>
              resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
            );
          },
        );
        // The server stops reading this body, so the rest of the write may fail once the answer is in: ignored
        // here (without an answer the test times out and fails).
        request.on('error', () => undefined);
        request.end(body);
      });
      expect(refused).toEqual({ status: 413, connection: 'close' });
      const after = await post(agent, JSON.stringify(pushBody(newId(), [change()])));
      expect(after.status).toBe(200);
      expect(after.reusedSocket).toBe(false);
      expect(connections - before).toBe(2);
    } finally {
      agent.destroy();
    }
  });
});
