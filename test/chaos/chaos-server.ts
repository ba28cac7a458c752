// The chaos test's view of the central side, behind one thin adapter: `npm start` (one instance on its embedded
// database, test/e2e/support/npm-start.ts) with the fault proxy in front, a second worker account, a "restart"
// (today: the server unreachable for a while; with two instances, restartInstance), and the coordinator's reads
// the verification needs. Switching to two instances on PostgreSQL changes only this file.
import type { RecordListItem, RecordListResponse } from '../../src/shared/console';
import type { RecordType } from '../../src/shared/records';
import { COORDINATOR, startWithNpm } from '../e2e/support/npm-start';
import { type TabletWorker, WORKER } from '../e2e/support/tablet-worker';
import { type Fault, type FaultKind, type FaultPlan, PASS, startFaultProxy } from './fault-proxy';

export const SECOND_WORKER: TabletWorker = {
  username: 'worker2',
  password: 'another long worker passphrase',
  passcode: '731508',
};

export interface ChaosServer {
  /** What the tablet opens: the fault proxy. */
  url: string;
  workers: { worker: TabletWorker; id: string }[];
  setFaults(plan: FaultPlan): void;
  /** The server goes away for `ms` and comes back (requests meanwhile are dropped unanswered). */
  restart(ms: number): Promise<void>;
  faultCounts: Map<FaultKind, number>;
  /** Every record of `type` the server holds (coordinator API, all pages). */
  records(type: RecordType): Promise<RecordListItem[]>;
  record<T>(id: string): Promise<T>;
  stop(): Promise<void>;
}

const PAGE = 200;

export async function startChaosServer(): Promise<ChaosServer> {
  const app = await startWithNpm();
  const proxy = await startFaultProxy(app.url);
  const coordinatorToken = (
    (await (
      await fetch(`${app.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(COORDINATOR),
      })
    ).json()) as { token: string }
  ).token;
  const created = await fetch(`${app.url}/api/v1/accounts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinatorToken}` },
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

  let plan: FaultPlan = () => PASS;
  let down = false;
  const downFault: Fault = { kind: 'drop-before' };
  proxy.setFaults((request) => (down ? downFault : plan(request)));

  return {
    url: proxy.url,
    workers: [
      { worker: WORKER, id: app.workerId },
      { worker: SECOND_WORKER, id: secondId },
    ],
    setFaults(next) {
      plan = next;
    },
    async restart(ms) {
      down = true;
      await new Promise((resolve) => setTimeout(resolve, ms));
      down = false;
    },
    faultCounts: proxy.counts,
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
    async stop() {
      await proxy.stop();
      await app.stop();
    },
  };
}
