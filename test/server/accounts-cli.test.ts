// `npm run accounts` and `npm run postcodes` as real processes: through the running server's admin socket on the
// embedded database (changes take effect at once and survive a restart), refusing with one line when DATA_DIR is
// held by a process that does not answer, taking over a dead one's lock, never reporting a change they did not
// make; a second server refuses the same DATA_DIR; a bad bootstrap admin is one line and exit 1; on PostgreSQL the
// command works on the database directly and a disable stops the server's tokens at once.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { ADMIN_SOCKET_NAME, LOCK_FILE_NAME } from '../../src/server/admin/data-dir-lock';

const PROCESS_TIMEOUT = 120_000;
const RUN_LIMIT_MS = 100_000;
const ADMIN_PASSWORD = 'first-admin-passphrase';
const PASSWORD = 'a long enough passphrase';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript entry point to its end. */
function run(script: string, args: string[], env: Record<string, string>, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      env: { ...process.env, DATABASE_URL: '', ANCHOR_PASSWORD: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(input ?? '');
    // A process that should have exited but serves instead is ended, so the test fails instead of hanging.
    const guard = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr });
    });
  });
}

const accounts = (env: Record<string, string>, ...args: string[]) =>
  run('src/server/cli/accounts.ts', args, env);

interface Server {
  child: ChildProcessWithoutNullStreams;
  url: string;
  output: () => string;
  stop(): Promise<number | null>;
}

/** Starts src/server/main.ts and waits until it listens. */
function startServer(env: Record<string, string>): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: { ...process.env, PORT: '0', DATABASE_URL: '', ...env },
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"event":"listening","url":"([^"]+)"/.exec(output);
      if (match) {
        resolve({
          child,
          url: match[1] as string,
          output: () => output,
          async stop() {
            child.kill('SIGTERM');
            return exited;
          },
        });
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    void exited.then((code) => reject(new Error(`exited early with ${code}: ${output}`)));
  });
}

async function login(url: string, username: string, password: string) {
  const response = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  return { status: response.status, json: (await response.json()) as { token: string } };
}

const pullStatus = async (url: string, token: string) =>
  (await fetch(`${url}/api/v1/sync/pull?cursor=0`, { headers: { authorization: `Bearer ${token}` } })).status;

