// The photos screen with photos already stored: numbered in order, moved up and down, removed, and the count and
// space shown. (Processing real photos needs a browser: test/e2e/grant-application.test.ts.)
import { Blob as NodeBlob } from 'node:buffer';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { beforeEach, describe, expect, it, vi } from 'vitest';
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

  it('offers “Take a photo” and “Choose from files” as large NHS.UK buttons, each opening its own visually hidden file input', async () => {
    const record = await startGrant('Sam');
    navigate(`/grants/${record.id}/photos`);
    render(<App />);
    const camera = await screen.findByRole('button', { name: 'Take a photo' });
    const files = screen.getByRole('button', { name: 'Choose from files' });
    for (const button of [camera, files]) {
      // A real button (Tab reaches it; Enter and Space press it), styled as the NHS.UK secondary button.
      expect(button.tagName).toBe('BUTTON');
      expect(button.getAttribute('type')).toBe('button');
      expect(button.tabIndex).toBe(0);
      expect(button.classList.contains('nhsuk-button')).toBe(true);
      expect(button.classList.contains('nhsuk-button--secondary')).toBe(true);
      expect(button.classList.contains('nhsuk-button--small')).toBe(false);
      expect(button.getAttribute('aria-describedby')).toBe('photo-hint');
    }
    const cameraInput = screen.getByLabelText('Take a photo of the next page') as HTMLInputElement;
    const filesInput = screen.getByLabelText('Choose photos from the tablet’s files') as HTMLInputElement;
    expect(cameraInput.type).toBe('file');
    expect(cameraInput.getAttribute('capture')).toBe('environment');
    expect(cameraInput.accept).toBe('image/*');
    expect(cameraInput.multiple).toBe(false);
    expect(filesInput.type).toBe('file');
    expect(filesInput.hasAttribute('capture')).toBe(false);
    expect(filesInput.accept).toBe('image/*');
    expect(filesInput.multiple).toBe(true);
    for (const input of [cameraInput, filesInput]) {
      // Out of sight and out of the Tab order: the button is the control.
      expect(input.classList.contains('nhsuk-u-visually-hidden')).toBe(true);
      expect(input.tabIndex).toBe(-1);
      expect(input.closest('[aria-hidden="true"]')).toBeTruthy();
    }
    // One button per action for screen readers: the file inputs (buttons to them too) are hidden.
    expect(
      screen.getAllByRole('button', { name: /photo|file/i }).map((button) => button.textContent),
    ).toEqual(['Take a photo', 'Choose from files']);
    const openCamera = vi.spyOn(cameraInput, 'click').mockImplementation(() => {});
    const openFiles = vi.spyOn(filesInput, 'click').mockImplementation(() => {});
    fireEvent.click(camera);
    expect(openCamera).toHaveBeenCalledTimes(1);
    expect(openFiles).not.toHaveBeenCalled();
    fireEvent.click(files);
    expect(openFiles).toHaveBeenCalledTimes(1);
  });

  it('refuses a file that is not a photo beside the buttons, and the error summary link moves to “Choose from files”', async () => {
    const record = await startGrant('Sam');
    navigate(`/grants/${record.id}/photos`);
    render(<App />);
    const filesInput = (await screen.findByLabelText(
      'Choose photos from the tablet’s files',
    )) as HTMLInputElement;
    const notes = new File(['not a photo'], 'notes.txt', { type: 'text/plain' });
    fireEvent.change(filesInput, { target: { files: [notes] } });
    const summary = await screen.findByRole('alert');
    const link = within(summary).getByRole('link', { name: /notes\.txt/ });
    expect(screen.getByText(/notes\.txt/, { selector: '.nhsuk-error-message' })).toBeTruthy();
    const button = screen.getByRole('button', { name: 'Choose from files' });
    expect(button.getAttribute('aria-describedby')).toBe('photo-hint photo-error');
    fireEvent.click(link);
    expect(document.activeElement).toBe(button);
  });
});
