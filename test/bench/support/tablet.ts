// The Chromium benchmarks' tablet: the built app on the real server, Debian's Chromium at a tablet's viewport with
// the page's CPU slowed through CDP, the worker signed in, in-page timers, and the statistics the figures use.
import type { BrowserContext, Page } from 'playwright-core';
import { type AppServer, startAppServer } from '../../e2e/support/app-server';
import { launchBrowser, type TestBrowser, waitForOfflineReady } from '../../e2e/support/browser';
import { createWorkerAccount, signInOnTablet, WORKER } from '../../e2e/support/tablet-worker';

/** Issue 15's tablet: a mid-range tablet held upright. */
export const TABLET_VIEWPORT = { width: 820, height: 1180 } as const;
/** Issue 15's slowdown (CDP Emulation.setCPUThrottlingRate; it slows the page's main thread, not the worker). */
export const CPU_SLOWDOWN = 4;

export interface BenchTablet {
  server: AppServer;
  browser: TestBrowser;
  page: Page;
  /** The worker's account id on the server. */
  workerId: string;
  close(): Promise<void>;
}

/** Slows `page`'s main thread `rate` times (CDP, per page, kept across its navigations). */
export async function slowCpu(context: BrowserContext, page: Page, rate = CPU_SLOWDOWN): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate });
}

/** A fresh server (its own copy of dist/, in-memory PGlite) with the worker's account, and a fresh Chromium. */
export async function openBenchTablet(): Promise<BenchTablet> {
  const server = await startAppServer();
  const workerId = await createWorkerAccount(server.database.db);
  const browser = await launchBrowser();
  await browser.page.setViewportSize(TABLET_VIEWPORT);
  return {
    server,
    browser,
    page: browser.page,
    workerId,
    async close() {
      await browser.close().catch(() => undefined);
      await server.dispose().catch(() => undefined);
    },
  };
}

/** First visit and online sign-in (passcode chosen), with the service worker installed and controlling. */
export async function signedInTablet(): Promise<BenchTablet> {
  const tablet = await openBenchTablet();
  await tablet.page.goto(tablet.server.url);
  await waitForOfflineReady(tablet.page);
  await signInOnTablet(tablet.page, tablet.server.url);
  return tablet;
}

/** Chromium's product string (e.g. "Chrome/139.0.7258.154"). */
export async function chromiumVersion(context: BrowserContext, page: Page): Promise<string> {
  const cdp = await context.newCDPSession(page);
  const { product } = await cdp.send('Browser.getVersion');
  await cdp.detach();
  return product;
}

/** Nearest-rank percentile (p from 0 to 100). */
export function percentile(values: readonly number[], p: number): number {
  const ordered = [...values].sort((a, b) => a - b);
  return ordered[Math.min(ordered.length - 1, Math.max(0, Math.ceil((p / 100) * ordered.length) - 1))] ?? NaN;
}
export const median = (values: readonly number[]) => percentile(values, 50);
export const roundMs = (ms: number) => Math.round(ms);
export const listMs = (values: readonly number[]) => values.map((ms) => Math.round(ms)).join(', ');

/**
 * Installed before any page script (addInitScript; a string, so no helper of the benchmark's own compiler reaches
 * the page): globalThis.__bench records long tasks, layout shifts, and when each input first took a character
 * and when each click was handled, by the page's clock (ms from the navigation's start).
 */
export const PAGE_PROBES = `(() => {
  const bench = { longTasks: [], shifts: [], typed: {}, clicked: {} };
  globalThis.__bench = bench;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) bench.shifts.push({ at: e.startTime, value: e.value, recentInput: e.hadRecentInput });
    }).observe({ type: 'layout-shift', buffered: true });
  } catch {}
  addEventListener('input', (event) => {
    const target = event.target;
    const key = target && (target.labels && target.labels[0] ? target.labels[0].textContent.trim() : target.name || target.id);
    if (key && target.value && bench.typed[key] === undefined) bench.typed[key] = performance.now();
  }, true);
  addEventListener('click', (event) => {
    const target = event.target && event.target.closest ? event.target.closest('a,button') : null;
    const key = target ? target.textContent.trim() : '';
    if (key && bench.clicked[key] === undefined) bench.clicked[key] = performance.now();
  }, true);
})()`;

export interface PageProbes {
  longTasks: { start: number; duration: number }[];
  shifts: { at: number; value: number; recentInput: boolean }[];
  typed: Record<string, number>;
  clicked: Record<string, number>;
}

export const readProbes = (page: Page) => page.evaluate('globalThis.__bench') as Promise<PageProbes>;

/** First contentful paint of the current document, by the page's clock. */
export const firstContentfulPaint = (page: Page) =>
  page.evaluate(
    `performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN`,
  ) as Promise<number>;

/** The lock screen: types the passcode's first digit as soon as the field takes it, the rest, and unlocks. */
export async function typePasscodeAndUnlock(page: Page): Promise<void> {
  const field = page.getByLabel('Passcode', { exact: true });
  await field.pressSequentially(WORKER.passcode.slice(0, 1));
  await field.pressSequentially(WORKER.passcode.slice(1));
  await page.getByRole('button', { name: 'Unlock' }).click();
  await page.getByRole('heading', { level: 1, name: 'This tablet is locked' }).waitFor({
    state: 'detached',
    timeout: 30_000,
  });
}
