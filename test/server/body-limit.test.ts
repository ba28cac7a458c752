// The JSON body limit every API route has unless it guards its own size: 413 body-too-large before anything is done
// (declared, streamed, over a real socket), while pushes, attachments and postcode uploads keep their own limits.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import net from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/server/auth/accounts';
import { accounts, records } from '../../src/server/db/schema';
import { DISCARD_MAX_BYTES } from '../../src/server/http/body-limit';
import { JSON_MAX_BODY_BYTES, PUSH_MAX_BODY_BYTES } from '../../src/shared/api';
import { newId } from '../../src/shared/ids';
import { change, makeUser, pushBody, signupPayload, type TestUser, testApi } from './support/api';
import { pushRecord } from './support/console-records';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';
import { streamOf } from './support/fuzz-inputs';
import { changedTables, type Snapshot, snapshot, tableNames } from './support/fuzz-snapshot';
import { listen, postOver } from './support/socket';

const JSON_TYPE = 'application/json';
const PASSWORD = 'correct horse battery';
const LOGIN = '/api/v1/auth/login';
const TOO_LARGE = {
  code: 'body-too-large',
  message: `A request body may be at most ${JSON_MAX_BODY_BYTES} bytes.`,
  details: { maxBytes: JSON_MAX_BODY_BYTES },
};

/** `fields` as JSON of exactly `size` bytes, made up with a `pad` string the routes ignore. */
function paddedJson(fields: Record<string, unknown>, size: number): string {
  const head = JSON.stringify({ ...fields, pad: '' });
  return `${head.slice(0, -2)}${'x'.repeat(size - head.length)}"}`;
}

