// Migrations on an empty database, the PWA's caching headers and in-app fallback, and readiness.

import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/server/db/connect';
import { testApi } from './support/api';
import { databaseKinds, openTestDatabase, type TestDatabase } from './support/databases';

const TABLES = [
  'accounts',
  'areas',
  'attachments',
  'counters',
  'device_recovery_keys',
  'device_wipes',
  'devices',
  'funds',
  'login_address_attempts',
  'login_attempts',
  'postcode_imports',
  'postcode_lookups',
  'postcode_places',
  'processed_changes',
  'programme_versions',
  'programmes',
  'record_events',
  'records',
  'sessions',
];

describe.each(databaseKinds())('migrations on %s', (kind) => {
  it('creates every table on an empty database, and running them again changes nothing', async () => {
    const database = await openTestDatabase(kind, { seed: false });
    try {
      const tables = await database.db.execute(
        sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`,
      );
      const names = (tables as unknown as { rows: { table_name: string }[] }).rows.map(
        (row) => row.table_name,
      );
      expect(names).toEqual(TABLES);
      const applied = await database.db.execute(
        sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
      );
      const migrations = readdirSync('src/server/db/migrations').filter((name) => name.endsWith('.sql'));
      expect(migrations.length).toBeGreaterThan(1);
      expect(Number((applied as unknown as { rows: { n: number }[] }).rows[0]?.n)).toBe(migrations.length);
    } finally {
      await database.close();
    }
  });
});

describe('embedded database on disk', () => {
  it('keeps data across a restart and migrates only once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'anchor-data-'));
    try {
      const first = await openDatabase({ dataDir: dir });
      await first.db.execute(sql`INSERT INTO counters (name, value) VALUES ('probe', 41)`);
      await first.close();
      const second = await openDatabase({ dataDir: dir });
      const rows = await second.db.execute(sql`SELECT value FROM counters WHERE name = 'probe'`);
      expect(Number((rows as unknown as { rows: { value: number }[] }).rows[0]?.value)).toBe(41);
      await second.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('serving the PWA', () => {
  let database: TestDatabase;
  let dist: string;
  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    dist = await mkdtemp(join(tmpdir(), 'anchor-dist-'));
    await mkdir(join(dist, 'assets'));
    await writeFile(join(dist, 'index.html'), '<!doctype html><title>Anchor Outreach</title>');
    await writeFile(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
    await writeFile(join(dist, 'manifest.webmanifest'), '{"name":"Anchor Outreach"}');
    await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  });
  afterAll(async () => {
    await database.close();
    await rm(dist, { recursive: true, force: true });
  });

  it('makes browsers revalidate index.html and the service worker, and caches hashed assets for good', async () => {
    const { call } = testApi(database.db, { distDir: dist });
    const index = await call('/');
    expect(index.status).toBe(200);
    expect(index.headers.get('cache-control')).toBe('no-cache');
    const sw = await call('/sw.js');
    expect(sw.headers.get('cache-control')).toBe('no-cache');
    const asset = await call('/assets/index-abc123.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const manifest = await call('/manifest.webmanifest');
    expect(manifest.headers.get('content-type')).toBe('application/manifest+json');
  });

  it('answers any in-app address with index.html, but a missing file or API route with 404', async () => {
    const { call } = testApi(database.db, { distDir: dist });
    const deep = await call('/records/signup/0190');
    expect(deep.status).toBe(200);
    expect(deep.text).toContain('<title>Anchor Outreach</title>');
    expect((await call('/assets/missing-123.js')).status).toBe(404);
    const api = await call('/api/v1/nothing-here');
    expect(api.status).toBe(404);
    expect(api.json.error.code).toBe('not-found');
  });

  it('answers a database fault with 500 server-error, and logs the fault without the request’s data', async () => {
    const broken = await openTestDatabase('pglite');
    const lines: Record<string, unknown>[] = [];
    const { call } = testApi(broken.db, { logger: (line) => lines.push(line) });
    await broken.close();
    const response = await call('/api/v1/auth/login', {
      json: { username: 'ada.lovelace', password: 'secret-words' },
    });
    expect(response.status).toBe(500);
    expect(response.json.error.code).toBe('server-error');
    const logged = JSON.stringify(lines);
    expect(logged).toContain('"level":"error"');
    expect(logged).toContain('"route":"/api/v1/auth/login"');
    expect(logged).not.toContain('ada.lovelace');
    expect(logged).not.toContain('secret-words');
  });

  it('reports not ready when the database is gone', async () => {
    const closing = await openTestDatabase('pglite');
    const { call } = testApi(closing.db);
    expect((await call('/readyz')).status).toBe(200);
    await closing.close();
    const response = await call('/readyz');
    expect(response.status).toBe(503);
    expect(response.json.error.code).toBe('database-unavailable');
  });
});
