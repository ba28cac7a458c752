// Compressed transfer: the build's brotli and gzip copies chosen by Accept-Encoding (with Vary), ETags on files
// without a hash in their name, and API reads compressed where they are large enough to pay.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PRECOMPRESS_MIN_BYTES, precompress } from '../../scripts/precompress';
import { buildApp } from '../../src/server/app';
import { silentLogger } from '../../src/server/http/logging';
import { makeUser } from './support/api';
import { openTestDatabase, type TestDatabase } from './support/databases';

/** A script large and repetitive enough to be worth compressing, as a built chunk is. */
const SCRIPT = `export const rows = [${Array.from({ length: 400 }, (_, i) => `{id:${i},label:"row ${i}"}`).join(',')}];\n`;
const HTML = `<!doctype html><title>Anchor Outreach</title>${'<p>Southend 2050 Ambition</p>'.repeat(80)}`;
const TINY = 'self.addEventListener("fetch", () => {});';

describe('compressed transfer', () => {
  let database: TestDatabase;
  let dist: string;
  let app: ReturnType<typeof buildApp>;
  const get = (path: string, headers: Record<string, string> = {}) =>
    app.request(path, { headers: { 'accept-encoding': 'br, gzip', ...headers } });

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    dist = await mkdtemp(join(tmpdir(), 'anchor-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), HTML);
    await writeFile(join(dist, 'sw.js'), TINY);
    await writeFile(join(dist, 'assets', 'index-abc123.js'), SCRIPT);
    await writeFile(join(dist, 'assets', 'logo-abc123.png'), Buffer.alloc(4096, 7));
    await precompress(dist);
    app = buildApp({ db: database.db, distDir: dist, logger: silentLogger });
  });
  afterAll(async () => {
    await database.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('writes brotli and gzip copies beside compressible files only, each smaller than the file', async () => {
    const br = await readFile(join(dist, 'assets', 'index-abc123.js.br'));
    const gz = await readFile(join(dist, 'assets', 'index-abc123.js.gz'));
    expect(br.length).toBeLessThan(SCRIPT.length / 4);
    expect(brotliDecompressSync(br).toString()).toBe(SCRIPT);
    expect(gunzipSync(gz).toString()).toBe(SCRIPT);
    // Under the threshold (not worth it) and images (already compressed): no copies.
    expect(TINY.length).toBeLessThan(PRECOMPRESS_MIN_BYTES);
    await expect(readFile(join(dist, 'sw.js.br'))).rejects.toThrow();
    await expect(readFile(join(dist, 'assets', 'logo-abc123.png.br'))).rejects.toThrow();
  });

  it('sends the brotli copy to a browser that takes it, gzip to one that takes only gzip, and the file to others, always with Vary', async () => {
    const brotli = await get('/assets/index-abc123.js');
    expect(brotli.headers.get('content-encoding')).toBe('br');
    expect(brotli.headers.get('vary')).toContain('Accept-Encoding');
    expect(brotli.headers.get('content-type')).toContain('javascript');
    expect(brotli.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(Buffer.from(await brotli.arrayBuffer())).toString()).toBe(SCRIPT);

    const gzip = await get('/assets/index-abc123.js', { 'accept-encoding': 'gzip' });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(gzip.headers.get('vary')).toContain('Accept-Encoding');
    expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(SCRIPT);

    const plain = await get('/assets/index-abc123.js', { 'accept-encoding': 'identity' });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toBe(SCRIPT);

    const image = await get('/assets/logo-abc123.png');
    expect(image.headers.get('content-encoding')).toBeNull();
  });

  it('serves index.html compressed with an ETag, and answers a matching If-None-Match with a bodiless 304', async () => {
    const index = await get('/');
    expect(index.headers.get('content-encoding')).toBe('br');
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const tag = index.headers.get('etag');
    expect(tag).toBeTruthy();
    const again = await get('/', { 'if-none-match': tag as string });
    expect(again.status).toBe(304);
    expect((await again.arrayBuffer()).byteLength).toBe(0);
    // An in-app address is index.html too, compressed as it is sent.
    const deep = await get('/records/signup/0190', { 'accept-encoding': 'gzip' });
    expect(deep.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await deep.arrayBuffer())).toString()).toContain('Anchor Outreach');
  });

  it('compresses a large API read but never a push', async () => {
    const worker = await makeUser(database.db);
    const pull = await app.request('/api/v1/sync/pull?cursor=0', {
      headers: { authorization: `Bearer ${worker.token}`, 'accept-encoding': 'gzip' },
    });
    expect(pull.status).toBe(200);
    expect(pull.headers.get('content-encoding')).toBe('gzip');
    expect(pull.headers.get('cache-control')).toBe('no-store');
    const body = JSON.parse(gunzipSync(Buffer.from(await pull.arrayBuffer())).toString());
    expect(body.reference.programmes.length).toBeGreaterThan(0);

    const push = await app.request('/api/v1/sync/push', {
      method: 'POST',
      headers: {
        authorization: `Bearer ${worker.token}`,
        'accept-encoding': 'gzip',
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        protocolVersion: 1,
        deviceId: '0190a000-0000-7000-8000-000000000001',
        changes: [],
      }),
    });
    expect(push.headers.get('content-encoding')).toBeNull();
  });
});
