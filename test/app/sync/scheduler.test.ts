// @vitest-environment node
// Backoff timing and the scheduler's triggers, on a fake clock; and the engine against a server answering 500
// for a while (a real Hono app in front of the real one), recovering through the scheduler's retries.
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countOutbox } from '../../../src/app/db/outbox';
import { createRecord, markReady } from '../../../src/app/db/records';
import { createApiClient } from '../../../src/app/sync/api-client';
import { BACKOFF_CAP_MS, backoffDelay } from '../../../src/app/sync/backoff';
import { runSync, type SyncOutcome } from '../../../src/app/sync/engine';
import {
  type Clock,
  PERIODIC_SYNC_MS,
  SyncScheduler,
  type SyncStatus,
} from '../../../src/app/sync/scheduler';
import { buildApp } from '../../../src/server/app';
import { silentLogger } from '../../../src/server/http/logging';
import { makeUser, signupPayload } from '../../server/support/api';
import { openTestDatabase, type TestDatabase } from '../../server/support/databases';
import { freshDatabase } from '../db/fresh-database';

/** A clock tests move by hand: timers fire only when advance() passes them. */
function fakeClock() {
  let now = 0;
  let timers: { at: number; callback: () => void; id: number }[] = [];
  let next = 1;
  const clock: Clock & { advance(ms: number): Promise<void>; pending(): number[] } = {
    now: () => now,
    setTimeout: (callback, ms) => {
      timers.push({ at: now + ms, callback, id: next });
      return next++;
    },
    clearTimeout: (id) => {
      timers = timers.filter((timer) => timer.id !== id);
    },
    async advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
        await flush();
      }
      now = until;
    },
    pending: () => timers.map((timer) => timer.at - now),
  };
  return clock;
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('backoff', () => {
  it('doubles from about 1 s to 5 min, with jitter in the upper half', () => {
    const low = (attempt: number) => backoffDelay(attempt, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, () => 1);
    expect([0, 1, 2, 3, 4].map(high)).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
    expect([0, 1, 2, 3].map(low)).toEqual([500, 1_000, 2_000, 4_000]);
    expect(high(8)).toBe(256_000);
    expect(high(9)).toBe(BACKOFF_CAP_MS);
    expect(high(40)).toBe(BACKOFF_CAP_MS);
    expect(low(40)).toBe(BACKOFF_CAP_MS / 2);
    expect(backoffDelay(3, () => 0.5)).toBe(6_000);
  });
});

