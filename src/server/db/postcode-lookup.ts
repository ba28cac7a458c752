// The postcode lookup on the server: importing a directory file (streamed, from a file or an upload) with its
// progress in postcode_imports, storing it as the one current lookup and as postcode_places, and reading it back.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { desc, eq, sql } from 'drizzle-orm';
import type { PostcodeImportStatus } from '../../shared/console';
import {
  type CompactPostcodeLookup,
  createPostcodeImporter,
  type ImportStats,
} from '../../shared/eligibility/postcode-import';
import { newId } from '../../shared/ids';
import { MID_AND_SOUTH_ESSEX_DISTRICTS } from '../../shared/programmes';
import type { Database } from './connect';
import { postcodeImports, postcodeLookups, postcodePlaces } from './schema';

const CURRENT = 'current';
/** The running import's row is updated after this many rows read (a few hundred times for the full directory). */
export const PROGRESS_EVERY_ROWS = 5000;
/** postcode_places rows per INSERT (3 parameters each, well under PostgreSQL's 65,535). */
const PLACES_PER_INSERT = 2000;
/** Any fixed number: taken (per transaction) while starting an import, so two starts cannot both see none running. */
const IMPORT_START_LOCK = 4_281_906;

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

/** Another import is running: this one was not started. */
export class PostcodeImportRunningError extends Error {
  override readonly name = 'PostcodeImportRunningError';
  constructor(readonly runningId: string) {
    super('A postcode directory import is already running: wait for it to finish.');
  }
}

/** Splits a stream of bytes or text into lines (LF or CRLF) as it arrives; a UTF-8 byte order mark is dropped. */
export async function* linesOf(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let rest = '';
  for await (const chunk of chunks) {
    rest += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    let newline = rest.indexOf('\n');
    let start = 0;
    while (newline >= 0) {
      yield rest.slice(start, newline);
      start = newline + 1;
      newline = rest.indexOf('\n', start);
    }
    rest = rest.slice(start);
  }
  rest += decoder.decode();
  if (rest !== '') yield rest;
}

/** Replaces postcode_places (postcode without its space -> LSOA, district) with the lookup's, inside `tx`. */
async function savePostcodePlaces(tx: Database, lookup: CompactPostcodeLookup): Promise<void> {
  await tx.delete(postcodePlaces);
  for (let start = 0; start < lookup.postcodes.length; start += PLACES_PER_INSERT) {
    const rows = lookup.postcodes.slice(start, start + PLACES_PER_INSERT).map((postcode, offset) => {
      const area = lookup.areaIndex[start + offset] as number;
      return {
        postcode: postcode.replace(' ', ''),
        lsoaCode: lookup.areas[area] as string,
        districtCode: lookup.areaDistricts[area] as string,
      };
    });
    await tx.insert(postcodePlaces).values(rows);
  }
}

export interface ImportProgress {
  rows: number;
  kept: number;
}

/**
 * Reads a postcode directory line by line (the full files are hundreds of megabytes; nothing holds the whole
 * file), keeps live postcodes in the nine Mid and South Essex districts, and stores the result as the current
 * lookup and as postcode_places in one transaction. Its version is a hash of what was kept, so importing the same
 * data again changes nothing on tablets. Throws PostcodeFileError for a file that cannot be read or lacks the
 * directory's columns, leaving both as they were.
 */
export async function importPostcodeLines(
  db: Database,
  lines: AsyncIterable<string>,
  onProgress?: (progress: ImportProgress) => Promise<void>,
): Promise<{ version: string; stats: ImportStats }> {
  const importer = createPostcodeImporter({ districtCodes: Object.keys(MID_AND_SOUTH_ESSEX_DISTRICTS) });
  let read: ReturnType<typeof importer.finish>;
  try {
    let reported = 0;
    for await (const line of lines) {
      importer.addLine(line);
      const progress = importer.progress();
      if (progress.rows - reported >= PROGRESS_EVERY_ROWS) {
        reported = progress.rows;
        await onProgress?.(progress);
      }
    }
    read = importer.finish('pending');
  } catch (error) {
    if (error instanceof PostcodeFileError) throw error;
    throw new PostcodeFileError(error instanceof Error ? error.message : String(error));
  }
  const { lookup: draft, stats } = read;
  const hash = createHash('sha256')
    .update(JSON.stringify([draft.postcodes, draft.areaIndex, draft.areas, draft.areaDistricts]))
    .digest('hex');
  const version = `onspd-${hash.slice(0, 12)}`;
  const lookup = { ...draft, version };
  await db.transaction(async (tx) => {
    await savePostcodeLookup(tx as unknown as Database, lookup);
    await savePostcodePlaces(tx as unknown as Database, lookup);
  });
  return { version, stats };
}

