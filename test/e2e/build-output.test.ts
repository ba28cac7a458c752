// The production build: vite build emits the service worker, which precaches the whole shell, and the manifest.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const dist = join(process.cwd(), 'dist');

describe('vite build output', () => {
  it('emits a web app manifest with name, NHS blue, standalone display, 192/512/maskable icons and no orientation lock', async () => {
    const manifest = JSON.parse(await readFile(join(dist, 'manifest.webmanifest'), 'utf8'));
    expect(manifest).toMatchObject({
      name: 'Anchor Outreach',
      short_name: 'Anchor',
      display: 'standalone',
      theme_color: '#005eb8',
      start_url: '/',
    });
    expect(manifest.orientation).toBeUndefined();
    const icons = manifest.icons as { src: string; sizes: string; purpose: string }[];
    expect(icons.map((icon) => `${icon.sizes} ${icon.purpose}`).sort()).toEqual([
      '192x192 any',
      '512x512 any',
      '512x512 maskable',
    ]);
    for (const icon of icons) {
      const png = await readFile(join(dist, icon.src));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
      expect(`${width}x${height}`).toBe(icon.sizes);
    }
    const html = await readFile(join(dist, 'index.html'), 'utf8');
    expect(html).toContain('<link rel="manifest" href="/manifest.webmanifest">');
  });

  it('emits a service worker that precaches index.html, every tablet JS and CSS asset and the icons, once each, and syncs in the background', async () => {
    const sw = await readFile(join(dist, 'sw.js'), 'utf8');
    const urls = [...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1] as string);
    // The coordinator console's own chunks (console-…) are online only: coordinator-build.test.ts checks them.
    const assets = (await readdir(join(dist, 'assets'))).filter(
      (f) => /\.(js|css)$/.test(f) && !f.startsWith('console-'),
    );
    expect(assets.length).toBeGreaterThan(1);
    for (const file of [
      'index.html',
      'manifest.webmanifest',
      'icons/icon-192.png',
      ...assets.map((f) => `assets/${f}`),
    ]) {
      expect(urls).toContain(file);
    }
    expect(new Set(urls).size).toBe(urls.length);
    // Our own worker: it waits for the Reload button, and handles Background Sync.
    expect(sw).toContain('SKIP_WAITING');
    expect(sw).toContain('anchor-outreach-sync');
  });

  it('keeps Dexie and the sync engine out of the service worker script, in a separate script it imports to sync, not precached', async () => {
    const sw = await readFile(join(dist, 'sw.js'), 'utf8');
    const engines = (await readdir(dist)).filter((f) => /^sw-sync-engine-[0-9a-f]+\.js$/.test(f));
    expect(engines).toHaveLength(1);
    const engine = engines[0] as string;
    expect(sw).toContain(`importScripts(\`/${engine}\`)`);
    expect([...sw.matchAll(/"url":"([^"]+)"/g)].map((m) => m[1])).not.toContain(engine);
    // Dexie's own error names, which its code carries: in the engine's script, not the worker's.
    expect(sw).not.toContain('DatabaseClosedError');
    const code = await readFile(join(dist, engine), 'utf8');
    expect(code).toContain('DatabaseClosedError');
    expect(code.startsWith('var anchorSyncEngine=')).toBe(true);
  });
});
