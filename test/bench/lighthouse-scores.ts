// Benchmark: Lighthouse 12.2.3 (mobile defaults: emulated phone, simulated slow 4G and 4x CPU) on the home page
// of the built app, driving Debian's Chromium launched here with a DevTools port: performance, accessibility and
// best practices, the median of a few runs.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { startAppServer } from '../e2e/support/app-server';
import { chromiumPath } from '../e2e/support/chromium';
import type { BenchResult, Goal } from './result';
import { median } from './support/tablet';

/** Issue 15's goals, as Lighthouse scores them (0 to 100). */
const GOALS: Record<Category, Goal> = {
  performance: { op: '>=', target: 95 },
  accessibility: { op: '>=', target: 100 },
  'best-practices': { op: '>=', target: 100 },
};
const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
type Category = (typeof CATEGORIES)[number];
/** Lighthouse runs (the median of each score is reported). */
const RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3);
/** The flags the brief gives for Lighthouse against Debian's Chromium on this machine. */
const LIGHTHOUSE_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Starts Chromium with a DevTools port chosen by itself; answers that port once Chromium prints it. */
async function launchWithPort(profile: string): Promise<{ port: number; chromium: ChildProcess }> {
  const chromium = spawn(
    chromiumPath(),
    [...LIGHTHOUSE_CHROMIUM_ARGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`Chromium printed no DevTools port: ${seen}`)), 30_000);
    chromium.stderr?.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = /DevTools listening on ws:\/\/[^:]+:(\d+)\//.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    chromium.once('exit', (code) => reject(new Error(`Chromium exited (${code}): ${seen}`)));
  });
  return { port, chromium };
}

export async function lighthouseScores(): Promise<BenchResult[]> {
  const server = await startAppServer();
  const scores: Record<Category, number[]> = { performance: [], accessibility: [], 'best-practices': [] };
  let version = '';
  let userAgent = '';
  const metrics: string[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      // A fresh profile each run: Lighthouse's own first load of the page, as a new visitor's.
      const profile = await mkdtemp(join(tmpdir(), 'anchor-lighthouse-'));
      const { port, chromium } = await launchWithPort(profile);
      try {
        const result = await lighthouse(`${server.url}/`, {
          port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: [...CATEGORIES],
        });
        if (!result) throw new Error('Lighthouse returned no result');
        const { lhr } = result;
        if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
        version = lhr.lighthouseVersion;
        userAgent = lhr.environment.hostUserAgent;
        const audit = (id: string) => lhr.audits[id]?.displayValue ?? '?';
        metrics.push(
          `FCP ${audit('first-contentful-paint')}, LCP ${audit('largest-contentful-paint')}, TBT ${audit('total-blocking-time')}, CLS ${audit('cumulative-layout-shift')}`,
        );
        for (const category of CATEGORIES)
          scores[category].push(Math.round((lhr.categories[category]?.score ?? NaN) * 100));
      } finally {
        chromium.kill();
        await new Promise((resolve) => chromium.once('exit', resolve).once('error', resolve));
        await rm(profile, { recursive: true, force: true });
      }
    }
  } finally {
    await server.dispose();
  }
  const browser = /Chrome\/[\d.]+/.exec(userAgent)?.[0] ?? userAgent;
  return CATEGORIES.map((category, index) => ({
    name: `Lighthouse ${category.replace('-', ' ')} on the home page (mobile defaults)`,
    value: median(scores[category]),
    unit: 'score',
    goal: GOALS[category],
    note: `median of ${RUNS}: ${scores[category].join(', ')}; Lighthouse ${version} driving ${browser} (headless); a new visitor's first load, which shows the lock screen asking for a sign-in${index === 0 ? `; simulated metrics by run: ${metrics.join(' | ')}` : ''}`,
  }));
}
