// Build, PWA (service worker + manifest) and test-runner configuration for Anchor Outreach.
import { createHash } from 'node:crypto';
import preact from '@preact/preset-vite';
import { build, type Plugin } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { defineConfig } from 'vitest/config';
import packageJson from './package.json' with { type: 'json' };
import { areaDataPlugin } from './scripts/area-data-plugin';
import { SYNC_ENGINE_GLOBAL } from './src/app/pwa/background-sync';

const NHS_BLUE = '#005eb8';
/**
 * Modules only the coordinator console uses. The console is online only, so a chunk made of nothing else is named
 * console-… and left out of the tablets' precache (a chunk shared with a tablet screen keeps its plain name).
 */
const CONSOLE_ONLY =
  /\/src\/app\/(?:features\/coordinator\/|sync\/console\/|sync\/console-client\.ts)|\/node_modules\/(?:chart\.js|@kurkle|csv-stringify)\//;
/** Libraries the first screen needs, each group its own file: they change less often than the app's code. */
const STARTUP_LIBRARIES = [
  { name: 'dexie', test: /\/node_modules\/dexie\// },
  { name: 'preact', test: /\/node_modules\/(?:preact|zustand|workbox-window|uuidv7)\// },
];
/** The app's start-up code (what main.tsx imports statically, through any chain) goes in one file, the shell. */
const ENTRY = /\/src\/app\/main\.tsx$/;

/**
 * Whether the module is imported statically, through some chain, by main.tsx: code the first screen loads either
 * way, so it goes in one start-up chunk rather than one small chunk per set of screens that share it.
 */
function inStartup(
  id: string,
  info: (id: string) => { importers: string[] } | null,
  seen = new Set<string>(),
): boolean {
  if (ENTRY.test(id)) return true;
  if (seen.has(id)) return false;
  seen.add(id);
  return (info(id)?.importers ?? []).some((importer) => inStartup(importer, info, seen));
}
/** The service worker's sync engine, a classic script beside sw.js (not precached: the worker keeps its own copy). */
const SYNC_ENGINE_FILE = 'sw-sync-engine';

/**
 * Builds src/app/pwa/sync-engine.ts (Dexie and the app's sync engine) as its own classic script for the service
 * worker's build: the worker imports it only to sync with no page open (service workers cannot import() modules),
 * so its everyday start stays small. The script's hashed name reaches sw.ts as __SYNC_ENGINE_URL__.
 */
function syncEnginePlugin(): Plugin {
  let code = '';
  let fileName = '';
  return {
    name: 'anchor-sync-engine',
    async config(config) {
      const output = await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        define: config.define ?? {},
        build: {
          write: false,
          target: 'es2022',
          minify: true,
          lib: { entry: 'src/app/pwa/sync-engine.ts', formats: ['iife'], name: SYNC_ENGINE_GLOBAL },
        },
      });
      const chunk = [output]
        .flat()
        .flatMap((result) => ('output' in result ? result.output : []))
        .find((file) => file.type === 'chunk');
      // Guard: without the engine's code the worker could not sync by itself; stop the build rather than ship that.
      if (!chunk) throw new Error('The sync engine build produced no script.');
      code = chunk.code;
      fileName = `${SYNC_ENGINE_FILE}-${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
      return { define: { __SYNC_ENGINE_URL__: JSON.stringify(`/${fileName}`) } };
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName, source: code });
    },
  };
}
process.env.VITE_APP_VERSION = packageJson.version;
process.env.VITE_BUILD_TIME ??= new Date().toISOString();

export default defineConfig({
  plugins: [
    preact(),
    // The deprivation data, built from the IoD2025 CSV into /area-data/imd2025.json (precached below).
    areaDataPlugin(),
    VitePWA({
      // The app registers the service worker itself through workbox-window (src/app/pwa) so that it can
      // offer "A new version is available" instead of reloading under a worker's unsaved input.
      registerType: 'prompt',
      injectRegister: false,
      // Our own service worker (src/app/pwa/sw.ts): precaching plus Background Sync with the app's sync engine.
      strategies: 'injectManifest',
      srcDir: 'src/app/pwa',
      filename: 'sw.ts',
      // globPatterns below already precache the icons and the plugin adds the manifest itself.
      includeManifestIcons: false,
      manifest: {
        id: '/',
        name: 'Anchor Outreach',
        short_name: 'Anchor',
        description:
          'Sign-ups, eligibility checks and micro-grant applications for Southend 2050 Ambition, offline first.',
        lang: 'en-GB',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: NHS_BLUE,
        background_color: '#f0f4f5',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
          { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      injectManifest: {
        globPatterns: ['**/*.{js,css,html,svg,png,ico,json,woff2}'],
        // The console's own chunks load from the network when a coordinator opens it (see CONSOLE_ONLY).
        // The sync engine is imported by the worker itself, which keeps its own copy (see syncEnginePlugin).
        globIgnores: ['**/node_modules/**/*', '**/console-*', `**/${SYNC_ENGINE_FILE}-*`],
        buildPlugins: { vite: [syncEnginePlugin()] },
      },
    }),
  ],
  // `npm run dev` serves the app with hot reload; API calls go to a server started with `npm start`.
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
  build: {
    target: 'es2022',
    sourcemap: true,
    rollupOptions: {
      output: {
        // Start-up is a few files, all modulepreloaded by index.html: the libraries, then the shell. Everything else
        // splits by screen as Rolldown sees fit.
        codeSplitting: {
          groups: [
            ...STARTUP_LIBRARIES.map((group, index) => ({ ...group, priority: 10 - index })),
            {
              name: (id: string, ctx: { getModuleInfo: (id: string) => { importers: string[] } | null }) =>
                !ENTRY.test(id) &&
                !id.includes('/node_modules/') &&
                inStartup(id, (m) => ctx.getModuleInfo(m))
                  ? 'shell'
                  : null,
              priority: 1,
            },
          ],
        },
        chunkFileNames: (chunk) =>
          chunk.moduleIds.length > 0 && chunk.moduleIds.every((id) => CONSOLE_ONLY.test(id))
            ? `assets/${chunk.name.startsWith('console') ? '' : 'console-'}[name]-[hash].js`
            : 'assets/[name]-[hash].js',
      },
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/app/**/*.test.{ts,tsx}', 'test/shared/**/*.test.ts'],
          environment: 'jsdom',
          setupFiles: ['test/app/setup.ts'],
        },
      },
      {
        test: {
          name: 'server',
          include: ['test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
