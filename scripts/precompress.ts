// The build's last step (`npm run build`, after vite build and its service worker): writes a brotli (.br) and a gzip
// (.gz) copy beside every compressible file in dist/, which the server sends by Accept-Encoding (serveStatic's
// precompressed option, with Vary). Made once at build time, at the slowest, smallest settings.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Text formats that shrink; images, fonts in woff2 and the copies themselves are already compressed. */
const COMPRESSIBLE = /\.(?:js|mjs|css|html|svg|json|webmanifest|ico|txt|xml)$/i;
/** Below this a compressed copy saves less than its headers and a file-system lookup cost. */
export const PRECOMPRESS_MIN_BYTES = 1024;

async function* filesUnder(dir: string): AsyncGenerator<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* filesUnder(path);
    else yield path;
  }
}

export interface PrecompressResult {
  files: number;
  bytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

/** Writes `.br` and `.gz` beside each compressible file of `dir` (only where the copy is smaller). */
export async function precompress(dir: string): Promise<PrecompressResult> {
  const result: PrecompressResult = { files: 0, bytes: 0, brotliBytes: 0, gzipBytes: 0 };
  for await (const path of filesUnder(dir)) {
    if (!COMPRESSIBLE.test(path)) continue;
    if ((await stat(path)).size < PRECOMPRESS_MIN_BYTES) continue;
    const bytes = await readFile(path);
    const brotli = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    const gzip = gzipSync(bytes, { level: constants.Z_BEST_COMPRESSION });
    result.files += 1;
    result.bytes += bytes.length;
    if (brotli.length < bytes.length) {
      await writeFile(`${path}.br`, brotli);
      result.brotliBytes += brotli.length;
    }
    if (gzip.length < bytes.length) {
      await writeFile(`${path}.gz`, gzip);
      result.gzipBytes += gzip.length;
    }
  }
  return result;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2] ?? 'dist';
  const made = await precompress(dir);
  const kB = (n: number) => `${(n / 1024).toFixed(1)} kB`;
  console.log(
    `precompressed ${made.files} files in ${dir}: ${kB(made.bytes)} -> brotli ${kB(made.brotliBytes)}, gzip ${kB(made.gzipBytes)}`,
  );
}
