// Migrations over existing data: a database stood up at an older migration, given rows, then migrated to the latest.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migratePostgres } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids';
import { type DatabaseKind, databaseKinds } from './support/databases';

const MIGRATIONS = 'src/server/db/migrations';

/** A copy of the migrations folder whose journal stops after `lastTag`: the schema as an older server left it. */
async function migrationsUpTo(lastTag: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'anchor-migrations-'));
  await cp(MIGRATIONS, dir, { recursive: true });
  const journal = JSON.parse(await readFile(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8'));
  const last = journal.entries.findIndex((entry: { tag: string }) => entry.tag === lastTag);
  if (last < 0) throw new Error(`no migration ${lastTag}`);
  journal.entries = journal.entries.slice(0, last + 1);
  await writeFile(join(dir, 'meta', '_journal.json'), JSON.stringify(journal));
  return dir;
}

let databaseCount = 0;

/** A raw database of the given kind: run SQL, migrate with a folder, close. */
async function rawDatabase(kind: DatabaseKind) {
  if (kind === 'pglite') {
    const client = new PGlite('memory://');
    const db = drizzlePglite({ client });
    return {
      query: async <T>(text: string) => (await client.query<T>(text)).rows,
      migrate: (folder: string) => migratePglite(db, { migrationsFolder: folder }),
      close: () => client.close(),
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL as string;
  databaseCount += 1;
  const name = `anchor_migrate_${process.pid}_${Date.now()}_${databaseCount}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const db = drizzlePostgres({ client });
  return {
    query: async <T>(text: string) => (await client.query(text)).rows as T[],
    migrate: (folder: string) => migratePostgres(db, { migrationsFolder: folder }),
    close: async () => {
      await client.end();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

describe.each(databaseKinds())('migrating existing data on %s', (kind) => {
  let database: Awaited<ReturnType<typeof rawDatabase>>;
  const folders: string[] = [];

  beforeAll(async () => {
    database = await rawDatabase(kind);
  });
  afterAll(async () => {
    await database.close();
    for (const folder of folders) await rm(folder, { recursive: true, force: true });
  });

  it('keeps each device row when devices become keyed by (device id, account), lets a second worker in, and leaves older sessions unbound', async () => {
    const older = await migrationsUpTo('0001_postcode_lookups');
    folders.push(older);
    await database.migrate(older);
    const [ada, grace, device] = [newId(), newId(), newId()];
    await database.query(
      `INSERT INTO accounts (id, username, password_hash, role) VALUES
         ('${ada}', 'ada', 'x', 'worker'), ('${grace}', 'grace', 'x', 'worker')`,
    );
    await database.query(`INSERT INTO devices (id, account_id) VALUES ('${device}', '${ada}')`);
    await database.query(
      `INSERT INTO sessions (token_hash, account_id, expires_at) VALUES ('${'a'.repeat(64)}', '${ada}', now() + interval '1 day')`,
    );

    await database.migrate(MIGRATIONS);

    expect(await database.query(`SELECT id, account_id FROM devices`)).toEqual([
      { id: device, account_id: ada },
    ]);
    await database.query(`INSERT INTO devices (id, account_id) VALUES ('${device}', '${grace}')`);
    const rows = await database.query<{ account_id: string }>(
      `SELECT account_id FROM devices WHERE id = '${device}'`,
    );
    expect(rows.map((row) => row.account_id).sort()).toEqual([ada, grace].sort());
    // A session signed in before tokens were bound to devices stays unbound.
    expect(await database.query(`SELECT device_id FROM sessions`)).toEqual([{ device_id: null }]);
    // The same pair twice is still one row.
    await expect(
      database.query(`INSERT INTO devices (id, account_id) VALUES ('${device}', '${grace}')`),
    ).rejects.toThrow();
  });

  it('adds recovery keys and wipe reports over a 0004 database, keeping its accounts, devices and sessions', async () => {
    const fresh = await rawDatabase(kind);
    try {
      const older = await migrationsUpTo('0004_login_address_attempts');
      folders.push(older);
      await fresh.migrate(older);
      const [ada, device] = [newId(), newId()];
      await fresh.query(
        `INSERT INTO accounts (id, username, password_hash, role, disabled_at) VALUES ('${ada}', 'ada', 'x', 'worker', now())`,
      );
      await fresh.query(`INSERT INTO devices (id, account_id) VALUES ('${device}', '${ada}')`);
      await fresh.query(
        `INSERT INTO sessions (token_hash, account_id, expires_at, device_id) VALUES ('${'b'.repeat(64)}', '${ada}', now() + interval '1 day', '${device}')`,
      );

      await fresh.migrate(MIGRATIONS);

      expect(await fresh.query(`SELECT id, account_id FROM devices`)).toEqual([
        { id: device, account_id: ada },
      ]);
      expect(await fresh.query(`SELECT device_id FROM sessions`)).toEqual([{ device_id: device }]);
      await fresh.query(
        `INSERT INTO device_recovery_keys (account_id, device_id, recovery_key) VALUES ('${ada}', '${device}', '\\x00ff')`,
      );
      // One key per (account, device).
      await expect(
        fresh.query(
          `INSERT INTO device_recovery_keys (account_id, device_id, recovery_key) VALUES ('${ada}', '${device}', '\\x01')`,
        ),
      ).rejects.toThrow();
      // Reports are kept one per row: a second about the same pair is another row.
      for (const removed of [3, 4]) {
        await fresh.query(
          `INSERT INTO device_wipes (id, device_id, account_id, reported_by, kept, removed) VALUES ('${newId()}', '${device}', '${ada}', '${ada}', 1, ${removed})`,
        );
      }
      expect(await fresh.query(`SELECT kept, removed FROM device_wipes ORDER BY removed`)).toEqual([
        { kept: 1, removed: 3 },
        { kept: 1, removed: 4 },
      ]);
    } finally {
      await fresh.close();
    }
  });
});
