// `npm run postcodes -- import <file.csv>`: imports the ONS postcode directory (NSPL/ONSPD or PCD_OA21_LSOA21
// CSV) into the lookup tablets download when they next sync.
import { importPostcodeFile, PostcodeFileError } from '../db/postcode-lookup';
import { withDatabase } from './with-database';

const USAGE = `Usage:
  npm run postcodes -- import <postcode-directory.csv>
Keeps live postcodes in the nine Mid and South Essex districts. Tablets download the new lookup on their next sync.
Uses DATABASE_URL when set, otherwise the embedded database in DATA_DIR (default ./data).`;

async function main(args: string[]): Promise<number> {
  const [command, file] = args;
  if (command !== 'import' || !file) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(
    async (db) => {
      const { version, stats } = await importPostcodeFile(db, file);
      console.log(
        `Imported ${stats.kept} postcodes as ${version} (${stats.rows} rows read: ${stats.terminated} terminated, ${stats.outsideArea} outside Mid and South Essex, ${stats.invalid} not valid).`,
      );
      return 0;
    },
    (error): error is PostcodeFileError => error instanceof PostcodeFileError,
  );
}

process.exitCode = await main(process.argv.slice(2));
