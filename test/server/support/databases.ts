// Test databases for server tests: an in-memory PGlite always, and a fresh PostgreSQL database per test file when
// TEST_DATABASE_URL is set (CI sets it to this machine's PostgreSQL).
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../../src/server/db/connect';
import { ensureReferenceData } from '../../../src/server/db/reference-data';

export type DatabaseKind = 'pglite' | 'postgres';

/** The databases every server test file runs against. */
export function databaseKinds(): DatabaseKind[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

let counter = 0;

function withDatabaseName(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

/**
 * An empty, migrated and seeded database of the given kind. For PostgreSQL a new database is created in the
 * server TEST_DATABASE_URL points at, and dropped again by close().
 */
export async function openTestDatabase(
  kind: DatabaseKind,
  options: { seed?: boolean; poolSize?: number } = {},
) {
  let handle: DatabaseHandle;
  let drop = async (): Promise<void> => {};
  if (kind === 'pglite') {
    handle = await openDatabase({ dataDir: 'memory://' });
  } else {
    const adminUrl = process.env.TEST_DATABASE_URL as string;
    counter += 1;
    const name = `anchor_test_${process.pid}_${Date.now()}_${counter}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    handle = await openDatabase({
      databaseUrl: withDatabaseName(adminUrl, name),
      poolSize: options.poolSize ?? 10,
    });
    drop = async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    };
  }
  if (options.seed !== false) await ensureReferenceData(handle.db);
  return {
    ...handle,
    async close() {
      await handle.close();
      await drop();
    },
  };
}

export type TestDatabase = Awaited<ReturnType<typeof openTestDatabase>>;
