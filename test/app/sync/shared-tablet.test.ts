// @vitest-environment node
// Shared tablets against the real central endpoint built in-process on PGlite: each run sends only the unlocked
// worker's records, each owned by that worker on the server, and each worker sees only theirs; records from before
// encryption wait until a worker claims them; signing in binds the token to this tablet's device id and recovers
// the worker's key through the server; a worker disabled centrally loses their sent records from the tablet.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { database } from '../../../src/app/db/connection';
import { getDeviceInfo } from '../../../src/app/db/device';
import {
  lock,
  PASSCODE_MAX_FAILURES,
  setPasscode,
  unlockedWorker,
  unlockWithPasscode,
} from '../../../src/app/db/keyring';
import { listOutbox } from '../../../src/app/db/outbox';
import {
  claimUnownedRecords,
  createRecord,
  getRecord,
  listRecords,
  markReady,
} from '../../../src/app/db/records';
import { createApiClient } from '../../../src/app/sync/api-client';
import { runSync } from '../../../src/app/sync/engine';
import { signIn } from '../../../src/app/sync/sign-in';
import { createAccount, disableAccount } from '../../../src/server/auth/accounts';
import { deviceWipes } from '../../../src/server/db/schema';
import { makeUser, signupPayload } from '../../server/support/api';
import { madeBeforeEncryption } from '../db/legacy-records';
import { signedInAs } from '../db/signed-in';
import { useInProcessServer } from './support/in-process-server';

const harness = useInProcessServer();

const PASSWORD = 'a long enough passphrase';

/** The client the sign-in page uses: no token until the sign-in gives one. */
const unauthenticated = () =>
  createApiClient({
    baseUrl: 'http://central.test',
    fetch: async (url, init) => harness.app.request(url, init),
    token: () => undefined,
  });

const clientFor = (token: string) =>
  createApiClient({
    baseUrl: 'http://central.test',
    fetch: async (url, init) => harness.app.request(url, init),
    token: () => token,
  });

async function readySignupBy(workerId: string, firstName: string) {
  await signedInAs(workerId);
  const record = await createRecord('signup', signupPayload({ firstName }));
  return markReady('signup', record.id);
}

/** Who the server says owns a record, or null when it does not have it. */
async function ownerOnServer(id: string): Promise<string | null> {
  const response = await harness.app.request(`/api/v1/records/${id}`, {
    headers: { authorization: `Bearer ${harness.coordinator.token}` },
  });
  return response.status === 200
    ? ((await response.json()) as { record: { ownerId: string } }).record.ownerId
    : null;
}

