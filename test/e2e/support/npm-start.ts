// Runs the app as people do, `npm start`, on a fresh embedded database with a worker and a coordinator, behind a
// local proxy that can be told to fail the API (a failing server or gateway, a dropped connection, a refusal), for
// sync browser tests.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import { launchBrowser, type TestBrowser, waitForOfflineReady } from './browser';
import { signInOnTablet, WORKER } from './tablet-worker';

export const COORDINATOR = { username: 'coordinator1', password: 'a long coordinator passphrase' };

/**
 * What the proxy does with API requests: pass them through, answer 500, drop the connection without an answer
 * (the server unreachable), or answer with this status and error code (a refusal).
 */
export type ApiMode = 'pass' | 'fail' | 'unreachable' | { status: number; code: string; message: string };

export interface RunningApp {
  /** The proxy's address: what the browser uses. */
  url: string;
  /** The account id of WORKER, whose records the browser tests make. */
  workerId: string;
  /** Makes the proxy answer every API request with 500 (true) or pass it through (false). */
  failApi(failing: boolean): void;
  setApiMode(mode: ApiMode): void;
  /**
   * After `answered` requests to `path` have had their answers, later ones still reach the server (which applies
   * them) but their answers never come back: the connection hangs, as when a network drops after the server
   * committed. `null` ends that.
   */
  holdAnswers(hold: { path: string; answered: number } | null): void;
  /** Counts of API requests the proxy saw, by path. */
  apiRequests: Map<string, number>;
  coordinatorGet<T>(path: string): Promise<T>;
  stop(): Promise<void>;
}

async function createAccount(
  env: NodeJS.ProcessEnv,
  account: { username: string; password: string },
  role: string,
) {
  await promisify(execFile)(
    'npm',
    ['run', '--silent', 'accounts', '--', 'create', account.username, '--role', role],
    { env: { ...env, ANCHOR_PASSWORD: account.password } },
  );
}

export interface StartOptions {
  /** A postcode directory CSV imported (npm run postcodes -- import) before the server starts. */
  postcodeFile?: string;
  /**
   * postgres://… of a server to run on instead of the embedded database: a fresh database is made there for this
   * run and dropped by stop().
   */
  postgresUrl?: string;
  /** A folder for the server's CPU profile (server.cpuprofile), written when it stops. */
  cpuProfileDir?: string;
}

/** A fresh database on the PostgreSQL server at `url` for one run, and how to drop it. */
async function freshPostgresDatabase(url: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `anchor_npm_start_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const database = new URL(url);
  database.pathname = `/${name}`;
  return {
    url: database.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function startWithNpm(options: StartOptions = {}): Promise<RunningApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'anchor-npm-start-'));
  const postgres = options.postgresUrl ? await freshPostgresDatabase(options.postgresUrl) : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
  };
  await createAccount(env, WORKER, 'worker');
  await createAccount(env, COORDINATOR, 'coordinator');
  if (options.postcodeFile) {
    await promisify(execFile)('npm', ['run', '--silent', 'postcodes', '--', 'import', options.postcodeFile], {
      env,
    });
  }
  const child = spawn('npm', ['start', '--silent'], {
    env: {
      ...env,
      PORT: '0',
      ...(options.cpuProfileDir
        ? { ANCHOR_CPU_PROFILE: join(options.cpuProfileDir, 'server.cpuprofile') }
        : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const upstream = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not listen: ${output}`)), 90_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"event":"listening","url":"([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });

  let mode: ApiMode = 'pass';
  let hold: { path: string; answered: number } | null = null;
  const apiRequests = new Map<string, number>();
  const target = new URL(upstream);
  const proxy: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path.startsWith('/api/')) apiRequests.set(path, (apiRequests.get(path) ?? 0) + 1);
    if (mode !== 'pass' && path.startsWith('/api/')) {
      if (mode === 'unreachable') {
        req.socket.destroy();
        return;
      }
      req.resume();
      const answer =
        mode === 'fail' ? { status: 500, code: 'server-error', message: 'Down for a moment' } : mode;
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: answer.code, message: answer.message } }));
      return;
    }
    const held = hold !== null && path === hold.path && (apiRequests.get(path) ?? 0) > hold.answered;
    const forward = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (upstreamResponse) => {
        // The server has answered (and committed); the answer is dropped on the floor.
        if (held) {
          upstreamResponse.resume();
          return;
        }
        res.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(res);
      },
    );
    forward.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;

  const login = async (account: { username: string; password: string }) => {
    const response = await fetch(`${upstream}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    return (await response.json()) as { token: string; user: { id: string } };
  };
  const { token } = await login(COORDINATOR);
  const workerId = (await login(WORKER)).user.id;

  let stopping: Promise<void> | null = null;
  async function stopNow(): Promise<void> {
    proxy.closeAllConnections();
    await new Promise<void>((resolve) => proxy.close(() => resolve()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    if (child.pid) process.kill(-child.pid, 'SIGTERM');
    await exited;
    // npm can exit before the node server under it has closed its database: wait until the server no longer
    // answers, then remove the folder (retrying while the last writes land).
    for (let i = 0; i < 50; i++) {
      const up = await fetch(`${upstream}/healthz`).then(
        () => true,
        () => false,
      );
      if (!up) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await postgres?.drop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(
      (error: unknown) => {
        console.warn(`Could not remove ${dataDir}: ${String(error)}`);
      },
    );
  }

  return {
    url,
    workerId,
    failApi: (value) => {
      mode = value ? 'fail' : 'pass';
    },
    setApiMode: (value) => {
      mode = value;
    },
    holdAnswers: (value) => {
      hold = value;
    },
    apiRequests,
    async coordinatorGet<T>(path: string) {
      const response = await fetch(`${upstream}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return (await response.json()) as T;
    },
    stop() {
      // Idempotent: a benchmark stops the server to read its profile, then its finally block stops it again.
      stopping ??= stopNow();
      return stopping;
    },
  };
}

/** Every sign-up id the server holds, across pages (coordinator API). */
export async function serverSignupIds(app: RunningApp): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const page: { records: { id: string }[]; nextCursor: string | null } = await app.coordinatorGet(
      `/api/v1/records?type=signup&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
    );
    ids.push(...page.records.map((record) => record.id));
    cursor = page.nextCursor;
  } while (cursor);
  return ids;
}

/**
 * Opens the app (the service worker installs), then signs in as the worker through the sign-in page, choosing
 * their passcode: the tablet is unlocked until the next reload or new page.
 */
export async function openSignedIn(page: Page, app: RunningApp): Promise<void> {
  await page.goto(app.url);
  await waitForOfflineReady(page);
  await signInOnTablet(page, app.url);
}

/** Per-test hooks: `npm start` on a fresh database, and a fresh Chromium profile. */
export function useNpmStartInChromium(options: StartOptions = {}): { app: RunningApp; browser: TestBrowser } {
  const harness = {} as { app: RunningApp; browser: TestBrowser };
  beforeEach(async () => {
    harness.app = await startWithNpm(options);
    harness.browser = await launchBrowser();
  });
  afterEach(async () => {
    await harness.browser?.close();
    await harness.app?.stop();
  });
  return harness;
}
