// `npm run accounts -- create|disable|enable|reset|list ...`: manages accounts on the database the server uses,
// through the running server when it holds the embedded database (see with-database.ts).
import { createInterface } from 'node:readline/promises';
import type { AdminRequest } from '../admin/operations';
import { runAdminCommand } from './with-database';

const USAGE = `Usage:
  npm run accounts -- create <username> [--role worker|coordinator]
  npm run accounts -- disable <username>
  npm run accounts -- enable <username>
  npm run accounts -- reset <username>
  npm run accounts -- list
The password is read from ANCHOR_PASSWORD, or from the first line of standard input.
Uses DATABASE_URL when set, otherwise the embedded database in DATA_DIR (default ./data): through the server
when one is running on it.`;

/** The password from ANCHOR_PASSWORD or standard input's first line; null when there is none. */
async function readPassword(): Promise<string | null> {
  if (process.env.ANCHOR_PASSWORD) return process.env.ANCHOR_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  return null;
}

async function main(args: string[]): Promise<number> {
  const [command, username] = args;
  const roleIndex = args.indexOf('--role');
  const role = roleIndex >= 0 ? args[roleIndex + 1] : 'worker';
  if (!command || (command !== 'list' && !username) || (role !== 'worker' && role !== 'coordinator')) {
    console.error(USAGE);
    return 2;
  }
  const name = username as string;
  let request: AdminRequest;
  switch (command) {
    case 'create':
    case 'reset': {
      const password = await readPassword();
      if (password === null) {
        console.error('No password given: set ANCHOR_PASSWORD or pipe it in. Nothing was changed.');
        return 1;
      }
      request =
        command === 'create'
          ? { op: 'create', username: name, password, role }
          : { op: 'reset', username: name, password };
      break;
    }
    case 'disable':
    case 'enable':
      request = { op: command, username: name };
      break;
    case 'list':
      request = { op: 'list' };
      break;
    default:
      console.error(USAGE);
      return 2;
  }
  return runAdminCommand(request, `npm run accounts -- ${command}`);
}

process.exitCode = await main(process.argv.slice(2));