describe('two workers on one tablet', () => {
  it('each run sends only the signed-in worker’s records, each owned by that worker on the server', async () => {
    const ada = await makeUser(harness.server.db);
    const grace = await makeUser(harness.server.db);
    const adas = [await readySignupBy(ada.id, 'Ada'), await readySignupBy(ada.id, 'Ada 2')];
    const graces = [await readySignupBy(grace.id, 'Grace')];

    await signedInAs(ada.id);
    expect(await runSync(clientFor(ada.token), { workerId: ada.id })).toEqual({ state: 'done', sent: 2 });
    for (const record of adas) expect(await ownerOnServer(record.id)).toBe(ada.id);
    // Grace's record waits for Grace: it was not sent as Ada's, and Ada's list does not show it.
    expect(await ownerOnServer(graces[0]?.id as string)).toBeNull();
    expect((await listRecords({ type: 'signup' })).records.map((record) => record.id).sort()).toEqual(
      adas.map((record) => record.id).sort(),
    );

    await signedInAs(grace.id);
    expect((await listRecords({ type: 'signup' })).records.map((record) => record.id)).toEqual([
      graces[0]?.id,
    ]);
    expect((await getRecord('signup', graces[0]?.id as string))?.status).toBe('ready');
    expect(await runSync(clientFor(grace.token), { workerId: grace.id })).toEqual({ state: 'done', sent: 1 });
    expect(await ownerOnServer(graces[0]?.id as string)).toBe(grace.id);
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps a record from before encryption that nobody owned until a worker claims it, then sends it as theirs', async () => {
    const ada = await makeUser(harness.server.db);
    const unowned = await readySignupBy('maker', 'Nobody');
    await madeBeforeEncryption([unowned], ada.id);
    await signedInAs(ada.id);
    expect(await runSync(clientFor(ada.token), { workerId: ada.id })).toEqual({ state: 'done', sent: 0 });
    expect(await ownerOnServer(unowned.id)).toBeNull();

    expect(await claimUnownedRecords(ada.id)).toBe(1);
    expect((await listOutbox()).map((change) => [change.workerId, change.payload.codec])).toEqual([
      [ada.id, 'aes-gcm-1'],
    ]);
    expect(await runSync(clientFor(ada.token), { workerId: ada.id })).toEqual({ state: 'done', sent: 1 });
    expect(await ownerOnServer(unowned.id)).toBe(ada.id);
  });

  it('signs in with this tablet’s device id, so the token works here and is refused for another device', async () => {
    const username = `bound-${Date.now()}`;
    await createAccount(harness.server.db, {
      username,
      password: 'a long enough passphrase',
      role: 'worker',
    });
    const { session } = await signIn(unauthenticated(), username, 'a long enough passphrase');
    const here = (await getDeviceInfo()).deviceId;
    const record = await markReady(
      'signup',
      (await createRecord('signup', signupPayload({ firstName: 'Bound' }))).id,
    );
    expect(await runSync(clientFor(session.token), { workerId: session.user.id })).toEqual({
      state: 'done',
      sent: 1,
    });
    expect(await ownerOnServer(record.id)).toBe(session.user.id);

    // The same token naming another device id is refused: it was issued to this tablet.
    const elsewhere = await harness.app.request(
      '/api/v1/sync/pull?cursor=0&deviceId=01890a5d-ac96-774b-bcce-b30209900099',
      {
        headers: { authorization: `Bearer ${session.token}` },
      },
    );
    expect(elsewhere.status).toBe(403);
    expect(((await elsewhere.json()) as { error: { code: string } }).error.code).toBe(
      'token-for-another-device',
    );
    expect(here).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('recovers a locked-out worker’s key through the server at their next online sign-in, losing no record', async () => {
    const username = `recover-${Date.now()}`;
    await createAccount(harness.server.db, { username, password: PASSWORD, role: 'worker' });
    const { session, needsPasscode } = await signIn(unauthenticated(), username, PASSWORD);
    expect(needsPasscode).toBe(true);
    await setPasscode('135790');
    const record = await createRecord('signup', signupPayload({ firstName: 'Kept' }));
    lock();
    for (let i = 0; i < PASSCODE_MAX_FAILURES; i++) {
      await unlockWithPasscode(session.user.id, '000000', new Date(Date.now() + i * 3_600_000));
    }
    expect(await unlockWithPasscode(session.user.id, '135790')).toEqual({
      ok: false,
      reason: 'needs-sign-in',
    });

    // Online again: the server's recovery key for this worker and tablet opens the same data key.
    const again = await signIn(unauthenticated(), username, PASSWORD);
    expect(again.needsPasscode).toBe(true);
    expect((await getRecord('signup', record.id))?.payload).toEqual(record.payload);
  });

  it('removes a disabled worker’s sent records when another worker syncs, keeps their unsent ones locked, and reports it', async () => {
    const { deviceId } = await getDeviceInfo();
    const ada = await makeUser(harness.server.db);
    const grace = await makeUser(harness.server.db);
    const sent = await readySignupBy(ada.id, 'Sent');
    expect(await runSync(clientFor(ada.token), { workerId: ada.id })).toMatchObject({ state: 'done' });
    const waiting = await readySignupBy(ada.id, 'Waiting');
    const gracesOwn = await readySignupBy(grace.id, 'Grace');

    await disableAccount(harness.server.db, ada.username);
    // Grace's next sync hears that Ada is disabled: Ada's sent record goes, her waiting one stays sealed.
    expect(await runSync(clientFor(grace.token), { workerId: grace.id })).toMatchObject({ state: 'done' });
    const db = database();
    expect(await db.signups.get(sent.id)).toBeUndefined();
    const kept = await db.signups.get(waiting.id);
    expect(kept?.status).toBe('ready');
    expect(JSON.stringify(kept)).not.toContain('Waiting');
    expect(await ownerOnServer(gracesOwn.id)).toBe(grace.id);
    const reports = await harness.server.db
      .select()
      .from(deviceWipes)
      .where(eq(deviceWipes.accountId, ada.id));
    expect(reports.map(({ deviceId: device, kept, removed }) => ({ device, kept, removed }))).toEqual([
      { device: deviceId, kept: 1, removed: 1 },
    ]);
    // Reported: the next pull no longer lists her.
    const pull = await clientFor(grace.token).pull('0', deviceId);
    expect(pull.disabledWorkers).toEqual([]);
  });

  it('removes the unlocked worker’s sent records when the server says they are disabled, and locks the tablet', async () => {
    const ada = await makeUser(harness.server.db);
    const sent = await readySignupBy(ada.id, 'Sent');
    expect(await runSync(clientFor(ada.token), { workerId: ada.id })).toMatchObject({ state: 'done' });
    const waiting = await readySignupBy(ada.id, 'Waiting');
    await disableAccount(harness.server.db, ada.username);

    expect(await runSync(clientFor(ada.token), { workerId: ada.id, token: ada.token })).toMatchObject({
      state: 'needs-sign-in',
    });
    expect(unlockedWorker()).toBeNull();
    const db = database();
    expect(await db.signups.get(sent.id)).toBeUndefined();
    expect((await db.signups.get(waiting.id))?.status).toBe('ready');
    const reports = await harness.server.db
      .select()
      .from(deviceWipes)
      .where(eq(deviceWipes.accountId, ada.id));
    expect(reports.map(({ kept, removed, reportedBy }) => ({ kept, removed, reportedBy }))).toEqual([
      { kept: 1, removed: 1, reportedBy: ada.id },
    ]);
  });
});
