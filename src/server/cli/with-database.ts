// Runs a command-line operation on the database the server uses (DATABASE_URL, or the embedded one in DATA_DIR),
// printing an expected failure's message and closing the database either way.
import { readConfig } from '../config';
import type { Database } from '../db/connect';
import { openDatabase } from '../db/connect';

/** Returns the exit code: the operation's, or 1 after printing an error `expected` recognises. */
export async function withDatabase(
  operation: (db: Database) => Promise<number>,
  expected: (error: unknown) => error is Error,
): Promise<number> {
  const config = readConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    return await operation(database.db);
  } catch (error) {
    if (expected(error)) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}
