// Benchmark: the JavaScript index.html loads before the first screen (gzip and brotli), the service worker's own
// script, the app's JS and CSS (what the first visit downloads and precaches), and the first visit's whole transfer as
// the server sends it (the build's brotli copies).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { BenchResult } from './result';

/** Issue 15's goal for the JavaScript index.html loads at start (its script and modulepreloads), gzip -9. */
const STARTUP_JS_GOAL_BYTES = 60_000;
/**
 * Goal for the service worker's own script (sw.js, gzip -9), which the browser parses each time it starts the worker:
 * precaching and routing only. The sync engine it imports to sync with no page open is reported apart.
 */
const SW_SCRIPT_GOAL_BYTES = 10_000;
/** The sync engine's script beside sw.js (vite.config.ts SYNC_ENGINE_FILE). */
const SYNC_ENGINE = /^sw-sync-engine-[0-9a-f]+\.js$/;
/** Issue 15's goal for everything the first visit transfers (the page and every precached file). */
const FIRST_VISIT_GOAL_BYTES = 250_000;
/**
 * Bytes a browser taking brotli receives on a tablet's first visit (bodies only): index.html, the service worker, the
 * sync engine it imports while installing, and every file its precache lists (the coordinator console's chunks are
 * not among them).
 */
async function firstVisitBytes(dist: string): Promise<{ sent: number; raw: number; files: number }> {
  const sw = await readFile(join(dist, 'sw.js'), 'utf8');
  const urls = new Set([
    'index.html',
    'sw.js',
    ...(await readdir(dist)).filter((file) => SYNC_ENGINE.test(file)),
    ...[...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] as string),
  ]);
  const totals = { sent: 0, raw: 0, files: 0 };
  for (const url of urls) {
    const path = join(dist, url);
    const raw = (await stat(path)).size;
    const brotli = await stat(`${path}.br`).catch(() => null);
    totals.files += 1;
    totals.raw += raw;
    totals.sent += brotli ? brotli.size : raw;
  }
  return totals;
}

const gzip = (bytes: Buffer) => gzipSync(bytes, { level: 9 }).length;
const brotli = (bytes: Buffer) =>
  brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY } })
    .length;

/** The JavaScript index.html loads before the first screen: its module script and every modulepreload. */
async function startupJs(
  dist: string,
  html: string,
): Promise<{ files: number; gzip: number; brotli: number }> {
  const files = new Set(
    [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1] as string),
  );
  const totals = { files: files.size, gzip: 0, brotli: 0 };
  for (const file of files) {
    const bytes = await readFile(join(dist, file));
    totals.gzip += gzip(bytes);
    totals.brotli += brotli(bytes);
  }
  return totals;
}

export async function appShellSize(dist: string): Promise<BenchResult[]> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const assets = (await readdir(join(dist, 'assets'))).filter((f) => /\.(js|css)$/.test(f));
  const totals = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 } };
  for (const file of assets) {
    const bytes = await readFile(join(dist, 'assets', file));
    const kind = file.endsWith('.js') ? 'js' : 'css';
    totals[kind].raw += bytes.length;
    totals[kind].gzip += gzip(bytes);
  }
  const startup = await startupJs(dist, html);
  const rootFiles = await readdir(dist);
  const workerFiles = rootFiles.filter((f) => /^(sw|workbox-[\w-]+)\.js$/.test(f));
  let workerBytes = 0;
  for (const file of workerFiles) workerBytes += gzip(await readFile(join(dist, file)));
  const engineFiles = rootFiles.filter((f) => SYNC_ENGINE.test(f));
  let engineBytes = 0;
  for (const file of engineFiles) engineBytes += gzip(await readFile(join(dist, file)));
  const kB = (bytes: number) => Math.round(bytes / 100) / 10;
  const firstVisit = await firstVisitBytes(dist);
  return [
    {
      name: 'first visit transfer: the page, the service worker and every precached file, brotli as served',
      value: kB(firstVisit.sent),
      unit: 'kB',
      goal: { op: '<=', target: kB(FIRST_VISIT_GOAL_BYTES) },
      note: `${firstVisit.files} files, ${kB(firstVisit.raw)} kB uncompressed`,
    },
    {
      name: 'start-up JS: what index.html loads before the first screen (script and modulepreloads), gzip -9',
      value: kB(startup.gzip),
      unit: 'kB',
      goal: { op: '<=', target: kB(STARTUP_JS_GOAL_BYTES) },
      note: `${startup.files} files, brotli ${kB(startup.brotli)} kB`,
    },
    {
      name: 'all JS chunks (shell, screens loaded on first use, and the console), gzip -9',
      value: kB(totals.js.gzip),
      unit: 'kB',
      note: `${kB(totals.js.raw)} kB minified`,
    },
    {
      name: 'app shell CSS, gzip -9',
      value: kB(totals.css.gzip),
      unit: 'kB',
      note: `${kB(totals.css.raw)} kB minified`,
    },
    {
      name: 'service worker script with Workbox runtime (parsed at every worker start), gzip -9',
      value: kB(workerBytes),
      unit: 'kB',
      goal: { op: '<=', target: kB(SW_SCRIPT_GOAL_BYTES) },
      note: workerFiles.join(', '),
    },
    {
      name: 'service worker sync engine (Dexie and the sync engine, imported only to sync with no page open), gzip -9',
      value: kB(engineBytes),
      unit: 'kB',
      note: engineFiles.join(', ') || 'missing',
    },
  ];
}
