// The coordinator console in the production build: its code loads only under /coordinator (none of it is in the
// tablet's start-up JavaScript), none of its chunks holds Dexie or the tablet's store (src/app/db), and tablets
// never precache it (the console is online only) while they precache every other chunk.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const assets = join(process.cwd(), 'dist', 'assets');
/** Static imports and dynamic imports (vite writes the latter with backticks) between chunks. */
const CHUNK_IMPORT = /(?:from\s*|import\s*\(?\s*)["'`]\.\/([^"'`]+\.js)["'`]/g;

async function chunkSources(file: string): Promise<string[]> {
  try {
    return (JSON.parse(await readFile(join(assets, `${file}.map`), 'utf8')) as { sources: string[] }).sources;
  } catch {
    return []; // A runtime helper chunk without a map.
  }
}

describe('the coordinator console in the build', () => {
  it('is left out of the tablet’s start-up JavaScript, and no console chunk holds Dexie or src/app/db', async () => {
    const html = await readFile(join(process.cwd(), 'dist', 'index.html'), 'utf8');
    const startup = new Set([...html.matchAll(/assets\/([^"]+\.js)/g)].map((m) => m[1] as string));
    const files = (await readdir(assets)).filter((file) => file.endsWith('.js'));
    const consoleEntry = files.find((file) => file.startsWith('console-app-'));
    expect(consoleEntry, 'a console-app chunk').toBeTruthy();
    expect(startup.has(consoleEntry as string)).toBe(false);

    // Every chunk the console and its pages load beyond what the tablet shell has already loaded.
    const consoleChunks = new Set<string>();
    const queue = [consoleEntry as string];
    while (queue.length) {
      const file = queue.shift() as string;
      if (consoleChunks.has(file) || startup.has(file)) continue;
      consoleChunks.add(file);
      const code = await readFile(join(assets, file), 'utf8');
      for (const match of code.matchAll(CHUNK_IMPORT)) queue.push(match[1] as string);
    }
    expect([...consoleChunks].some((file) => file.startsWith('console-records-page-'))).toBe(true);
    expect([...consoleChunks].some((file) => file.startsWith('console-record-page-'))).toBe(true);

    const holdingStore: string[] = [];
    for (const file of consoleChunks) {
      for (const source of await chunkSources(file)) {
        if (/node_modules\/dexie\/|src\/app\/db\//.test(source)) holdingStore.push(`${file}: ${source}`);
      }
    }
    expect(holdingStore).toEqual([]);
    // The console's own modules never reach the start-up chunks.
    for (const file of startup) {
      const sources = await chunkSources(file);
      expect(sources.filter((source) => /features\/coordinator\/|sync\/console/.test(source))).toEqual([]);
    }
  });

  it('is left out of the tablets’ precache, which holds every other chunk', async () => {
    const sw = await readFile(join(process.cwd(), 'dist', 'sw.js'), 'utf8');
    const precached = new Set(
      [...sw.matchAll(/"url":"assets\/([^"]+)"/g)].map((match) => match[1] as string),
    );
    const files = (await readdir(assets)).filter((file) => /\.(?:js|css)$/.test(file));
    const consoleFiles = files.filter((file) => file.startsWith('console-'));
    // The console's pages and Chart.js are console chunks.
    expect(consoleFiles.some((file) => file.startsWith('console-reach-page-'))).toBe(true);
    expect(consoleFiles.some((file) => file.startsWith('console-chart-'))).toBe(true);
    expect(consoleFiles.filter((file) => precached.has(file))).toEqual([]);
    expect(files.filter((file) => !file.startsWith('console-') && !precached.has(file))).toEqual([]);
  });
});
