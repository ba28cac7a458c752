// The seeded chaos scenario: one tablet (a Chromium profile) and two workers make sign-ups (a few through the pages,
// the rest restored in bulk from backup files), grant applications with photos of their paper forms (from backup
// files) and resident checks whose overrides are edited while they are being sent, online and offline, while the
// network, the two servers and the pages misbehave at steps the seed chooses. At the end, everything online, it
// syncs and checks (test/chaos/verify.ts) that the server holds exactly what was made, each once with its last
// content and photos, and that the tablet shows every worker's records as sent.
import type { Page } from 'playwright-core';
import type { Fault, FaultHook } from '../e2e/support/api-proxy';
import { launchBrowser, type TestBrowser, waitForOfflineReady } from '../e2e/support/browser';
import { makeImage } from '../e2e/support/images';
import { unlockTablet } from '../e2e/support/tablet-worker';
import { type ChaosServer, startChaosServer } from './chaos-server';
import { mulberry32, type Prng } from './prng';
import {
  firstSignIn,
  grantsFromBackup,
  holdNetworkState,
  openAs,
  pressSyncNow,
  residentCheckThroughPages,
  saveOverride,
  signUpThroughPages,
  signupsFromBackup,
} from './tablet';
import { type Expected, verifyEverythingSent } from './verify';

export interface ScenarioOptions {
  seed: number;
  /** Records to make in all (sign-ups and checks, both workers). */
  records: number;
  /** Sign-ups made through every page (the rest come from backup files). */
  signupsThroughPages?: number;
  /** Resident checks made through their pages; each may be edited (its override) again and again. */
  checks?: number;
  /** Grant applications with photos of their paper forms, restored from backup files (part of `records`). */
  grants?: number;
  /** How long the final sync of each worker may take before its records count as stuck. */
  finalSyncMs?: number;
  log?: (line: string) => void;
}

export interface ScenarioSummary {
  seed: number;
  records: number;
  byWorker: Record<string, number>;
  steps: Record<string, number>;
  /** API requests by the fault they met. */
  faults: Record<string, number>;
  /** Servers behind the proxy. */
  instances: number;
  /** Requests each server process answered (a restarted server counts as another). */
  answeredBy: number[];
  edits: { saved: number; refused: number };
  durationMs: number;
}

/** A failure of the scenario: its message starts with the seed that replays it. */
export class ChaosFailure extends Error {
  override readonly name = 'ChaosFailure';
}

const STEP_WEIGHTS = {
  bulk: 5,
  grants: 1.5,
  'ui-signup': 1.5,
  check: 1.5,
  'edit-check': 2.5,
  network: 2,
  faults: 2.5,
  restart: 1,
  outage: 0.5,
  reload: 1.5,
  'close-reopen': 1,
  'second-tab': 1,
  'sync-now': 1.5,
  'switch-worker': 1,
} as const;
type Step = keyof typeof STEP_WEIGHTS;

const FAULT_REGIMES = { calm: 2, flaky: 4, failing: 1, slow: 1.5, 'dropping-answers': 1.5 } as const;
type Regime = keyof typeof FAULT_REGIMES;

/** A gateway in front of the servers failing: 502 or 503 with the server-error code, as the proxy answers it. */
const gatewayFailure = (status: 502 | 503): Fault => ({
  kind: 'refuse',
  status,
  code: 'server-error',
  message: 'The service is unavailable',
});

/** Per-request faults of a regime, drawn from their own stream so the scenario's steps replay whatever the timing. */
function faultPlan(regime: Regime, prng: Prng): FaultHook {
  const slow = (): Fault => ({ kind: 'slow', delayMs: prng.int(300, 2_000) });
  switch (regime) {
    case 'calm':
      return () => ({ kind: 'pass' });
    case 'failing':
      return () => (prng.chance(0.5) ? { kind: 'fail' } : gatewayFailure(503));
    case 'slow':
      return slow;
    case 'dropping-answers':
      return () => (prng.chance(0.7) ? { kind: 'drop-after-commit' } : { kind: 'pass' });
    case 'flaky':
      return () => {
        const kind = prng.weighted({ pass: 6, gateway: 1, slow: 1, unreachable: 1, 'drop-after-commit': 1 });
        if (kind === 'gateway') return gatewayFailure(502);
        if (kind === 'slow') return slow();
        return { kind };
      };
  }
}

