// @vitest-environment node
// Every error code the server can answer is sorted into what the tablet does; each refusal for good stops the
// run with the records still waiting, stops the scheduler until a person acts, and has words for the worker.
import { describe, expect, it } from 'vitest';
import { countOutbox } from '../../../src/app/db/outbox';
import { createRecord, markReady } from '../../../src/app/db/records';
import { refusalAdvice } from '../../../src/app/features/sync/refusal-advice';
import { createApiClient, failureKind } from '../../../src/app/sync/api-client';
import { runSync } from '../../../src/app/sync/engine';
import { SyncScheduler } from '../../../src/app/sync/scheduler';
import { API_ERROR_CODES, type ApiErrorCode } from '../../../src/shared/error-codes';
import { signupPayload } from '../../server/support/api';
import { freshDatabase } from '../db/fresh-database';

const REFUSED = API_ERROR_CODES.filter((code) => failureKind(code) === 'refused');

/** A server that refuses every request with `code` (status 400, or 403 for the permission codes). */
function refusingClient(code: ApiErrorCode, requests: string[]) {
  const status = code === 'forbidden' || code === 'device-belongs-to-another-worker' ? 403 : 400;
  return createApiClient({
    baseUrl: 'http://central.test',
    token: () => 'a-token',
    fetch: async (url) => {
      requests.push(url);
      return Response.json({ error: { code, message: `Refused: ${code}` } }, { status });
    },
  });
}

describe('error codes', () => {
  it('sorts every API error code into one of the tablet’s outcomes', () => {
    for (const code of API_ERROR_CODES) {
      expect([
        'retry-later',
        'needs-sign-in',
        'worker-disabled',
        'too-large',
        'refused',
        'not-for-sync',
      ]).toContain(failureKind(code));
    }
    expect(failureKind('protocol-version-unsupported')).toBe('refused');
    expect(failureKind('device-belongs-to-another-worker')).toBe('refused');
    expect(failureKind('server-error')).toBe('retry-later');
    expect(failureKind('token-expired')).toBe('needs-sign-in');
    expect(failureKind('account-disabled')).toBe('worker-disabled');
    expect(failureKind('body-too-large')).toBe('too-large');
  });

  it.each(REFUSED)(
    'stops the run on %s with the records still waiting, and tells the worker what to do',
    async (code) => {
      freshDatabase();
      for (let i = 0; i < 3; i++)
        await markReady('signup', (await createRecord('signup', signupPayload())).id);
      const requests: string[] = [];
      const outcome = await runSync(refusingClient(code, requests));
      expect(outcome).toEqual({ state: 'refused', sent: 0, code, message: `Refused: ${code}` });
      expect(requests).toHaveLength(1);
      expect(await countOutbox()).toBe(3);

      // The scheduler makes no further attempt, whatever fires, until a person asks.
      let runs = 0;
      const scheduler = new SyncScheduler({
        run: async () => {
          runs++;
          return runSync(refusingClient(code, requests));
        },
        isOnline: () => true,
        hasWaiting: async () => true,
      });
      scheduler.request();
      for (let i = 0; i < 50 && scheduler.current.phase !== 'refused'; i++)
        await new Promise((r) => setTimeout(r, 10));
      expect(scheduler.current.phase).toBe('refused');
      for (let i = 0; i < 20; i++) scheduler.request();
      await new Promise((r) => setTimeout(r, 50));
      expect(runs).toBe(1);
      scheduler.stop();

      const advice = refusalAdvice(code);
      expect(advice.heading).not.toBe('');
      expect(advice.text).toContain('kept safely on this tablet');
    },
  );
});
