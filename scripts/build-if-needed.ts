// Builds the PWA (npm run build: vite build, then the compressed copies) when dist/ is missing or older than any of its sources; used by `npm start`.
import { execFileSync } from 'node:child_process';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

const SOURCES = [
  'src/app',
  'src/shared',
  'public',
  'scripts',
  'index.html',
  'vite.config.ts',
  'package-lock.json',
];

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  const entries = await readdir(path);
  const times = await Promise.all(entries.map((entry) => newestMtime(join(path, entry))));
  return Math.max(info.mtimeMs, ...times);
}

const built = (await stat('dist/index.html').catch(() => null))?.mtimeMs ?? 0;
const sources = Math.max(...(await Promise.all(SOURCES.map(newestMtime))));
if (built < sources) {
  console.log(
    built ? 'Sources changed since the last build: building the app.' : 'No build yet: building the app.',
  );
  execFileSync('npm', ['run', 'build'], { stdio: 'inherit' });
} else {
  console.log('The app is already built.');
}
