// `npm run postcodes -- import <file.csv>`: imports the ONS postcode directory (NSPL/ONSPD or PCD_OA21_LSOA21
// CSV) into the lookup tablets download when they next sync and into postcode_places, through the running server
// when it holds the embedded database (see with-database.ts).
import { resolve } from 'node:path';
import { runAdminCommand } from './with-database';

const USAGE = `Usage:
  npm run postcodes -- import <postcode-directory.csv>
Keeps live postcodes in the nine Mid and South Essex districts. Tablets download the new lookup on their next sync.
Uses DATABASE_URL when set, otherwise the embedded database in DATA_DIR (default ./data): through the server
when one is running on it (the server reads the file, so it must be readable by the server's user).`;

async function main(args: string[]): Promise<number> {
  const [command, file] = args;
  if (command !== 'import' || !file) {
    console.error(USAGE);
    return 2;
  }
  return runAdminCommand({ op: 'import-postcodes', path: resolve(file) }, 'npm run postcodes -- import');
}

process.exitCode = await main(process.argv.slice(2));
