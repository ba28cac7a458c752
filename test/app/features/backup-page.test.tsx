// The backup screen: a refused or failed restore is explained next to the file field and nothing is imported.
import { fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportBackup } from '../../../src/app/db/backup';
import type { AnchorDatabase } from '../../../src/app/db/database';
import { countRecords, createRecord } from '../../../src/app/db/records';
import { BackupPage } from '../../../src/app/features/backup/backup-page';
import { freshDatabase } from '../db/fresh-database';

let db: AnchorDatabase;
beforeEach(() => {
  db = freshDatabase();
});

function chooseFile(file: File) {
  const input = screen.getByLabelText('Backup file') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
  return input;
}

describe('Restore from a backup', () => {
  it('asks for a file when none was chosen', async () => {
    render(<BackupPage />);
    fireEvent.click(screen.getByText('Restore backup'));
    await screen.findByText('Select a backup file');
  });

  it('refuses a foreign file with a summary that links to the field, and an inline message', async () => {
    render(<BackupPage />);
    const input = chooseFile(new File(['name,postcode\nAda,SS1 1AA'], 'residents.csv', { type: 'text/csv' }));
    fireEvent.click(screen.getByText('Restore backup'));
    const summary = await screen.findByRole('alert');
    expect(summary.textContent).toContain('There is a problem');
    expect(summary.querySelector('a')?.getAttribute('href')).toBe('#backup-file');
    await waitFor(() => expect(document.activeElement).toBe(summary));
    expect(document.getElementById('backup-file-error')?.textContent).toMatch(
      /not an Anchor Outreach backup/,
    );
    expect(input.getAttribute('aria-describedby')).toContain('backup-file-error');
    // The chosen file stays chosen, and nothing was imported.
    expect(input.files?.[0]?.name).toBe('residents.csv');
    expect((await countRecords()).signup.draft).toBe(0);
  });

  it('tells the worker plainly when the tablet is full, and keeps their choice on screen', async () => {
    await createRecord('signup', { firstName: 'Ada' });
    const backup = await exportBackup();
    db = freshDatabase();
    db.signups.hook('creating', () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    render(<BackupPage />);
    const input = chooseFile(new File([backup.blob], backup.fileName, { type: 'application/json' }));
    fireEvent.click(screen.getByText('Restore backup'));
    await screen.findByText(/This tablet has run out of space/, { selector: 'a' });
    expect(input.files?.[0]?.name).toBe(backup.fileName);
    expect((await countRecords()).signup.draft).toBe(0);
  });

  it('restores a good file and says how many records were added', async () => {
    await createRecord('signup', { firstName: 'Ada' });
    await createRecord('signup', { firstName: 'Grace' });
    const backup = await exportBackup();
    freshDatabase();
    render(<BackupPage />);
    chooseFile(new File([backup.blob], backup.fileName, { type: 'application/json' }));
    fireEvent.click(screen.getByText('Restore backup'));
    const summary = await screen.findByTestId('import-summary');
    expect(summary.textContent).toContain('2 records were added to this tablet');
    expect((await countRecords()).signup.draft).toBe(2);
  });
});
