// The postcode lookup on the server: importing a directory file (streamed), storing it as the one current
// lookup, and reading it back for tablets.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { eq } from 'drizzle-orm';
import {
  type CompactPostcodeLookup,
  createPostcodeImporter,
  type ImportStats,
} from '../../shared/eligibility/postcode-import';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../shared/programmes';
import type { Database } from './connect';
import { postcodeLookups } from './schema';

const CURRENT = 'current';

/** Replaces the current lookup in one statement: tablets see the old one or the new one, never a mix. */
export async function savePostcodeLookup(db: Database, lookup: CompactPostcodeLookup): Promise<void> {
  const row = { id: CURRENT, version: lookup.version, lookup, postcodeCount: lookup.postcodes.length };
  await db
    .insert(postcodeLookups)
    .values(row)
    .onConflictDoUpdate({
      target: postcodeLookups.id,
      set: {
        version: row.version,
        lookup: row.lookup,
        postcodeCount: row.postcodeCount,
        importedAt: new Date(),
      },
    });
}

export async function loadPostcodeLookupVersion(db: Database): Promise<string | null> {
  const [row] = await db
    .select({ version: postcodeLookups.version })
    .from(postcodeLookups)
    .where(eq(postcodeLookups.id, CURRENT));
  return row?.version ?? null;
}

export async function loadPostcodeLookup(db: Database): Promise<CompactPostcodeLookup | null> {
  const [row] = await db.select().from(postcodeLookups).where(eq(postcodeLookups.id, CURRENT));
  return row ? (row.lookup as CompactPostcodeLookup) : null;
}

/** The file could not be read, or is not a postcode directory: nothing was stored. */
export class PostcodeFileError extends Error {
  override readonly name = 'PostcodeFileError';
}

/**
 * Reads a postcode directory CSV line by line (the full files are hundreds of megabytes), keeps live postcodes
 * in the nine Mid and South Essex districts, and stores the result as the current lookup. Its version is a hash
 * of what was kept, so importing the same data again changes nothing on tablets. Throws for a file without the
 * directory's columns, leaving the current lookup as it was.
 */
export async function importPostcodeFile(
  db: Database,
  path: string,
): Promise<{ version: string; stats: ImportStats }> {
  const importer = createPostcodeImporter({ districtCodes: Object.keys(MID_AND_SOUTH_ESSEX_DISTRICTS) });
  let read: ReturnType<typeof importer.finish>;
  try {
    const lines = createInterface({
      input: createReadStream(path, 'utf8'),
      crlfDelay: Number.POSITIVE_INFINITY,
    });
    for await (const line of lines) importer.addLine(line);
    read = importer.finish('pending');
  } catch (error) {
    throw new PostcodeFileError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const { lookup: draft, stats } = read;
  const hash = createHash('sha256')
    .update(JSON.stringify([draft.postcodes, draft.areaIndex, draft.areas, draft.areaDistricts]))
    .digest('hex');
  const version = `onspd-${hash.slice(0, 12)}`;
  await savePostcodeLookup(db, { ...draft, version });
  return { version, stats };
}