/** A process id that no longer exists (a child that has exited). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid as number;
}

const lockIn = (dataDir: string) => join(dataDir, LOCK_FILE_NAME);

describe('npm run accounts while the server runs on the embedded database', {
  timeout: PROCESS_TIMEOUT,
}, () => {
  let dataDir: string;
  let server: Server;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'anchor-cli-'));
    env = { DATA_DIR: dataDir };
    server = await startServer({ ...env, ANCHOR_BOOTSTRAP_ADMIN: `admin:${ADMIN_PASSWORD}` });
  }, PROCESS_TIMEOUT);
  afterAll(async () => {
    server?.child.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('holds DATA_DIR with a lock file naming it and an admin socket only its user may open', async () => {
    expect(server.output()).toContain(`"adminSocket":"${join(dataDir, ADMIN_SOCKET_NAME)}"`);
    expect(((await stat(join(dataDir, ADMIN_SOCKET_NAME))).mode & 0o777).toString(8)).toBe('600');
    expect(((await stat(lockIn(dataDir))).mode & 0o777).toString(8)).toBe('600');
  });

  it('creates an account through the server: it signs in at once', async () => {
    const created = await run('src/server/cli/accounts.ts', ['create', 'alice'], env, `${PASSWORD}\n`);
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created worker alice \([0-9a-f-]{36}\)\.\n$/);
    expect(created.stderr).toContain(
      `Done by the server running on ${dataDir} (process ${server.child.pid})`,
    );
    expect((await login(server.url, 'alice', PASSWORD)).status).toBe(200);
  });

  it('disables through the server: the token stops at once and the password is refused', async () => {
    const { json } = await login(server.url, 'alice', PASSWORD);
    expect(await pullStatus(server.url, json.token)).toBe(200);
    const disabled = await accounts(env, 'disable', 'alice');
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toBe('Disabled alice; their sessions are revoked.\n');
    expect(await pullStatus(server.url, json.token)).toBe(403);
    expect((await login(server.url, 'alice', PASSWORD)).status).toBe(403);
  });

  it('never reports a change it did not make: unknown, taken or badly named accounts exit 1', async () => {
    const unknown = await accounts(env, 'disable', 'nobody');
    expect(unknown).toMatchObject({ code: 1, stdout: '', stderr: 'There is no account called nobody.\n' });
    const taken = await run('src/server/cli/accounts.ts', ['create', 'admin'], {
      ...env,
      ANCHOR_PASSWORD: PASSWORD,
    });
    expect(taken).toMatchObject({ code: 1, stdout: '' });
    expect(taken.stderr).toBe('There is already an account called admin.\n');
    const badName = await run('src/server/cli/accounts.ts', ['create', 'Bob'], {
      ...env,
      ANCHOR_PASSWORD: PASSWORD,
    });
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/^Username: Use 2 to 64 lower-case letters/);
    expect((await login(server.url, 'admin', ADMIN_PASSWORD)).status).toBe(200);
    expect((await login(server.url, 'Bob', PASSWORD)).status).toBe(401);
  });

  it('imports the postcode directory through the server, recorded as an import', async () => {
    const imported = await run(
      'src/server/cli/postcodes.ts',
      ['import', 'test/fixtures/postcodes/made-up-onspd.csv'],
      env,
    );
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/^Imported 4 postcodes as onspd-[0-9a-f]{12}/);
    const { json } = await login(server.url, 'admin', ADMIN_PASSWORD);
    const latest = await fetch(`${server.url}/api/v1/postcode-imports/latest`, {
      headers: { authorization: `Bearer ${json.token}` },
    });
    expect(await latest.json()).toMatchObject({ state: 'done', rowsRead: 7, postcodesKept: 4 });
  });

  it('refuses a second server on the same DATA_DIR with one line, leaving the first serving', async () => {
    const second = await run('src/server/main.ts', [], { ...env, PORT: '0' });
    expect(second.code).toBe(1);
    expect(second.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`is held by a running server (npm start, process ${server.child.pid}`),
    ]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(existsSync(lockIn(dataDir))).toBe(true);
  });

  it('after the server stops, lets go of DATA_DIR; the command then opens the database itself and finds every change', async () => {
    expect(await server.stop()).toBe(0);
    expect(existsSync(lockIn(dataDir))).toBe(false);
    expect(existsSync(join(dataDir, ADMIN_SOCKET_NAME))).toBe(false);
    const listed = await accounts(env, 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toBe('admin\tcoordinator\tactive\nalice\tworker\tdisabled\n');
    expect(listed.stderr).toBe('');
    expect(existsSync(lockIn(dataDir))).toBe(false);
  });
});

describe('DATA_DIR held by a process that does not answer, or by nobody alive', {
  timeout: PROCESS_TIMEOUT,
}, () => {
  let dataDir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'anchor-lock-'));
    env = { DATA_DIR: dataDir, ANCHOR_PASSWORD: PASSWORD };
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  const writeLock = (pid: number, kind: 'server' | 'command') =>
    writeFile(
      lockIn(dataDir),
      JSON.stringify({
        pid,
        kind,
        command: kind === 'server' ? 'npm start' : 'npm run accounts -- create',
        socket: kind === 'server' ? join(dataDir, ADMIN_SOCKET_NAME) : null,
        startedAt: new Date().toISOString(),
      }),
    );

  it('refuses with one line when a live holder’s socket does not answer, changing nothing', async () => {
    // This test process is alive and serves no admin socket: a server that hangs or lost its socket.
    await writeLock(process.pid, 'server');
    const refused = await accounts(env, 'create', 'bob');
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    const lines = refused.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`process ${process.pid}`);
    expect(lines[0]).toMatch(/does not answer .*nothing was changed/);

    await rm(lockIn(dataDir));
    const listed = await accounts(env, 'list');
    expect(listed).toMatchObject({ code: 0, stdout: '' });
  });

  it('takes over a lock whose process has died', async () => {
    await writeLock(await deadPid(), 'server');
    const created = await accounts(env, 'create', 'carol');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^Created worker carol/);
    expect(existsSync(lockIn(dataDir))).toBe(false);
    expect((await accounts(env, 'list')).stdout).toBe('carol\tworker\tactive\n');
  });

  it('keeps a server from starting while a command holds DATA_DIR', async () => {
    await writeLock(process.pid, 'command');
    const server = await run('src/server/main.ts', [], { DATA_DIR: dataDir, PORT: '0' });
    expect(server.code).toBe(1);
    expect(server.stderr.trim().split('\n')).toEqual([
      expect.stringContaining(`is in use by npm run accounts -- create (process ${process.pid}`),
    ]);
    await rm(lockIn(dataDir));
  });

  it('stops the server with one line and exit 1 for a bootstrap admin the rules refuse', async () => {
    // An empty database: a bootstrap setting is only used (and checked against the rules) when there is no account.
    const emptyDir = await mkdtemp(join(tmpdir(), 'anchor-bootstrap-'));
    onTestFinished(() => rm(emptyDir, { recursive: true, force: true }));
    for (const [spec, message] of [
      [`Admin Person:${PASSWORD}`, /^Not starting: ANCHOR_BOOTSTRAP_ADMIN username: Use 2 to 64 lower-case/],
      ['admin:short', /^Not starting: ANCHOR_BOOTSTRAP_ADMIN password: Use at least 12 characters/],
      ['no-colon', /^Not starting: ANCHOR_BOOTSTRAP_ADMIN must be "username:password"\.$/],
    ] as const) {
      const server = await run('src/server/main.ts', [], {
        DATA_DIR: emptyDir,
        PORT: '0',
        ANCHOR_BOOTSTRAP_ADMIN: spec,
      });
      expect(server.code).toBe(1);
      const lines = server.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(message);
      expect(server.stderr).not.toMatch(/\n\s+at /);
      expect(server.stdout).not.toContain('"event":"listening"');
      expect(existsSync(lockIn(emptyDir))).toBe(false);
    }
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)(
  'npm run accounts on PostgreSQL while the server runs',
  { timeout: PROCESS_TIMEOUT },
  () => {
    const adminUrl = process.env.TEST_DATABASE_URL ?? '';
    const name = `anchor_cli_${process.pid}_${Date.now()}`;
    let server: Server;
    let dataDir: string;
    let env: Record<string, string>;

    beforeAll(async () => {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      // DATA_DIR is unused with DATABASE_URL: no lock or socket is made there.
      dataDir = await mkdtemp(join(tmpdir(), 'anchor-cli-pg-'));
      env = { DATABASE_URL: url.toString(), DATA_DIR: dataDir };
      server = await startServer({ ...env, ANCHOR_BOOTSTRAP_ADMIN: `admin:${ADMIN_PASSWORD}` });
    }, PROCESS_TIMEOUT);
    afterAll(async () => {
      await server?.stop();
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
      await rm(dataDir, { recursive: true, force: true });
    });

    it('creates, disables (the token stops at once) and refuses an unknown account on the database directly', async () => {
      expect(existsSync(lockIn(dataDir))).toBe(false);
      const created = await run('src/server/cli/accounts.ts', ['create', 'dora'], {
        ...env,
        ANCHOR_PASSWORD: PASSWORD,
      });
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/^Created worker dora/);
      const { status, json } = await login(server.url, 'dora', PASSWORD);
      expect(status).toBe(200);
      expect(await pullStatus(server.url, json.token)).toBe(200);

      expect((await accounts(env, 'disable', 'dora')).code).toBe(0);
      expect(await pullStatus(server.url, json.token)).toBe(403);
      expect(await accounts(env, 'disable', 'nobody')).toMatchObject({
        code: 1,
        stderr: 'There is no account called nobody.\n',
      });
      expect((await accounts(env, 'reset', 'dora')).code).toBe(1);
    });
  },
);
