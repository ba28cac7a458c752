// @vitest-environment node
// A finished grant application with its photos, pushed by the sync engine to the real endpoint (in-process,
// PGlite): photos first, then the record, which names them; nothing sent twice; a budget that does not add up is
// refused for that record alone and can be corrected.
import { describe, expect, it } from 'vitest';
import { addAttachment } from '../../../src/app/db/attachments';
import { getRecord } from '../../../src/app/db/records';
import { saveGrantPage, startGrant, submitGrant } from '../../../src/app/features/grants/grant-store';
import { runSync } from '../../../src/app/sync/engine';
import { useInProcessServer } from './support/in-process-server';

const harness = useInProcessServer();
const { requests } = harness;
const client = () => harness.client();

const JPEG = (n: number) =>
  new Blob([new Uint8Array([0xff, 0xd8, 0xff, n, 1, 2, 3, 0xff, 0xd9])], { type: 'image/jpeg' });

async function finishedGrant(budgetPence: number[]) {
  const record = await startGrant('Sam');
  const owner = { type: 'grant-application' as const, id: record.id };
  await addAttachment(owner, JPEG(1), 'page-1.jpg');
  await addAttachment(owner, JPEG(2), 'page-2.jpg');
  await saveGrantPage(record.id, 'money', { otherFunding: '' }, 'check-answers', {
    amountRequestedPence: 150_000,
    budget: budgetPence.map((amountPence, i) => ({ item: `Line ${i + 1}`, amountPence })),
  });
  await submitGrant(record.id);
  return record.id;
}

describe('a grant application with photos, synced', () => {
  it('uploads the photos, then the record naming them in page order, once', async () => {
    const id = await finishedGrant([100_000, 50_000]);
    expect(await runSync(client())).toMatchObject({ state: 'done', sent: 1 });
    expect(requests.filter((r) => r.startsWith('PUT /api/v1/attachments/'))).toHaveLength(2);
    const response = await harness.app.request(`/api/v1/records/${id}`, {
      headers: { authorization: `Bearer ${harness.coordinator.token}` },
    });
    const onServer = (
      (await response.json()) as {
        record: { payload: { attachments: { sha256: string }[]; amountRequestedPence: number } };
      }
    ).record;
    expect(onServer.payload.amountRequestedPence).toBe(150_000);
    expect(onServer.payload.attachments).toHaveLength(2);
    for (const { sha256 } of onServer.payload.attachments) {
      const head = await harness.app.request(`/api/v1/attachments/${sha256}`, {
        method: 'HEAD',
        headers: { authorization: `Bearer ${harness.worker.token}` },
      });
      expect(head.status).toBe(200);
    }
    expect((await getRecord('grant-application', id))?.status).toBe('synced');
    requests.length = 0;
    await runSync(client());
    expect(requests.some((r) => r.includes('/attachments/'))).toBe(false);
  });

  it('has a budget that does not add up refused with its reason, and sends it once corrected', async () => {
    const id = await finishedGrant([100_000, 40_000]);
    await runSync(client());
    const refused = await getRecord('grant-application', id);
    expect(refused?.status).toBe('needs-attention');
    expect(refused?.problem?.message).toMatch(/budget/i);
    await saveGrantPage(id, 'money', { otherFunding: '' }, 'check-answers', {
      amountRequestedPence: 150_000,
      budget: [{ item: 'Line 1', amountPence: 150_000 }],
    });
    await submitGrant(id);
    expect(await runSync(client())).toMatchObject({ state: 'done', sent: 1 });
    expect((await getRecord('grant-application', id))?.status).toBe('synced');
  });
});