function statusOf(row: typeof postcodeImports.$inferSelect): PostcodeImportStatus {
  return {
    id: row.id,
    state: row.state,
    rowsRead: row.rowsRead,
    postcodesKept: row.postcodesKept,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    error: row.error,
  };
}

export async function readPostcodeImport(db: Database, id: string): Promise<PostcodeImportStatus | null> {
  const [row] = await db.select().from(postcodeImports).where(eq(postcodeImports.id, id));
  return row ? statusOf(row) : null;
}

/** The most recently started import, or null when there has been none. */
export async function latestPostcodeImport(db: Database): Promise<PostcodeImportStatus | null> {
  const [row] = await db.select().from(postcodeImports).orderBy(desc(postcodeImports.startedAt)).limit(1);
  return row ? statusOf(row) : null;
}

/** Records a new running import, unless one is running (PostcodeImportRunningError). */
export async function startPostcodeImport(db: Database, startedBy: string | null): Promise<string> {
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${IMPORT_START_LOCK})`);
    const [running] = await tx
      .select({ id: postcodeImports.id })
      .from(postcodeImports)
      .where(eq(postcodeImports.state, 'running'))
      .limit(1);
    if (running) throw new PostcodeImportRunningError(running.id);
    await tx.insert(postcodeImports).values({ id, state: 'running', startedBy });
  });
  return id;
}

/**
 * Marks imports left running by a server that stopped mid-way as failed. Only for the embedded database, whose
 * one server holds DATA_DIR: on PostgreSQL another instance may be importing right now.
 */
export async function failAbandonedPostcodeImports(db: Database): Promise<void> {
  await db
    .update(postcodeImports)
    .set({ state: 'failed', finishedAt: new Date(), error: 'The server stopped before the import finished.' })
    .where(eq(postcodeImports.state, 'running'));
}

/**
 * Runs an import recorded in postcode_imports (`id` from startPostcodeImport): progress every PROGRESS_EVERY_ROWS
 * rows, then done with the counts, or failed with the reason (and the error thrown again).
 */
export async function runPostcodeImport(
  db: Database,
  id: string,
  lines: AsyncIterable<string>,
): Promise<{ version: string; stats: ImportStats }> {
  try {
    const result = await importPostcodeLines(db, lines, async ({ rows, kept }) => {
      await db
        .update(postcodeImports)
        .set({ rowsRead: rows, postcodesKept: kept })
        .where(eq(postcodeImports.id, id));
    });
    await db
      .update(postcodeImports)
      .set({
        state: 'done',
        rowsRead: result.stats.rows,
        postcodesKept: result.stats.kept,
        finishedAt: new Date(),
      })
      .where(eq(postcodeImports.id, id));
    return result;
  } catch (error) {
    const message =
      error instanceof PostcodeFileError ? error.message : 'The import failed on the server; see its log.';
    await db
      .update(postcodeImports)
      .set({ state: 'failed', finishedAt: new Date(), error: message })
      .where(eq(postcodeImports.id, id));
    throw error;
  }
}

/** Imports a directory file from disk (npm run postcodes), recorded like an upload. */
export async function importPostcodeFile(
  db: Database,
  path: string,
  startedBy: string | null = null,
): Promise<{ version: string; stats: ImportStats }> {
  const id = await startPostcodeImport(db, startedBy);
  const file = createReadStream(path);
  try {
    return await runPostcodeImport(
      db,
      id,
      linesOf(
        (async function* () {
          try {
            yield* file;
          } catch (error) {
            throw new PostcodeFileError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
          }
        })(),
      ),
    );
  } catch (error) {
    if (error instanceof PostcodeFileError && !error.message.startsWith(path)) {
      throw new PostcodeFileError(`${path}: ${error.message}`);
    }
    throw error;
  } finally {
    file.destroy();
  }
}
