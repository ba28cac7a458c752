// `npm run accounts -- create|disable|enable|reset|list ...`: manages accounts on the database the server uses.
import { createInterface } from 'node:readline/promises';
import { asc } from 'drizzle-orm';
import { AccountError, createAccount, disableAccount, enableAccount, resetPassword } from '../auth/accounts';
import { accounts } from '../db/schema';
import { withDatabase } from './with-database';

const USAGE = `Usage:
  npm run accounts -- create <username> [--role worker|coordinator]
  npm run accounts -- disable <username>
  npm run accounts -- enable <username>
  npm run accounts -- reset <username>
  npm run accounts -- list
The password is read from ANCHOR_PASSWORD, or from the first line of standard input.
Uses DATABASE_URL when set, otherwise the embedded database in DATA_DIR (default ./data).`;

async function readPassword(): Promise<string> {
  if (process.env.ANCHOR_PASSWORD) return process.env.ANCHOR_PASSWORD;
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line;
  }
  throw new AccountError('No password given: set ANCHOR_PASSWORD or pipe it in.');
}

async function main(args: string[]): Promise<number> {
  const [command, username] = args;
  const roleIndex = args.indexOf('--role');
  const role = roleIndex >= 0 ? args[roleIndex + 1] : 'worker';
  if (!command || (command !== 'list' && !username) || (role !== 'worker' && role !== 'coordinator')) {
    console.error(USAGE);
    return 2;
  }
  return withDatabase(
    async (db) => {
      switch (command) {
        case 'create': {
          const account = await createAccount(db, {
            username: username as string,
            password: await readPassword(),
            role,
          });
          console.log(`Created ${account.role} ${account.username} (${account.id}).`);
          return 0;
        }
        case 'disable':
          await disableAccount(db, username as string);
          console.log(`Disabled ${username}; their sessions are revoked.`);
          return 0;
        case 'enable':
          await enableAccount(db, username as string);
          console.log(`Enabled ${username}; they sign in again (their old sessions stay revoked).`);
          return 0;
        case 'reset':
          await resetPassword(db, username as string, await readPassword());
          console.log(`New password set for ${username}; their old sessions are revoked.`);
          return 0;
        case 'list': {
          const rows = await db.select().from(accounts).orderBy(asc(accounts.username));
          for (const row of rows)
            console.log(`${row.username}\t${row.role}\t${row.disabledAt ? 'disabled' : 'active'}`);
          return 0;
        }
        default:
          console.error(USAGE);
          return 2;
      }
    },
    (error): error is AccountError => error instanceof AccountError,
  );
}

process.exitCode = await main(process.argv.slice(2));
