// `npm run postcodes -- import <file.csv>`: imports the ONS postcode directory (NSPL/ONSPD or PCD_OA21_LSOA21
// CSV) into the lookup tablets download when they next sync.
import { readConfig } from '../config';
import { openDatabase } from '../db/connect';
import { importPostcodeFile } from '../db/postcode-lookup';

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
  const config = readConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { version, stats } = await importPostcodeFile(database.db, file);
    console.log(
      `Imported ${stats.kept} postcodes as ${version} (${stats.rows} rows read: ${stats.terminated} terminated, ${stats.outsideArea} outside Mid and South Essex, ${stats.invalid} not valid).`,
    );
    return 0;
  } catch (error) {
    if (error instanceof Error && !(error as { code?: unknown }).code) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await database.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
