// Benchmark: gzipped size of the app shell's JavaScript and CSS (what the first visit downloads and precaches).
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchResult } from './result';

const JS_GOAL_BYTES = 60_000;

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
  return [
    {
      name: 'app shell JS loaded at start by index.html, gzip -9',
      value: kB(totals.initialJs),
      unit: 'kB',
      note: `goal ${kB(JS_GOAL_BYTES)} kB: ${totals.initialJs <= JS_GOAL_BYTES ? 'met' : 'NOT met'}`,
    },
    {
      name: 'all JS chunks (shell + screens loaded on first use, all precached), gzip -9',
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
