// GET /api/v1/records/{id}/eligibility: the shared rules run on the server with its current settings, data,
// postcode lookup and pot, beside the tablet's answer (which is never changed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importPostcodeFile } from '../../src/server/db/postcode-lookup';
import { newId } from '../../src/shared/ids';
import {
  change,
  checkPayload,
  makeUser,
  pushBody,
  signupPayload,
  type TestUser,
  testApi,
} from './support/api';
import { openTestDatabase, type TestDatabase } from './support/databases';

describe('eligibility rechecked on the server', () => {
  let database: TestDatabase;
  let api: ReturnType<typeof testApi>;
  let worker: TestUser;
  let coordinator: TestUser;
  const device = newId();

  beforeAll(async () => {
    database = await openTestDatabase('pglite');
    api = testApi(database.db);
    worker = await makeUser(database.db);
    coordinator = await makeUser(database.db, 'coordinator');
  });
  afterAll(() => database.close());

  async function pushed(recordType: string, payload: unknown) {
    const body = change({ recordType, payload });
    const response = await api.call('/api/v1/sync/push', {
      token: worker.token,
      json: pushBody(device, [body]),
    });
    expect(response.json.results[0].status).toBe('applied');
    return body.recordId as string;
  }
  const recheck = (id: string, token = coordinator.token) =>
    api.call(`/api/v1/records/${id}/eligibility`, { token });

  it('decides where a tablet without a postcode lookup could not, once the server has one', async () => {
    const id = await pushed('eligibility-check', checkPayload()); // SS1 9ZA, recorded as needs review
    const before = await recheck(id);
    expect(before.status).toBe(200);
    expect(before.json.result.reasons[0]).toMatchObject({ rule: 'home-area', code: 'no-postcode-lookup' });

    await importPostcodeFile(database.db, 'test/fixtures/postcodes/made-up-onspd.csv');
    const after = await recheck(id);
    expect(after.json.result.reasons.slice(0, 2)).toMatchObject([
      { code: 'in-local-authority', status: 'met' },
      { code: 'decile-within-threshold', status: 'met' },
    ]);
    expect(after.json.result.dataVersions.imd).toMatch(/^imd2025-[0-9a-f]{12}$/);
    const stored = await api.call(`/api/v1/records/${id}`, { token: coordinator.token });
    expect(stored.json.record.payload.result.outcome).toBe('needs-review');
  });

  it('checks a sign-up’s answers as a resident check, and a grant application against the pot', async () => {
    const signup = await pushed('signup', signupPayload({ postcode: 'SS9 9ZB' }));
    const resident = await recheck(signup);
    expect(resident.json.result.outcome).toBe('not-eligible');
    expect(resident.json.result.reasons[1]).toMatchObject({ code: 'decile-above-threshold' });

    const grant = await pushed('grant-application', {
      amountRequestedPence: 150_000,
      budget: [{ item: 'Hall hire', amountPence: 150_000 }],
      answers: {
        organisationType: 'charity',
        annualIncomePence: 1_000_000,
        areasServed: ['E06000033'],
        projectStart: '2022-12-01',
        projectEnd: '2023-06-30',
        receivedOn: '2022-11-15',
      },
      resumeAt: 'done',
    });
    const organisation = await recheck(grant);
    expect(organisation.json.result.outcome).toBe('eligible');
    expect(organisation.json.result.reasons.at(-1)).toMatchObject({ rule: 'funds', code: 'funds-available' });
  });

  it('is for coordinators only', async () => {
    const id = await pushed('eligibility-check', checkPayload());
    expect((await recheck(id, worker.token)).status).toBe(403);
    expect((await recheck(newId())).status).toBe(404);
  });
});
