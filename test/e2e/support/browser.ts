// Launches Debian's Chromium through playwright-core with a throwaway profile, and waits for the service worker.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath } from './chromium';

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Run through tsx (benchmarks, `npm run soak`) rather than vitest, functions passed to page.evaluate name their
 * inner functions with a `__name` helper the page lacks: every page gets a no-op one.
 */
const TSX_NAME_HELPER = 'globalThis.__name ??= (fn) => fn';

export async function launchBrowser(): Promise<TestBrowser> {
  const profile = await mkdtemp(join(tmpdir(), 'anchor-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
    acceptDownloads: true,
  });
  await context.addInitScript(TSX_NAME_HELPER);
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Waits until the service worker has installed (precached the shell) and controls the page. */
export async function waitForOfflineReady(page: Page): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Guard: a service worker that never takes control fails the test with its reason instead of hanging it.
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`The service worker did not control ${page.url()} within ${OFFLINE_READY_MS} ms`)),
      OFFLINE_READY_MS,
    );
  });
  try {
    await Promise.race([
      page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        if (navigator.serviceWorker.controller) return;
        await new Promise<void>((resolve) =>
          navigator.serviceWorker.addEventListener('controllerchange', () => resolve(), { once: true }),
        );
      }),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** How long a page may take to be controlled by the service worker (it precaches the whole app first). */
const OFFLINE_READY_MS = 60_000;
