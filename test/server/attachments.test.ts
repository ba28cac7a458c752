// PUT/HEAD/GET /api/v1/attachments/{sha256}: hash verified, idempotent, size and type limits, coordinators read.
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES } from '../../src/shared/api';
import { makeUser, type TestUser, testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const jpeg = (seed: number): Uint8Array<ArrayBuffer> =>
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, seed, seed + 1, 0xff, 0xd9]);
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe.each(databaseKinds())('attachments on %s', (kind) => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let coordinator: TestUser;

  beforeAll(async () => {
    database = await openTestDatabase(kind);
    api = testApi(database.db);
    worker = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  const put = (hash: string, body: Uint8Array<ArrayBuffer>, type = 'image/jpeg') =>
    api.call(`/api/v1/attachments/${hash}`, {
      method: 'PUT',
      token: worker.token,
      body,
      headers: { 'content-type': type },
    });
  const head = (hash: string) =>
    api.call(`/api/v1/attachments/${hash}`, { method: 'HEAD', token: worker.token });

  it('stores a photo under its SHA-256 once; HEAD tells whether it is there', async () => {
    const bytes = jpeg(1);
    const hash = sha(bytes);
    expect((await head(hash)).status).toBe(404);
    const first = await put(hash, bytes);
    expect(first.status).toBe(201);
    expect(first.json).toEqual({ sha256: hash, size: bytes.length, stored: 'created' });
    const again = await put(hash, bytes);
    expect(again.status).toBe(200);
    expect(again.json.stored).toBe('already-there');
    expect((await head(hash)).status).toBe(200);
  });

  it('refuses bytes that do not match the address, a bad address, the wrong type, and an oversized file', async () => {
    const bytes = jpeg(2);
    const mismatch = await put(sha(jpeg(3)), bytes);
    expect(mismatch.status).toBe(422);
    expect(mismatch.json.error).toMatchObject({ code: 'hash-mismatch', details: { actual: sha(bytes) } });
    expect((await head(sha(jpeg(3)))).status).toBe(404);

    expect((await put('not-a-hash', bytes)).json.error.code).toBe('invalid-hash');
    const text = await put(sha(bytes), bytes, 'text/html');
    expect(text.status).toBe(415);
    expect(text.json.error.code).toBe('unsupported-media-type');

    const big = new Uint8Array(ATTACHMENT_MAX_BYTES + 1);
    const tooBig = await put(sha(big), big);
    expect(tooBig.status).toBe(413);
    expect(tooBig.json.error.code).toBe('attachment-too-large');
  });

  it('lets coordinators, not workers, read a photo back byte for byte', async () => {
    const bytes = jpeg(4);
    const hash = sha(bytes);
    await put(hash, bytes);
    const asWorker = await api.call(`/api/v1/attachments/${hash}`, { token: worker.token });
    expect(asWorker.status).toBe(403);
    const response = await api.app.request(`/api/v1/attachments/${hash}`, {
      headers: { authorization: `Bearer ${coordinator.token}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(bytes);
  });
});
