// Build step for the deprivation data: turns the IoD2025 CSV in scripts/area-data into the compact
// /area-data/imd2025.json the app fetches and the service worker precaches (emitted by `vite build`, served by
// `vite` in development).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { parseImdCsv } from '../src/shared/eligibility/imd-csv';

/** Resolved when used (not at import), so modules that merely import this one load in any environment. */
export const areaDataSource = () =>
  fileURLToPath(new URL('./area-data/imd2025_mid_south_essex.csv', import.meta.url));
export const AREA_DATA_PATH = 'area-data/imd2025.json';

/** The compact JSON for the CSV at `source`; its version is a hash of the CSV, so any change shows on checks. */
export function buildAreaDataJson(source = areaDataSource()): string {
  const text = readFileSync(source, 'utf8');
  const version = `imd2025-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`;
  return JSON.stringify(parseImdCsv(text, version));
}

export function areaDataPlugin(): Plugin {
  return {
    name: 'anchor-area-data',
    configureServer(server) {
      server.middlewares.use(`/${AREA_DATA_PATH}`, (_request, response) => {
        response.setHeader('Content-Type', 'application/json');
        response.end(buildAreaDataJson());
      });
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: AREA_DATA_PATH, source: buildAreaDataJson() });
    },
  };
}
