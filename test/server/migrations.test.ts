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
  it('maps decisions to review states, keeps only the 2022-23 window in its pot and versions the settings over a 0005 database', async () => {
    const fresh = await rawDatabase(kind);
    try {
      const older = await migrationsUpTo('0005_disabled_workers');
      folders.push(older);
      await fresh.migrate(older);
      const [ada, device] = [newId(), newId()];
      await fresh.query(
        `INSERT INTO accounts (id, username, password_hash, role) VALUES ('${ada}', 'ada', 'x', 'worker')`,
      );
      await fresh.query(`INSERT INTO counters (name, value) VALUES ('changes', 0)`);
      await fresh.query(
        `INSERT INTO programmes (id, version, settings) VALUES ('micro-grant', 3, '{"id":"micro-grant","version":3}')`,
      );
      await fresh.query(
        `INSERT INTO funds (programme_id, pot_pence, requested_pence, approved_pence) VALUES ('micro-grant', 10000000, 260000, 100000)`,
      );
      const row = (type: string, decision: string | null, payload: object, requested = 0, approved = 0) => {
        const id = newId();
        return {
          id,
          sql: `INSERT INTO records (id, type, owner_id, device_id, version, payload, client_updated_at, review_decision, counted_request_pence, counted_approved_pence)
                VALUES ('${id}', '${type}', '${ada}', '${device}', 1, '${JSON.stringify(payload)}', now(), ${decision ? `'${decision}'` : 'NULL'}, ${requested}, ${approved})`,
        };
      };
      const signupApproved = row('signup', 'approved', {
        answers: { firstName: 'Ann', lastName: 'Lee', postcode: 'SS1 1AA' },
      });
      const signupInfo = row('signup', 'needs-information', { answers: {} });
      const inWindow = row(
        'grant-application',
        'needs-information',
        {
          amountRequestedPence: 60000,
          answers: { receivedOn: '2023-01-10', organisationName: 'Leigh Lunch Club' },
        },
        60000,
      );
      const approvedLate = row(
        'grant-application',
        'approved',
        { amountRequestedPence: 100000, answers: { receivedOn: '2023-06-01' } },
        100000,
        100000,
      );
      const receivedToday = row(
        'grant-application',
        null,
        { amountRequestedPence: 100000, answers: { receivedOn: '2026-12-01' } },
        100000,
      );
      for (const record of [signupApproved, signupInfo, inWindow, approvedLate, receivedToday])
        await fresh.query(record.sql);

      await fresh.migrate(MIGRATIONS);

      const state = async (id: string) =>
        (
          await fresh.query<{
            review_state: string | null;
            round_id: string | null;
            counted_request_pence: string | number;
          }>(`SELECT review_state, round_id, counted_request_pence FROM records WHERE id = '${id}'`)
        )[0];
      expect((await state(signupApproved.id))?.review_state).toBe('enrolled');
      expect((await state(signupInfo.id))?.review_state).toBe('contacted');
      expect(await state(inWindow.id)).toMatchObject({ review_state: 'under-review', round_id: '2022-23' });
      expect(await state(approvedLate.id)).toMatchObject({ review_state: 'approved', round_id: '2022-23' });
      const today = await state(receivedToday.id);
      expect(today).toMatchObject({ review_state: null, round_id: null });
      expect(Number(today?.counted_request_pence)).toBe(0);
      const [pot] = await fresh.query<{
        round_id: string;
        requested_pence: string | number;
        approved_pence: string | number;
      }>(`SELECT round_id, requested_pence, approved_pence FROM funds`);
      expect(pot?.round_id).toBe('2022-23');
      expect(Number(pot?.requested_pence)).toBe(160000);
      expect(Number(pot?.approved_pence)).toBe(100000);
      expect(await fresh.query(`SELECT programme_id, version FROM programme_versions`)).toEqual([
        { programme_id: 'micro-grant', version: 3 },
      ]);
      // The generated columns are filled for rows from before them.
      expect(
        await fresh.query(`SELECT display_name, postcode_key FROM records WHERE id = '${signupApproved.id}'`),
      ).toEqual([{ display_name: 'Ann Lee', postcode_key: 'SS11AA' }]);
    } finally {
      await fresh.close();
    }
  });
});
