// Renders public/favicon.svg to the manifest's PNG icons (192, 512, maskable 512) with Debian's Chromium.
// Run by hand after changing the icon: `npx tsx scripts/render-icons.ts`. The PNGs are committed.
import { readFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { chromiumPath } from '../test/e2e/support/chromium';

const svg = await readFile(new URL('../public/favicon.svg', import.meta.url), 'utf8');
const browser = await chromium.launch({
  executablePath: chromiumPath(),
  args: ['--no-sandbox', '--disable-gpu'],
});
const page = await browser.newPage();

async function render(size: number, file: string, maskable: boolean) {
  await page.setViewportSize({ width: size, height: size });
  // A maskable icon keeps its artwork inside the central 80% safe zone, on a full-bleed background.
  const inner = maskable ? Math.round(size * 0.7) : size;
  await page.setContent(
    `<body style="margin:0;background:${maskable ? '#005eb8' : 'transparent'};display:grid;place-items:center;height:${size}px">` +
      `<div style="width:${inner}px;height:${inner}px">${svg.replace('<svg ', `<svg width="${inner}" height="${inner}" `)}</div></body>`,
  );
  await page.screenshot({ path: `public/icons/${file}`, omitBackground: !maskable });
}

await render(192, 'icon-192.png', false);
await render(512, 'icon-512.png', false);
await render(512, 'icon-maskable-512.png', true);
await browser.close();
