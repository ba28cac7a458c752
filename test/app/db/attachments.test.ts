// @vitest-environment node
// Photos kept beside a record: stored with their SHA-256 in order, reordered and removed in one transaction each,
// with page numbers never leaving gaps, and the space they take.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  addAttachment,
  attachmentsSize,
  listAttachments,
  moveAttachment,
  readAttachment,
  removeAttachment,
  sha256Hex,
} from '../../../src/app/db/attachments';
import { StoreError } from '../../../src/app/db/errors';
import { createRecord } from '../../../src/app/db/records';
import { freshDatabase } from './fresh-database';

beforeEach(() => {
  freshDatabase();
});

async function threePhotos() {
  const record = await createRecord('grant-application', { answers: {} });
  const owner = { type: 'grant-application' as const, id: record.id };
  for (const [index, text] of ['first page', 'second page!', 'third page, longer'].entries()) {
    await addAttachment(owner, new Blob([text], { type: 'image/jpeg' }), `page-${index + 1}.jpg`);
  }
  return record.id;
}
const names = async (id: string) => (await listAttachments(id)).map((row) => [row.name, row.position]);

describe('attachments', () => {
  it('stores each photo with its hash, size and place, and reads its bytes back', async () => {
    const id = await threePhotos();
    const rows = await listAttachments(id);
    expect(rows.map((row) => row.position)).toEqual([0, 1, 2]);
    const first = rows[0] as (typeof rows)[number];
    expect(first.sha256).toBe(await sha256Hex(new TextEncoder().encode('first page')));
    expect(await (await readAttachment(first.id))?.text()).toBe('first page');
    expect(await attachmentsSize(id)).toEqual({ count: 3, bytes: 10 + 12 + 18 });
  });

  it.each([
    [
      'the last page up',
      2,
      'up',
      [
        ['page-1.jpg', 0],
        ['page-3.jpg', 1],
        ['page-2.jpg', 2],
      ],
    ],
    [
      'the first page down',
      0,
      'down',
      [
        ['page-2.jpg', 0],
        ['page-1.jpg', 1],
        ['page-3.jpg', 2],
      ],
    ],
    [
      'the first page up (nothing moves)',
      0,
      'up',
      [
        ['page-1.jpg', 0],
        ['page-2.jpg', 1],
        ['page-3.jpg', 2],
      ],
    ],
    [
      'the last page down (nothing moves)',
      2,
      'down',
      [
        ['page-1.jpg', 0],
        ['page-2.jpg', 1],
        ['page-3.jpg', 2],
      ],
    ],
  ] as const)('moves %s', async (_case, index, direction, expected) => {
    const id = await threePhotos();
    const photo = (await listAttachments(id))[index] as { id: string };
    await moveAttachment(photo.id, direction);
    expect(await names(id)).toEqual(expected);
  });

  it('removes a page and renumbers the rest without gaps', async () => {
    const id = await threePhotos();
    const [, second] = await listAttachments(id);
    await removeAttachment((second as { id: string }).id);
    expect(await names(id)).toEqual([
      ['page-1.jpg', 0],
      ['page-3.jpg', 1],
    ]);
    expect((await attachmentsSize(id)).count).toBe(2);
    await expect(removeAttachment((second as { id: string }).id)).rejects.toMatchObject({
      kind: 'not-found',
    });
    await expect(removeAttachment('missing')).rejects.toBeInstanceOf(StoreError);
  });
});
