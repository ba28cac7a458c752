// @vitest-environment node
// The tablet tells the server, on pull, how many of the unlocked worker's records it still holds unsent (a record
// the server refused stays on the tablet as needing attention), and the server keeps it with the last contact.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import { getDeviceInfo } from '../../../src/app/db/device';
import { createRecord, markReady } from '../../../src/app/db/records';
import { runSync } from '../../../src/app/sync/engine';
import { devices } from '../../../src/server/db/schema';
import { signupPayload } from '../../server/support/api';
import { signedInAs } from '../db/signed-in';
import { useInProcessServer } from './support/in-process-server';

// Opening and migrating the server's PGlite in the harness's beforeAll can pass the unit project's 10 s on a busy
// machine.
vi.setConfig({ hookTimeout: 120_000, testTimeout: 60_000 });
const harness = useInProcessServer();

describe('the unsent count a tablet reports', () => {
  it('is the worker’s records left unsent after the run, stored against this tablet with its last contact', async () => {
    await signedInAs(harness.worker.id);
    const good = await createRecord('signup', signupPayload({ firstName: 'Ada' }));
    await markReady('signup', good.id);
    // The server refuses a sign-up without a first name: it stays on the tablet, needing the worker.
    const refused = await createRecord('signup', signupPayload({ firstName: '' }));
    await markReady('signup', refused.id);

    const started = Date.now();
    expect(await runSync(harness.client(), { workerId: harness.worker.id })).toMatchObject({ state: 'done' });

    const { deviceId } = await getDeviceInfo();
    const [row] = await harness.server.db
      .select()
      .from(devices)
      .where(and(eq(devices.id, deviceId), eq(devices.accountId, harness.worker.id)));
    expect(row?.pendingCount).toBe(1);
    expect(row?.lastContactAt?.getTime()).toBeGreaterThanOrEqual(started - 1000);
  });
});
