// The chaos test's view of the central side, behind one thin adapter: two `npm start` servers on one PostgreSQL
// database behind the round-robin fault proxy (test/e2e/support/npm-start.ts, api-proxy.ts), one restarted for real
// when the scenario says so; or, without TEST_DATABASE_URL, one server on the embedded database. Plus a second
// worker account, an outage (every API request dropped for a while), and the coordinator's reads verify needs.
import type { RecordListItem, RecordListResponse } from '../../src/shared/console';
import type { RecordType } from '../../src/shared/records';
import type { Fault, FaultHook } from '../e2e/support/api-proxy';
import { startWithNpm } from '../e2e/support/npm-start';
import { type TabletWorker, WORKER } from '../e2e/support/tablet-worker';

export const SECOND_WORKER: TabletWorker = {
  username: 'worker2',
  password: 'another long worker passphrase',
  passcode: '731508',
};

export interface ChaosServer {
  /** What the tablet opens: the proxy. */
  url: string;
  /** How many servers stand behind the proxy (2 on PostgreSQL, 1 on the embedded database). */
  instances: number;
  /** Where the servers keep their data, for the log. */
  database: 'PostgreSQL' | 'PGlite';
  workers: { worker: TabletWorker; id: string }[];
  setFaults(plan: FaultHook): void;
  /** Server `index` stops (finishing what it has) and starts again; the proxy sends requests to the other meanwhile. */
  restart(index: number): Promise<void>;
  /** Every server unreachable for `ms` (API requests meanwhile are dropped unanswered), then back. */
  outage(ms: number): Promise<void>;
  /** API requests by the fault they met. */
  faultCounts: Map<Fault['kind'], number>;
  /** Requests each server answered, by its address (a restarted server has a new one). */
  answeredBy: Map<string, number>;
  /** Every record of `type` the server holds (coordinator API, all pages). */
  records(type: RecordType): Promise<RecordListItem[]>;
  record<T>(id: string): Promise<T>;
  /** A stored photo's bytes (coordinator API). */
  photo(sha256: string): Promise<Buffer>;
  stop(): Promise<void>;
}

const PAGE = 200;
/** The servers behind the proxy on PostgreSQL: two, so that one can restart while the other serves. */
const POSTGRES_INSTANCES = 2;
const UNREACHABLE: Fault = { kind: 'unreachable' };
const PASS: Fault = { kind: 'pass' };

export async function startChaosServer(
  postgresUrl: string | undefined = process.env.TEST_DATABASE_URL,
): Promise<ChaosServer> {
  const instances = postgresUrl ? POSTGRES_INSTANCES : 1;
  const app = await startWithNpm({ postgresUrl, instances });
  const coordinator = { authorization: `Bearer ${app.coordinatorToken}` };
  const created = await fetch(`${app.instances[0]}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...coordinator },
    body: JSON.stringify({
      username: SECOND_WORKER.username,
      password: SECOND_WORKER.password,
      role: 'worker',
    }),
  });
  // Without the second account the scenario cannot run at all: stop here with the server's words.
  if (created.status !== 201)
    throw new Error(`Could not create ${SECOND_WORKER.username}: ${await created.text()}`);
  const secondId = ((await created.json()) as { id: string }).id;

  let plan: FaultHook = () => PASS;
  let down = false;
  app.proxy.setFaults((request) => (down ? UNREACHABLE : plan(request)));

  return {
    url: app.url,
    instances,
    database: postgresUrl ? 'PostgreSQL' : 'PGlite',
    workers: [
      { worker: WORKER, id: app.workerId },
      { worker: SECOND_WORKER, id: secondId },
    ],
    setFaults(next) {
      plan = next;
    },
    restart: (index) => app.restartInstance(index),
    async outage(ms) {
      down = true;
      await new Promise((resolve) => setTimeout(resolve, ms));
      down = false;
    },
    faultCounts: app.proxy.faultsApplied,
    answeredBy: app.proxy.answeredBy,
    async records(type) {
      const found: RecordListItem[] = [];
      let cursor: string | null = null;
      do {
        const page: RecordListResponse = await app.coordinatorGet(
          `/api/v1/records?type=${type}&limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
        );
        found.push(...page.records);
        cursor = page.nextCursor;
      } while (cursor);
      return found;
    },
    record: (id) => app.coordinatorGet(`/api/v1/records/${id}`),
    async photo(sha256) {
      const response = await fetch(`${app.instances[0]}/api/v1/attachments/${sha256}`, {
        headers: coordinator,
      });
      // A photo the server lacks must read as missing, not as an empty file.
      if (response.status !== 200) throw new Error(`GET photo ${sha256}: ${response.status}`);
      return Buffer.from(await response.arrayBuffer());
    },
    stop: () => app.stop(),
  };
}
