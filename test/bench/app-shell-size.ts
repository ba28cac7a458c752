// Benchmark: gzipped size of the app shell's JavaScript and CSS (what the first visit downloads and precaches), and
// the first visit's whole transfer as the server sends it (the build's brotli copies).
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './result';

const JS_GOAL_BYTES = 60_000;
/** Issue 15's goal for everything the first visit transfers (the page and every precached file). */
const FIRST_VISIT_GOAL_BYTES = 250_000;
/**
 * Bytes a browser taking brotli receives on a tablet's first visit (bodies only): index.html, the service worker and
 * every file its precache lists (the coordinator console's chunks are not among them).
 */
async function firstVisitBytes(dist: string): Promise<{ sent: number; raw: number; files: number }> {
  const sw = await readFile(join(dist, 'sw.js'), 'utf8');
  const urls = new Set([
    'index.html',
    'sw.js',
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

export async function appShellSize(dist: string): Promise<BenchResult[]> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const referenced = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.(?:js|css))"/g)].map(
    (m) => m[1] as string,
  );
  const assets = (await readdir(join(dist, 'assets'))).filter((f) => /\.(js|css)$/.test(f));
  const totals = { js: { raw: 0, gzip: 0 }, css: { raw: 0, gzip: 0 }, initialJs: 0 };
  for (const file of assets) {
    const bytes = await readFile(join(dist, 'assets', file));
    const gzip = gzipSync(bytes, { level: 9 }).length;
    const kind = file.endsWith('.js') ? 'js' : 'css';
    totals[kind].raw += bytes.length;
    totals[kind].gzip += gzip;
    if (kind === 'js' && referenced.includes(`assets/${file}`)) totals.initialJs += gzip;
  }
  const workerFiles = (await readdir(dist)).filter((f) => /^(sw|workbox-[\w-]+)\.js$/.test(f));
  let workerBytes = 0;
  for (const file of workerFiles)
    workerBytes += gzipSync(await readFile(join(dist, file)), { level: 9 }).length;
  const kB = (bytes: number) => Math.round(bytes / 100) / 10;
  const firstVisit = await firstVisitBytes(dist);
  return [
    {
      name: 'first visit transfer: the page, the service worker and every precached file, brotli as served',
      value: kB(firstVisit.sent),
      unit: 'kB',
      note: `${firstVisit.files} files, ${kB(firstVisit.raw)} kB uncompressed; goal ${kB(FIRST_VISIT_GOAL_BYTES)} kB: ${firstVisit.sent <= FIRST_VISIT_GOAL_BYTES ? 'met' : 'NOT met'}`,
    },
    {
      name: 'app shell JS loaded at start by index.html, gzip -9',
      value: kB(totals.initialJs),
      unit: 'kB',
      note: `goal ${kB(JS_GOAL_BYTES)} kB: ${totals.initialJs <= JS_GOAL_BYTES ? 'met' : 'NOT met'}`,
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
      name: 'service worker with Workbox runtime, gzip -9',
      value: kB(workerBytes),
      unit: 'kB',
      note: workerFiles.join(', '),
    },
  ];
}
