// @vitest-environment node
// Two workers on one tablet, against the real central endpoint built in-process on PGlite: each run sends only
// the signed-in worker's records, each owned by that worker on the server; records made before anyone signed in
// wait until a worker claims them; signing in binds the token to this tablet's device id.
import { describe, expect, it } from 'vitest';
import { getDeviceInfo } from '../../../src/app/db/device';
import { listOutbox } from '../../../src/app/db/outbox';
import { claimUnownedRecords, createRecord, getRecord, markReady } from '../../../src/app/db/records';
import { createApiClient } from '../../../src/app/sync/api-client';
import { runSync } from '../../../src/app/sync/engine';
import { signIn } from '../../../src/app/sync/sign-in';
import { makeUser, signupPayload } from '../../server/support/api';
import { signedInAs, signedOut } from '../db/signed-in';
import { useInProcessServer } from './support/in-process-server';

const harness = useInProcessServer();

const clientFor = (token: string) =>
  createApiClient({
    baseUrl: 'http://central.test',
    fetch: async (url, init) => harness.app.request(url, init),
    token: () => token,
  });

async function readySignupBy(workerId: string | null, firstName: string) {
  if (workerId) await signedInAs(workerId);
  else await signedOut();
  const record = await createRecord('signup', signupPayload({ firstName }));
  return markReady('signup', record.id);
}

/** Who the server says owns a record, or null when it does not have it. */
async function ownerOnServer(id: string): Promise<string | null> {
  const response = await harness.app.request(`/api/v1/records/${id}`, {
    headers: { authorization: `Bearer ${harness.coordinator.token}` },
  });
  return response.status === 200 ? ((await response.json()) as { ownerId: string }).ownerId : null;
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
    // Grace's record waits for Grace: it was not sent as Ada's.
    expect(await ownerOnServer(graces[0]?.id as string)).toBeNull();
    expect((await getRecord('signup', graces[0]?.id as string))?.status).toBe('ready');

    await signedInAs(grace.id);
    expect(await runSync(clientFor(grace.token), { workerId: grace.id })).toEqual({ state: 'done', sent: 1 });
    expect(await ownerOnServer(graces[0]?.id as string)).toBe(grace.id);
    expect(await listOutbox()).toEqual([]);
  });

  it('keeps a record made before anyone signed in until a worker claims it, then sends it as theirs', async () => {
    const ada = await makeUser(harness.server.db);
    const unowned = await readySignupBy(null, 'Nobody');
    await signedInAs(ada.id);
    expect(await runSync(clientFor(ada.token), { workerId: ada.id })).toEqual({ state: 'done', sent: 0 });
    expect(await ownerOnServer(unowned.id)).toBeNull();

    expect(await claimUnownedRecords(ada.id)).toBe(1);
    expect((await listOutbox()).map((change) => change.workerId)).toEqual([ada.id]);
    expect(await runSync(clientFor(ada.token), { workerId: ada.id })).toEqual({ state: 'done', sent: 1 });
    expect(await ownerOnServer(unowned.id)).toBe(ada.id);
  });

  it('signs in with this tablet’s device id, so the token works here and is refused for another device', async () => {
    const { createAccount } = await import('../../../src/server/auth/accounts');
    const username = `bound-${Date.now()}`;
    await createAccount(harness.server.db, {
      username,
      password: 'a long enough passphrase',
      role: 'worker',
    });
    const unauthenticated = createApiClient({
      baseUrl: 'http://central.test',
      fetch: async (url, init) => harness.app.request(url, init),
      token: () => undefined,
    });
    const { session } = await signIn(unauthenticated, username, 'a long enough passphrase');
    const here = (await getDeviceInfo()).deviceId;
    const record = await readySignupBy(session.user.id, 'Bound');
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
});