describe.each(databaseKinds())('the JSON body limit on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let coordinator: TestUser;
  let worker: TestUser;
  let tables: string[];
  const username = `ada-${newId().slice(-8)}`;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
    worker = await makeUser(database.db);
    await createAccount(database.db, { username, password: PASSWORD, role: 'worker' });
    tables = await tableNames(database.db);
  });
  afterAll(() => database.close());

  /** A sign-in with the right password, padded to `size` bytes: within the limit it would open a session. */
  const loginOf = (size: number) => paddedJson({ username, password: PASSWORD }, size);

  /** Sends `body` in process with its Content-Length (a real client's), or streamed without one. */
  async function send(path: string, body: string, options: { streamed?: boolean; token?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': JSON_TYPE };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    if (!options.streamed) headers['content-length'] = String(Buffer.byteLength(body));
    const response = await api.app.request(
      new Request(`http://127.0.0.1${path}`, {
        method: 'POST',
        headers,
        body: options.streamed ? streamOf(new TextEncoder().encode(body)) : body,
        duplex: 'half',
      } as RequestInit),
    );
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  }

  const unchangedSince = async (before: Snapshot) =>
    changedTables(before, await snapshot(database.db, tables));

  it('signs in with a body of exactly the limit', async () => {
    const response = await send(LOGIN, loginOf(JSON_MAX_BODY_BYTES));
    expect(response.status).toBe(200);
    expect(response.json.user.username).toBe(username);
  });

  for (const streamed of [false, true]) {
    it(`refuses an anonymous sign-in one byte over the limit${streamed ? ', streamed without a length,' : ''} with 413 body-too-large, writing nothing`, async () => {
      const before = await snapshot(database.db, tables);
      const response = await send(LOGIN, loginOf(JSON_MAX_BODY_BYTES + 1), { streamed });
      expect(response.status).toBe(413);
      expect(response.json.error).toEqual(TOO_LARGE);
      // No session, no counted attempt: the sign-in was never tried.
      expect(await unchangedSince(before)).toEqual([]);
    });
  }

  it('refuses a coordinator’s account creation over the limit with 413, creating no account', async () => {
    const name = `big-${newId().slice(-8)}`;
    const body = paddedJson(
      { username: name, password: 'a long enough passphrase', role: 'worker' },
      2 * JSON_MAX_BODY_BYTES,
    );
    for (const streamed of [false, true]) {
      const before = await snapshot(database.db, tables);
      const response = await send('/api/v1/accounts', body, { streamed, token: coordinator.token });
      expect(response.status).toBe(413);
      expect(response.json.error).toEqual(TOO_LARGE);
      expect(await unchangedSince(before)).toEqual([]);
    }
    expect(await database.db.select().from(accounts).where(eq(accounts.username, name))).toEqual([]);
  });

  it('refuses a coordinator’s review over the limit with 413, leaving the record as it was', async () => {
    const id = await pushRecord(api, worker.token, { type: 'signup', payload: signupPayload() });
    const before = await snapshot(database.db, tables);
    const response = await send(
      `/api/v1/records/${id}/review`,
      paddedJson({ state: 'contacted', note: 'Rang back.' }, JSON_MAX_BODY_BYTES + 1),
      { token: coordinator.token },
    );
    expect(response.status).toBe(413);
    expect(response.json.error).toEqual(TOO_LARGE);
    expect(await unchangedSince(before)).toEqual([]);
  });

  it('still takes a push of just under its own limit, four times the JSON one', async () => {
    const c = change();
    const body = paddedJson(pushBody(newId(), [c]), PUSH_MAX_BODY_BYTES - 1024);
    expect(body.length).toBeGreaterThan(JSON_MAX_BODY_BYTES);
    for (const streamed of [false, true]) {
      const response = await send('/api/v1/sync/push', body, { streamed, token: worker.token });
      expect(response.status).toBe(200);
      expect(response.json.results[0]).toMatchObject({
        changeId: c.changeId,
        status: streamed ? 'duplicate' : 'applied',
      });
    }
    expect(
      await database.db
        .select({ id: records.id })
        .from(records)
        .where(eq(records.id, c.recordId as string)),
    ).toHaveLength(1);
  });

  it('still takes an attachment over the JSON limit', async () => {
    const photo = new Uint8Array(2 * JSON_MAX_BODY_BYTES).fill(7);
    const hash = createHash('sha256').update(photo).digest('hex');
    const stored = await api.call(`/api/v1/attachments/${hash}`, {
      method: 'PUT',
      token: worker.token,
      body: photo,
      headers: { 'content-type': 'image/jpeg', 'content-length': String(photo.byteLength) },
    });
    expect(stored.status).toBe(201);
    expect(stored.json.size).toBe(photo.byteLength);
  });

  it('still takes a postcode directory over the JSON limit', async () => {
    // The made-up directory, then rows of a district outside Mid and South Essex until it is over the limit.
    const fixture = await readFile('test/fixtures/postcodes/made-up-onspd.csv', 'utf8');
    const outside = '"N1 9ZZ","N1  9ZZ","N1 9ZZ","202001","","E99999999","E99999999","E09000019","","",""\n';
    const directory = fixture + outside.repeat(Math.ceil(JSON_MAX_BODY_BYTES / outside.length) + 1);
    expect(directory.length).toBeGreaterThan(JSON_MAX_BODY_BYTES);
    const imported = await api.call('/api/v1/postcode-imports', {
      token: coordinator.token,
      body: directory,
      headers: { 'content-type': 'text/csv', 'content-length': String(directory.length) },
    });
    expect(imported.status).toBe(201);
    expect(imported.json).toMatchObject({ state: 'done', postcodesKept: 4, error: null });
  });

  it('answers GET and HEAD as before', async () => {
    expect((await api.call('/api/v1/sync/pull', { token: worker.token })).status).toBe(200);
    const head = await api.call(`/api/v1/attachments/${'0'.repeat(64)}`, {
      method: 'HEAD',
      token: worker.token,
    });
    expect(head.status).toBe(404);
  });

  describe('through a real socket', () => {
    let server: Awaited<ReturnType<typeof listen>>;
    beforeAll(async () => {
      server = await listen(api.app.fetch);
    });
    afterAll(() => server.close());

    for (const chunked of [true, false]) {
      it(`refuses a sign-in over the limit ${chunked ? 'sent chunked' : 'with its length'} and signs in next on the same connection`, async () => {
        const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
        let connections = 0;
        const count = () => {
          connections += 1;
        };
        server.server.on('connection', count);
        try {
          const before = await snapshot(database.db, tables);
          const refused = await postOver(agent, server.port, LOGIN, loginOf(2 * JSON_MAX_BODY_BYTES), {
            chunked,
          });
          expect(refused).toMatchObject({
            status: 413,
            json: { error: TOO_LARGE },
            connection: 'keep-alive',
          });
          expect(await unchangedSince(before)).toEqual([]);
          const signedIn = await postOver(agent, server.port, LOGIN, loginOf(1024), { chunked });
          expect(signedIn).toMatchObject({ status: 200, reusedSocket: true });
          expect(connections).toBe(1);
        } finally {
          server.server.off('connection', count);
          agent.destroy();
        }
      });
    }

    it('refuses a declared length too large to read through at once, and closes the connection', async () => {
      const head = [
        `POST ${LOGIN} HTTP/1.1`,
        'Host: 127.0.0.1',
        `Content-Type: ${JSON_TYPE}`,
        `Content-Length: ${JSON_MAX_BODY_BYTES + DISCARD_MAX_BYTES + 1}`,
      ].join('\r\n');
      // Only the head is sent: the answer cannot have waited for the body.
      const text = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(server.port, '127.0.0.1');
        const chunks: Buffer[] = [];
        socket.setTimeout(10_000, () => socket.destroy());
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
        socket.on('error', reject);
        socket.write(`${head}\r\n\r\n{"username":`);
      });
      expect(text).toMatch(/^HTTP\/1\.1 413 /);
      expect(text).toMatch(/\r\nconnection: close\r\n/i);
      expect(text).toContain('"code":"body-too-large"');
    });
  });
});
