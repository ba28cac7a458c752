// The real process: starts on the embedded database in DATA_DIR (holding it: lock file and admin socket), creates
// the bootstrap coordinator, serves, and exits cleanly on SIGTERM, letting go of DATA_DIR.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

describe('src/server/main.ts', () => {
  // A process start (tsx, PGlite's migrations) takes well over the default on a busy machine.
  it('starts, signs in the bootstrap coordinator, and shuts down gracefully on SIGTERM', {
    timeout: 120_000,
  }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'anchor-main-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: {
        ...process.env,
        PORT: '0',
        DATA_DIR: dataDir,
        ANCHOR_BOOTSTRAP_ADMIN: 'admin:first-admin-passphrase',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /"event":"listening","url":"([^"]+)"/.exec(output);
          if (match) resolve(match[1] as string);
        });
        child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${output}`)));
      });
      expect(output).toContain('"database":"pglite"');
      expect(output).toContain('"bootstrapAdmin":"created"');
      expect(output).toContain(`"adminSocket":"${join(dataDir, 'admin.sock')}"`);
      expect(existsSync(join(dataDir, 'anchor.lock'))).toBe(true);
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      const login = await fetch(`${url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'first-admin-passphrase' }),
      });
      expect(((await login.json()) as { user: { role: string } }).user.role).toBe('coordinator');
      // The request log names the route, never the body: no password in the output.
      expect(output).not.toContain('first-admin-passphrase');
      expect(output).toContain('"route":"/api/v1/auth/login"');

      const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exit).toBe(0);
      expect(output).toContain('"event":"stopping","signal":"SIGTERM"');
      expect(existsSync(join(dataDir, 'anchor.lock'))).toBe(false);
      expect(existsSync(join(dataDir, 'admin.sock'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
