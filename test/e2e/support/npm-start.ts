// Runs the app as people do, `npm start`, on a fresh database with a worker and a coordinator: one embedded-database
// server, or several servers on one PostgreSQL database, behind a local round-robin proxy that can be told to fail
// the API (./api-proxy), for sync, chaos and load tests.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Page } from 'playwright-core';
import { afterEach, beforeEach } from 'vitest';
import { type ApiMode, type ApiProxy, startApiProxy } from './api-proxy';
import { launchBrowser, type TestBrowser, waitForOfflineReady } from './browser';
import { signInOnTablet, WORKER } from './tablet-worker';

export type { ApiMode, ApiProxy, Fault, FaultHook, ProxiedRequest } from './api-proxy';

export const COORDINATOR = { username: 'coordinator1', password: 'a long coordinator passphrase' };
/** How long `npm start` may take to listen (it may build the app first). */
const LISTEN_TIMEOUT_MS = 90_000;
/** How long to wait, after npm exits, for the node server under it to stop answering. */
const SERVER_GONE_POLLS = 50;
const SERVER_GONE_POLL_MS = 100;

/** The rows of a query, from PostgreSQL (pg) or PGlite alike. */
export interface Queryable {
  query<R>(text: string, params?: unknown[]): Promise<{ rows: R[] }>;
}

export interface RunningApp {
  /** The proxy's address: what the browser uses. */
  url: string;
  /** The proxy in front of the servers: faults per request (setFaults), upstream list, request counts. */
  proxy: ApiProxy;
  /** Each server's own address, by instance index (a restarted one has a new address). */
  readonly instances: readonly string[];
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
  /**
   * Stops server `index` (SIGTERM: it finishes the requests it has, then exits) and starts it again on a new port;
   * meanwhile the proxy sends requests to the others (a stopped one refuses connections, and the proxy moves on).
   * Resolves once the new server listens and is in the proxy's list.
   */
  restartInstance(index: number): Promise<void>;
  coordinatorGet<T>(path: string): Promise<T>;
  /** The coordinator's bearer token, for other coordinator calls. */
  coordinatorToken: string;
  /**
   * Runs `read` against the database. On PostgreSQL the servers keep running; the embedded database takes one
   * process, so there every server is stopped first (for good: call this at the end of a test).
   */
  readDatabase<T>(read: (db: Queryable) => Promise<T>): Promise<T>;
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
  /**
   * How many servers to start, all on the one database behind the proxy (default 1). More than one needs
   * postgresUrl: the embedded database takes one process.
   */
  instances?: number;
  /** A folder for the (first) server's CPU profile (server.cpuprofile), written when it stops. */
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

interface ServerProcess {
  url: string;
  stop(): Promise<void>;
}

/** `npm start` with this environment on PORT 0; resolves with its address once it logs that it listens. */
async function spawnServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child: ChildProcess = spawn('npm', ['start', '--silent'], {
    env: { ...env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start did not listen: ${output}`)),
      LISTEN_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"event":"listening","url":"([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1] as string);
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });
  let stopping: Promise<void> | null = null;
  async function stopNow() {
    if (child.exitCode === null && child.signalCode === null && child.pid)
      process.kill(-child.pid, 'SIGTERM');
    await exited;
    // npm can exit before the node server under it has closed its database: wait until the server no longer
    // answers.
    for (let i = 0; i < SERVER_GONE_POLLS; i++) {
      const up = await fetch(`${url}/healthz`).then(
        () => true,
        () => false,
      );
      if (!up) break;
      await new Promise((resolve) => setTimeout(resolve, SERVER_GONE_POLL_MS));
    }
  }
  return {
    url,
    stop() {
      stopping ??= stopNow();
      return stopping;
    },
  };
}

export async function startWithNpm(options: StartOptions = {}): Promise<RunningApp> {
  const count = options.instances ?? 1;
  // Guard: a second process on one embedded database folder would lose writes.
  if (count > 1 && !options.postgresUrl) throw new Error('Several instances need postgresUrl (PostgreSQL).');
  const dataDir = await mkdtemp(join(tmpdir(), 'anchor-npm-start-'));
  const postgres = options.postgresUrl ? await freshPostgresDatabase(options.postgresUrl) : null;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    ...(postgres ? { DATABASE_URL: postgres.url } : {}),
  };
  // The first account made migrates the database, before any server starts.
  await createAccount(env, WORKER, 'worker');
  await createAccount(env, COORDINATOR, 'coordinator');
  if (options.postcodeFile) {
    await promisify(execFile)('npm', ['run', '--silent', 'postcodes', '--', 'import', options.postcodeFile], {
      env,
    });
  }
  /** Instance i's environment: on PostgreSQL each has its own DATA_DIR (lock file, admin socket). */
  const instanceEnv = (index: number): NodeJS.ProcessEnv => ({
    ...env,
    ...(postgres ? { DATA_DIR: join(dataDir, `instance-${index}`) } : {}),
    ...(index === 0 && options.cpuProfileDir
      ? { ANCHOR_CPU_PROFILE: join(options.cpuProfileDir, 'server.cpuprofile') }
      : {}),
  });
  const servers: (ServerProcess | null)[] = await Promise.all(
    Array.from({ length: count }, (_, index) => spawnServer(instanceEnv(index))),
  );
  const live = () => servers.flatMap((server) => (server ? [server.url] : []));
  const proxy = await startApiProxy(live());
  const first = servers[0] as ServerProcess;

  const login = async (account: { username: string; password: string }) => {
    const response = await fetch(`${first.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(account),
    });
    return (await response.json()) as { token: string; user: { id: string } };
  };
  const { token } = await login(COORDINATOR);
  const workerId = (await login(WORKER)).user.id;

  async function stopServers() {
    await Promise.all(servers.map((server) => server?.stop()));
  }

  let stopping: Promise<void> | null = null;
  async function stopNow(): Promise<void> {
    await proxy.close();
    await stopServers();
    await postgres?.drop();
    await rm(dataDir, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(
      (error: unknown) => {
        console.warn(`Could not remove ${dataDir}: ${String(error)}`);
      },
    );
  }

  return {
    url: proxy.url,
    proxy,
    get instances() {
      return servers.map((server) => server?.url ?? '');
    },
    workerId,
    failApi: (value) => proxy.failApi(value),
    setApiMode: (value) => proxy.setApiMode(value),
    holdAnswers: (value) => proxy.holdAnswers(value),
    apiRequests: proxy.apiRequests,
    async restartInstance(index) {
      const server = servers[index];
      if (!server) throw new Error(`No running instance ${index}`);
      // It stays in the proxy's list while it stops: a refused connection sends the request to the next one.
      await server.stop();
      servers[index] = null;
      proxy.setUpstreams(live());
      servers[index] = await spawnServer(instanceEnv(index));
      proxy.setUpstreams(live());
    },
    coordinatorToken: token,
    async coordinatorGet<T>(path: string) {
      // Straight to a server, past the proxy's faults.
      const response = await fetch(`${live()[0]}${path}`, { headers: { authorization: `Bearer ${token}` } });
      return (await response.json()) as T;
    },
    async readDatabase(read) {
      if (postgres) {
        const client = new pg.Client({ connectionString: postgres.url });
        await client.connect();
        try {
          return await read(client as unknown as Queryable);
        } finally {
          await client.end();
        }
      }
      await stopServers();
      const client = new PGlite(dataDir);
      try {
        return await read(client as unknown as Queryable);
      } finally {
        await client.close();
      }
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