describe('scheduler on a fake clock', () => {
  const outcomeOf = (state: SyncOutcome['state']): SyncOutcome => {
    switch (state) {
      case 'retry-later':
        return { state, sent: 0, reason: '500' };
      case 'refused':
        return { state, sent: 0, code: 'protocol-version-unsupported', message: 'Update the app' };
      default:
        return { state, sent: 0 };
    }
  };

  function setup(outcomes: SyncOutcome['state'][], options: { online?: () => boolean } = {}) {
    const clock = fakeClock();
    const runs: number[] = [];
    const statuses: SyncStatus['phase'][] = [];
    const scheduler = new SyncScheduler({
      run: async () => {
        runs.push(clock.now());
        return outcomeOf(outcomes.shift() ?? 'done');
      },
      isOnline: options.online ?? (() => true),
      hasWaiting: async () => outcomes.length > 0,
      clock,
      random: () => 1,
      onStatus: (status) => statuses.push(status.phase),
    });
    return { clock, runs, statuses, scheduler };
  }

  it('waits 1, 2, 4 s… between failed runs, then runs normally again', async () => {
    const { clock, runs, scheduler } = setup(['retry-later', 'retry-later', 'retry-later', 'done']);
    scheduler.request();
    await flush();
    expect(runs).toEqual([0]);
    expect(scheduler.current).toMatchObject({ phase: 'retry-scheduled', retryAt: 1_000 });
    await clock.advance(999);
    expect(runs).toEqual([0]);
    await clock.advance(1);
    expect(runs).toEqual([0, 1_000]);
    await clock.advance(2_000);
    expect(runs).toEqual([0, 1_000, 3_000]);
    await clock.advance(4_000);
    expect(runs).toEqual([0, 1_000, 3_000, 7_000]);
    expect(scheduler.current.phase).toBe('idle');
    scheduler.stop();
  });

  it('does not let a trigger jump the backoff, but Sync now does', async () => {
    const { clock, runs, scheduler } = setup(['retry-later', 'done']);
    scheduler.request();
    await flush();
    scheduler.request();
    await flush();
    expect(runs).toEqual([0]);
    await clock.advance(100);
    scheduler.request({ manual: true });
    await flush();
    expect(runs).toEqual([0, 100]);
    scheduler.stop();
  });

  it('runs every minute while something waits, and pauses for sign-in until asked', async () => {
    const { clock, runs, scheduler } = setup(['done', 'needs-sign-in', 'done']);
    scheduler.request();
    await flush();
    await clock.advance(PERIODIC_SYNC_MS);
    expect(runs).toEqual([0, PERIODIC_SYNC_MS]);
    expect(scheduler.current.phase).toBe('needs-sign-in');
    scheduler.request();
    await clock.advance(10 * PERIODIC_SYNC_MS);
    expect(runs).toHaveLength(2);
    scheduler.request({ manual: true }); // after sign-in
    await flush();
    expect(runs).toHaveLength(3);
    scheduler.stop();
  });

  it('makes one attempt per backoff step with the server failing for 10 minutes, whatever triggers fire', async () => {
    const failing = Array.from({ length: 1_000 }, () => 'retry-later' as const);
    const { clock, runs, scheduler } = setup(failing);
    scheduler.request();
    await flush();
    // Every trigger the page has, fired every 250 ms for 10 minutes: start, the online event, the tab shown, the
    // service worker's Background Sync message, the minute timer. None of them is a person pressing Sync now.
    for (let t = 0; t < 10 * 60_000; t += 250) {
      scheduler.request();
      await clock.advance(250);
    }
    // random() = 1: the waits are 1, 2, 4 … 256 s, then the 5-minute cap.
    expect(runs).toEqual([0, 1_000, 3_000, 7_000, 15_000, 31_000, 63_000, 127_000, 255_000, 511_000]);
    scheduler.stop();
  });

  it('keeps the backoff step when the connection drops and returns in the middle of it', async () => {
    let online = true;
    const { clock, runs, scheduler } = setup(['retry-later', 'retry-later', 'done'], {
      online: () => online,
    });
    scheduler.request();
    await flush();
    await clock.advance(1_000);
    expect(runs).toEqual([0, 1_000]);
    // Flapping Wi-Fi: offline and online events, inside the 2 s step.
    for (let i = 0; i < 10; i++) {
      online = !online;
      scheduler.request();
      await clock.advance(100);
    }
    expect(runs).toEqual([0, 1_000]);
    await clock.advance(1_000);
    expect(runs).toEqual([0, 1_000, 3_000]);
    scheduler.stop();
  });

  it('stops after a refusal for good until a person asks again', async () => {
    const { clock, runs, scheduler } = setup(['refused', 'done']);
    scheduler.request();
    await flush();
    expect(scheduler.current).toMatchObject({
      phase: 'refused',
      lastOutcome: { state: 'refused', code: 'protocol-version-unsupported' },
    });
    for (let i = 0; i < 20; i++) {
      scheduler.request();
      await clock.advance(PERIODIC_SYNC_MS);
    }
    expect(runs).toEqual([0]);
    scheduler.request({ manual: true });
    await flush();
    expect(runs).toHaveLength(2);
    expect(scheduler.current.phase).toBe('idle');
    scheduler.stop();
  });

  it('tries nothing while offline', async () => {
    const { runs, scheduler } = setup(['done'], { online: () => false });
    scheduler.request();
    await flush();
    expect(runs).toEqual([]);
    expect(scheduler.current.phase).toBe('offline');
  });
});

describe('a server answering 500 for a while', () => {
  let server: TestDatabase;
  beforeAll(async () => {
    server = await openTestDatabase('pglite');
  });
  afterAll(() => server.close());

  it('keeps every record through the failures and sends them all once it recovers', async () => {
    const real = buildApp({ db: server.db, logger: silentLogger });
    let failuresLeft = 3;
    const flaky = new Hono();
    flaky.all('*', (c) => {
      if (failuresLeft > 0) {
        failuresLeft--;
        return c.json({ error: { code: 'server-error', message: 'Down for a moment' } }, 500);
      }
      return real.fetch(c.req.raw);
    });
    const worker = await makeUser(server.db);
    const client = createApiClient({
      baseUrl: 'http://central.test',
      fetch: async (url, init) => flaky.request(url, init),
      token: () => worker.token,
    });
    freshDatabase();
    for (let i = 0; i < 5; i++) await markReady('signup', (await createRecord('signup', signupPayload())).id);

    const clock = fakeClock();
    const outcomes: SyncOutcome[] = [];
    const scheduler = new SyncScheduler({
      run: async () => {
        const outcome = await runSync(client);
        outcomes.push(outcome);
        return outcome;
      },
      isOnline: () => true,
      hasWaiting: async () => (await countOutbox()) > 0,
      clock,
      random: () => 0,
    });
    const settled = async () => {
      for (let i = 0; i < 200 && scheduler.current.phase === 'syncing'; i++)
        await new Promise((r) => setTimeout(r, 5));
    };
    scheduler.request();
    await settled();
    for (const wait of [500, 1_000, 2_000]) {
      expect(scheduler.current.phase).toBe('retry-scheduled');
      expect(await countOutbox()).toBe(5);
      await clock.advance(wait);
      await settled();
    }
    expect(outcomes.map((o) => o.state)).toEqual(['retry-later', 'retry-later', 'retry-later', 'done']);
    expect(outcomes.at(-1)).toEqual({ state: 'done', sent: 5 });
    expect(await countOutbox()).toBe(0);
    scheduler.stop();
  });
});
