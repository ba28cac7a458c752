// Per-test harness for browser tests: the real server on a fresh copy of the built app, a fresh Chromium profile,
// and the console errors the page logged (a CSP violation or an uncaught error fails the test).
import { afterEach, beforeEach, expect } from 'vitest';
import { type AppServer, startAppServer } from './app-server';
import { launchBrowser, type TestBrowser } from './browser';
import { createWorkerAccount } from './tablet-worker';

export interface Harness {
  server: AppServer;
  /** The account id of the tablet worker (tablet-worker.ts WORKER), which the server holds. */
  workerId: string;
  browser: TestBrowser;
  consoleErrors: string[];
}

/** Registers beforeEach/afterEach hooks; the returned object holds the current test's server and browser. */
export function useAppInChromium(): Harness {
  const harness = {} as Harness;
  beforeEach(async () => {
    harness.server = await startAppServer();
    harness.workerId = await createWorkerAccount(harness.server.database.db);
    harness.browser = await launchBrowser();
    harness.consoleErrors = [];
    const record = (text: string) => harness.consoleErrors.push(text);
    harness.browser.context.on('console', (message) => {
      // Failed requests while the server is deliberately stopped or offline are expected; anything else is not.
      if (
        message.type() === 'error' &&
        !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED/.test(message.text())
      ) {
        record(message.text());
      }
    });
    harness.browser.context.on('weberror', (error) => record(String(error.error())));
  });
  afterEach(async () => {
    await harness.browser?.close();
    await harness.server?.dispose();
    expect(harness.consoleErrors, 'errors in the browser console').toEqual([]);
  });
  return harness;
}
