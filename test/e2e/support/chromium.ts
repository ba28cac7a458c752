// Finds Debian's Chromium (CHROME_PATH overrides) and the launch flags this machine needs.
import { existsSync } from 'node:fs';

export function chromiumPath(): string {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error("Chromium not found: install Debian's chromium package or set CHROME_PATH");
  return found;
}

/** Flags for headless Chromium here: no sandbox as root, no GPU, and no calls home on a closed network. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