/** Photos of a paper grant form are this size (drawn by Chromium; a real one is larger, the bytes travel alike). */
const PHOTO_WIDTH = 480;
const PHOTO_HEIGHT = 360;
const MAX_PHOTOS_PER_GRANT = 3;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const BUSY_RETRY_MS = 500;
const BUSY_RETRIES = 40;
const DEFAULT_FINAL_SYNC_MS = 90_000;

export async function runChaosScenario(options: ScenarioOptions): Promise<ScenarioSummary> {
  const { seed } = options;
  const started = Date.now();
  const prng = mulberry32(seed);
  const trail: string[] = [];
  const log = (line: string) => {
    trail.push(line);
    options.log?.(line);
  };
  log(`chaos scenario CHAOS_SEED=${seed}: ${options.records} records`);
  let server: ChaosServer | undefined;
  let browser: TestBrowser | undefined;
  try {
    server = await startChaosServer();
    log(
      `${server.instances} npm start server(s) on ${server.database} are up after ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    browser = await launchBrowser();
    return await play(options, prng, server, browser, log, started);
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error);
    throw new ChaosFailure(
      `CHAOS_SEED=${seed} replays this failure: ${reason}\nlast steps:\n${trail.slice(-25).join('\n')}`,
    );
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.stop().catch(() => undefined);
  }
}

async function play(
  options: ScenarioOptions,
  prng: Prng,
  server: ChaosServer,
  browser: TestBrowser,
  log: (line: string) => void,
  started: number,
): Promise<ScenarioSummary> {
  const { seed } = options;
  const base = server.url;
  const { context } = browser;
  let page: Page = browser.page;
  const uiTarget = options.signupsThroughPages ?? 2;
  const checkTarget = options.checks ?? 2;
  const grantTarget = options.grants ?? 0;
  let grantsMade = 0;
  const expected: Expected = { records: new Map() };
  const checks: { id: string; worker: number; edits: number }[] = [];
  const signedIn = [true, false];
  const steps: Record<string, number> = {};
  const edits = { saved: 0, refused: 0 };
  let offline = false;
  let active = 0;
  let made = 0;
  let uiMade = 0;
  let regimeCount = 0;
  let madeBySecond = false;
  let restarting: Promise<void> = Promise.resolve();
  const worker = () => server.workers[active] as (typeof server.workers)[number];

  await page.goto(base);
  await waitForOfflineReady(page);
  await firstSignIn(page, base, worker().worker);
  log(`${worker().worker.username} signed in after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  /** Opens `path` as the active worker, keeping the network as the scenario has it. */
  const open = async (target: Page, path: string) => {
    await openAs(target, base, path, worker().worker);
    await holdNetworkState(context, target, offline);
  };
  const setOffline = async (value: boolean) => {
    offline = value;
    await holdNetworkState(context, page, offline);
  };

  const signInSecondWorker = async () => {
    // A first sign-in needs the server: the network and server behave for it, then the chaos resumes.
    const wasOffline = offline;
    await restarting;
    server.setFaults(() => ({ kind: 'pass' }));
    await setOffline(false);
    await firstSignIn(page, base, worker().worker);
    signedIn[active] = true;
    await setOffline(wasOffline);
  };

  for (let index = 0; made < options.records; index++) {
    let step: Step = prng.weighted(STEP_WEIGHTS);
    // Each kind of record is made as often as asked, spread through the run (so checks are there to edit), and the
    // second worker takes the tablet and makes records.
    const left = options.records - made;
    const grantsLeft = grantTarget - grantsMade;
    const share = options.records / (Math.max(checkTarget, uiTarget) + 2);
    if (left <= checkTarget - checks.length + uiTarget - uiMade + grantsLeft + 1) {
      step =
        checks.length < checkTarget
          ? 'check'
          : uiMade < uiTarget
            ? 'ui-signup'
            : grantsLeft > 0
              ? 'grants'
              : 'bulk';
    } else if (checks.length < checkTarget && made >= checks.length * share && step === 'bulk')
      step = 'check';
    else if (uiMade < uiTarget && made >= (uiMade + 0.5) * share && step === 'bulk') step = 'ui-signup';
    else if (made > options.records / 3 && !signedIn[1]) step = 'switch-worker';
    else if (active === 1 && !madeBySecond) step = 'bulk';
    if (step === 'ui-signup' && uiMade >= uiTarget) step = 'bulk';
    if (step === 'check' && checks.length >= checkTarget) step = 'bulk';
    if (step === 'grants' && grantsLeft <= 0) step = 'bulk';
    if (step === 'edit-check' && !checks.some((check) => check.worker === active)) step = 'sync-now';
    steps[step] = (steps[step] ?? 0) + 1;
    const at = `step ${index} (${((Date.now() - started) / 1000).toFixed(1)} s, ${made} made, worker ${active + 1}, ${offline ? 'offline' : 'online'})`;

    switch (step) {
      case 'bulk': {
        const count = Math.min(
          left - (checkTarget - checks.length) - (uiTarget - uiMade) - grantsLeft,
          prng.int(8, 40),
        );
        const names = Array.from({ length: count }, (_, i) => `Chaos${seed}n${made + i}`);
        log(`${at}: ${count} sign-ups restored from a backup`);
        const ids = await signupsFromBackup(page, base, worker(), names);
        await holdNetworkState(context, page, offline);
        for (const [i, id] of ids.entries()) {
          expected.records.set(id, {
            type: 'signup',
            workerId: worker().id,
            displayName: `${names[i]} Lovelace`,
          });
        }
        made += count;
        if (active === 1) madeBySecond = true;
        break;
      }
      case 'grants': {
        const count = Math.min(grantsLeft, prng.int(1, 4));
        const grants = [];
        for (let i = 0; i < count; i++) {
          const organisationName = `Chaos${seed} Group ${grantsMade + i}`;
          const photos = [];
          for (let sheet = 1, sheets = prng.int(1, MAX_PHOTOS_PER_GRANT); sheet <= sheets; sheet++) {
            photos.push(
              await makeImage(page, {
                name: `form-page-${sheet}.jpg`,
                width: PHOTO_WIDTH,
                height: PHOTO_HEIGHT,
                type: 'image/jpeg',
                label: `${organisationName}, page ${sheet}`,
              }),
            );
          }
          grants.push({ organisationName, photos });
        }
        const photoCount = grants.reduce((sum, grant) => sum + grant.photos.length, 0);
        log(`${at}: ${count} grant applications with ${photoCount} photos restored from a backup`);
        const restored = await grantsFromBackup(page, base, worker(), grants);
        await holdNetworkState(context, page, offline);
        for (const [i, id] of restored.ids.entries()) {
          expected.records.set(id, {
            type: 'grant-application',
            workerId: worker().id,
            displayName: grants[i]?.organisationName as string,
            photos: restored.photoHashes[i] as string[],
          });
        }
        grantsMade += count;
        made += count;
        if (active === 1) madeBySecond = true;
        break;
      }
      case 'ui-signup': {
        const name = { first: `Paged${seed}n${made}`, last: 'Chaos' };
        log(`${at}: a sign-up through its pages (${name.first})`);
        const id = await signUpThroughPages(page, base, worker().worker, name);
        expected.records.set(id, {
          type: 'signup',
          workerId: worker().id,
          displayName: `${name.first} ${name.last}`,
        });
        uiMade++;
        made++;
        break;
      }
      case 'check': {
        log(`${at}: a resident check through its pages`);
        const id = await residentCheckThroughPages(page, base, worker().worker);
        checks.push({ id, worker: active, edits: 0 });
        expected.records.set(id, { type: 'eligibility-check', workerId: worker().id, overrideReason: null });
        made++;
        break;
      }
      case 'edit-check': {
        const mine = checks.filter((check) => check.worker === active);
        const check = mine[prng.int(0, mine.length - 1)] as (typeof checks)[number];
        const reason = `Chaos edit ${check.edits + 1} of ${check.id}`;
        log(`${at}: edits check ${check.id} while a sync may be sending it (${reason})`);
        // Opening the page unlocks it, which starts a sync run: the edit races it.
        await open(page, `/check/${check.id}/result`);
        let saved = false;
        for (let attempt = 0; attempt < BUSY_RETRIES && !saved; attempt++) {
          saved = await saveOverride(page, reason);
          if (!saved) {
            edits.refused++;
            await pause(BUSY_RETRY_MS);
          }
        }
        if (!saved) throw new Error(`The edit of check ${check.id} was refused ${BUSY_RETRIES} times`);
        check.edits++;
        edits.saved++;
        expected.records.set(check.id, {
          type: 'eligibility-check',
          workerId: worker().id,
          overrideReason: reason,
        });
        break;
      }
      case 'network': {
        log(`${at}: the network ${offline ? 'comes back' : 'goes away'}`);
        await setOffline(!offline);
        break;
      }
      case 'faults': {
        const regime = prng.weighted(FAULT_REGIMES);
        regimeCount++;
        log(`${at}: the server turns ${regime}`);
        server.setFaults(faultPlan(regime, mulberry32((seed ^ (regimeCount * 0x9e3779b9)) >>> 0)));
        break;
      }
      case 'restart': {
        // With one server (the embedded database) a restart would stop the service: it is an outage instead.
        if (server.instances === 1) {
          const ms = prng.int(500, 4_000);
          log(`${at}: the server is away for ${ms} ms`);
          restarting = restarting.then(() => server.outage(ms));
          break;
        }
        const instance = prng.int(0, server.instances - 1);
        log(`${at}: server ${instance + 1} of ${server.instances} restarts (the other serves meanwhile)`);
        restarting = restarting.then(() => server.restart(instance));
        break;
      }
      case 'outage': {
        const ms = prng.int(500, 4_000);
        log(`${at}: every server is unreachable for ${ms} ms`);
        restarting = restarting.then(() => server.outage(ms));
        break;
      }
      case 'reload': {
        const waitMs = prng.int(0, 600);
        log(`${at}: Sync now, then the page reloads after ${waitMs} ms`);
        await open(page, '/');
        await pressSyncNow(page);
        await pause(waitMs);
        await page.reload();
        await unlockTablet(page, worker().worker);
        await holdNetworkState(context, page, offline);
        break;
      }
      case 'close-reopen': {
        const waitMs = prng.int(0, 1_000);
        log(`${at}: Sync now, then the page closes after ${waitMs} ms and opens again`);
        await open(page, '/');
        await pressSyncNow(page);
        await pause(waitMs);
        await page.close();
        page = await context.newPage();
        await open(page, '/');
        break;
      }
      case 'second-tab': {
        const waitMs = prng.int(200, 2_000);
        log(`${at}: a second tab syncs at the same time for ${waitMs} ms`);
        const second = await context.newPage();
        await open(page, '/');
        await open(second, '/');
        await Promise.all([pressSyncNow(page), pressSyncNow(second)]);
        await pause(waitMs);
        await second.close();
        break;
      }
      case 'sync-now': {
        const waitMs = prng.int(0, 2_000);
        log(`${at}: Sync now, then ${waitMs} ms`);
        await open(page, '/');
        await pressSyncNow(page);
        await pause(waitMs);
        break;
      }
      case 'switch-worker': {
        active = 1 - active;
        log(`${at}: worker ${active + 1} takes the tablet${signedIn[active] ? '' : ' (first sign-in)'}`);
        if (signedIn[active]) await open(page, '/');
        else await signInSecondWorker();
        break;
      }
    }
  }

  log(
    `all ${made} records made after ${((Date.now() - started) / 1000).toFixed(1)} s: everything online, syncing`,
  );
  await restarting;
  server.setFaults(() => ({ kind: 'pass' }));
  await setOffline(false);
  const byWorker: Record<string, number> = {};
  for (const entry of expected.records.values()) {
    const name = server.workers.find((w) => w.id === entry.workerId)?.worker.username ?? entry.workerId;
    byWorker[name] = (byWorker[name] ?? 0) + 1;
  }
  await verifyEverythingSent({
    server,
    context,
    page,
    expected,
    workers: server.workers.filter((_, i) => signedIn[i]),
    finalSyncMs: options.finalSyncMs ?? DEFAULT_FINAL_SYNC_MS,
    log,
  });
  const summary: ScenarioSummary = {
    seed,
    records: made,
    byWorker,
    steps,
    faults: Object.fromEntries(server.faultCounts),
    instances: server.instances,
    answeredBy: [...server.answeredBy.values()],
    edits,
    durationMs: Date.now() - started,
  };
  log(`CHAOS_SEED=${seed} passed: ${JSON.stringify(summary)}`);
  return summary;
}
