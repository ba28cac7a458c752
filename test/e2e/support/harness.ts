// Per-test harness for browser tests: a fresh copy of the built app on its own port and a fresh Chromium profile.
import { afterEach, beforeEach } from 'vitest';
import { launchBrowser, type TestBrowser } from './browser';
import { type StaticServer, serveBuiltApp } from './static-server';

export interface Harness {
  server: StaticServer;
  browser: TestBrowser;
}

/** Registers beforeEach/afterEach hooks; the returned object holds the current test's server and browser. */
export function useAppInChromium(): Harness {
  const harness = {} as Harness;
  beforeEach(async () => {
    harness.server = await serveBuiltApp();
    harness.browser = await launchBrowser();
  });
  afterEach(async () => {
    await harness.browser?.close();
    await harness.server?.dispose();
  });
  return harness;
}
