// The photos screen with photos already stored: numbered in order, moved up and down, removed, and the count and
// space shown. (Processing real photos needs a browser: test/e2e/grant-application.test.ts.)
import { Blob as NodeBlob } from 'node:buffer';
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { addAttachment, listAttachments } from '../../../../src/app/db/attachments';
import { getRecord } from '../../../../src/app/db/records';
import { startGrant } from '../../../../src/app/features/grants/grant-store';
import { App } from '../../../../src/app/shell/app';
import { navigate } from '../../../../src/app/shell/router';
import type { GrantPayload } from '../../../../src/shared/grant/application';
import { freshDatabase } from '../../db/fresh-database';

beforeEach(() => {
  freshDatabase();
  URL.createObjectURL = () => 'blob:test';
  URL.revokeObjectURL = () => {};
});

const details = () => screen.getAllByTestId('photo-details').map((p) => p.textContent?.split(',')[0]);

describe('photos screen', () => {
  it('reorders and removes pages, keeping the payload’s photo list in page order', async () => {
    const record = await startGrant('Sam');
    const owner = { type: 'grant-application' as const, id: record.id };
    for (const name of ['a.jpg', 'b.jpg', 'c.jpg'])
      await addAttachment(owner, new NodeBlob([name], { type: 'image/jpeg' }) as unknown as Blob, name);
    navigate(`/grants/${record.id}/photos`);
    render(<App />);
    await waitFor(() => expect(details()).toEqual(['a.jpg', 'b.jpg', 'c.jpg']));
    expect(screen.getByTestId('photo-summary').textContent).toBe('3 pages, 15 bytes on this tablet.');
    fireEvent.click(screen.getByRole('button', { name: 'Move page 3 up' }));
    await waitFor(() => expect(details()).toEqual(['a.jpg', 'c.jpg', 'b.jpg']));
    fireEvent.click(screen.getByRole('button', { name: 'Move page 1 down' }));
    await waitFor(() => expect(details()).toEqual(['c.jpg', 'a.jpg', 'b.jpg']));
    fireEvent.click(screen.getByRole('button', { name: 'Remove page 2' }));
    await waitFor(() => expect(details()).toEqual(['c.jpg', 'b.jpg']));
    const photos = await listAttachments(record.id);
    await waitFor(async () =>
      expect((await getRecord<GrantPayload>('grant-application', record.id))?.payload.attachments).toEqual(
        photos.map((photo) => ({ sha256: photo.sha256 })),
      ),
    );
  });
});
